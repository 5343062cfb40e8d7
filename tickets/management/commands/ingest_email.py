"""``manage.py ingest_email PATH [PATH ...]``: feed raw mail to the intake service.

Each PATH is a file holding one raw message, an mbox file, or a Maildir folder. With ``--json``
one JSON object per message is printed on its own line: ``{"source": "<file or file#n>",
"outcome": "...", "ticket": "HD-000123" or null, "reason": "..."}``.
Every message is handled whatever its outcome (exit status 0); only a crash exits non-zero."""

from __future__ import annotations

import json
import mailbox
import re
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tickets.models import InboundEmail
from tickets.services.inbound_email import email_ingest

FROM_QUOTED_RE = re.compile(rb"^>(>*From )", re.MULTILINE)


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def messages_in(path: Path) -> Iterator[tuple[str, bytes]]:
    """(source label, raw bytes) of every message under ``path``."""
    if path.is_dir():
        if not all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            raise CommandError(f"{path} is a folder but not a Maildir (cur/, new/, tmp/)")
        box = mailbox.Maildir(str(path), factory=None, create=False)
        for number, key in enumerate(sorted(box.keys()), start=1):
            with box.get_file(key) as handle:
                yield f"{path}#{number}", handle.read()
        return
    if not path.is_file():
        raise CommandError(f"{path} does not exist")
    if _is_mbox(path):
        box = mailbox.mbox(str(path), factory=None, create=False)
        try:
            for number, key in enumerate(box.iterkeys(), start=1):
                # get_bytes drops the "From " separator line but keeps the quoting of body
                # lines that started with "From "; undo it the mboxrd way (one ">" less).
                yield f"{path}#{number}", FROM_QUOTED_RE.sub(rb"\1", box.get_bytes(key))
        finally:
            box.close()
        return
    yield str(path), path.read_bytes()


class Command(BaseCommand):
    help = "Ingest raw e-mail from files of one message each, mbox files or Maildir folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="one JSON line per message")

    def handle(self, *args, **options):
        paths, as_json = options["paths"], options["json"]
        counts: dict[str, int] = {}
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(f"not found: {', '.join(missing)}")
        for raw_path in paths:
            for source, raw in messages_in(Path(raw_path)):
                result = email_ingest(raw, source=InboundEmail.Source.COMMAND)
                counts[result.outcome] = counts.get(result.outcome, 0) + 1
                line = {
                    "source": source,
                    "outcome": result.outcome,
                    "ticket": result.ticket.reference if result.ticket else None,
                    "reason": result.reason,
                }
                if as_json:
                    self.stdout.write(json.dumps(line, ensure_ascii=False))
                else:
                    ticket = f" {line['ticket']}" if line["ticket"] else ""
                    reason = f" ({line['reason']})" if line["reason"] else ""
                    self.stdout.write(f"{source}: {result.outcome}{ticket}{reason}")
        if not as_json:
            summary = ", ".join(f"{outcome} {count}" for outcome, count in sorted(counts.items()))
            self.stderr.write(summary or "no messages")
