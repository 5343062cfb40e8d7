"""E-mail intake throughput: ``.venv/bin/python -m bench.ingest_email --messages 1000``.

Generates a mailbox of N messages (new mail in English and Russian in several charsets, replies
that thread by References, HTML-only mail, mail with attachments, auto-replies, duplicates) into
an mbox in a temp dir, then times ``manage.py ingest_email --json`` over it as a real process
against the bench database (helpdesk_bench; demo and test data are untouched).

The baseline, measured in the same run, is parsing alone (``parse_email`` over the same
messages in this process): the ratio says what storing, deciding and the ticket services cost
on top of reading the MIME. A second, in-process pass over a sample of each kind times every
message, to name the slowest case."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.local")
os.environ["HELPDESK_DATABASE_NAME"] = "helpdesk_bench"
WORK = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tests.mail import messages as m  # noqa: E402
from tickets.channels.email_parse import parse_email  # noqa: E402
from tickets.services.inbound_email import email_ingest  # noqa: E402

TABLES = [
    "metrics_ticketfacts",
    "tickets_inboundemail",
    "tickets_outboundemail",
    "tickets_attachment",
    "tickets_ticketevent",
    "tickets_message",
    "tickets_ticket",
    "tickets_customer",
]
RUSSIAN = "Здравствуйте! Принтер в бухгалтерии не печатает, горит красная лампочка. " * 3
ENGLISH = "Hello, the printer on the second floor shows a paper jam but there is no paper. " * 3


def reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")  # noqa: S608 - fixed names


def generate(count: int, seed: int = 5) -> list[tuple[str, bytes]]:
    """(kind, raw) pairs; replies point at earlier new mail of the same sender."""
    rng = random.Random(seed)
    out: list[tuple[str, bytes]] = []
    sent: list[tuple[str, str]] = []  # (sender, message id) of new mail
    kinds = ["new_en"] * 30 + ["new_ru"] * 20 + ["reply"] * 25 + ["html"] * 8
    kinds += ["attachment"] * 7 + ["auto_reply"] * 7 + ["duplicate"] * 3
    for number in range(count):
        kind = rng.choice(kinds) if sent else "new_en"
        sender = f"customer{rng.randrange(300)}@example.org"
        if kind == "new_en":
            message_id = m.new_message_id()
            raw = m.build(sender=sender, subject=f"Printer {number}", text=ENGLISH,
                          message_id=message_id)  # fmt: skip
            sent.append((sender, message_id))
        elif kind == "new_ru":
            charset = rng.choice(["koi8-r", "windows-1251", "utf-8"])
            message_id = m.new_message_id()
            raw = m.build(
                sender=m.address("Иван Петров", sender, charset),
                subject=f"Принтер не печатает {number}",
                body=m.text_part(RUSSIAN, charset=charset, encoding="quoted-printable"),
                charset=charset,
                message_id=message_id,
            )
            sent.append((sender, message_id))
        elif kind == "reply":
            sender, parent = rng.choice(sent)
            text = "Thanks, still broken.\n\nOn Mon, Mar 2, 2026 Support wrote:\n> " + ENGLISH
            raw = m.reply(to_message_id=parent, sender=sender, text=text)
        elif kind == "html":
            raw = m.build(sender=sender, body=m.html_part(f"<p>{ENGLISH}</p>" * 5))
        elif kind == "attachment":
            raw = m.build(
                sender=sender,
                body=m.multipart(
                    "mixed",
                    [
                        m.text_part(ENGLISH),
                        m.file_part("скан.pdf", rng.randbytes(200_000), name_style="2231"),
                    ],
                ),
            )
        elif kind == "auto_reply":
            raw = m.reply(
                to_message_id=rng.choice(sent)[1],
                subject="Out of office",
                headers={"Auto-Submitted": "auto-replied"},
            )
        else:  # a message delivered twice
            raw = out[rng.randrange(len(out))][1]
        out.append((kind, raw))
    return out


def run_command(mbox: Path) -> tuple[float, Counter]:
    start = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own interpreter and a path we made
        [sys.executable, "manage.py", "ingest_email", "--json", str(mbox)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=True,
    )
    elapsed = time.perf_counter() - start
    outcomes = Counter(json.loads(line)["outcome"] for line in completed.stdout.splitlines())
    return elapsed, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_email")
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="per kind, for the slowest case")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    reset()
    mail = generate(args.messages)
    mbox = m.write_mbox(WORK / "bench.mbox", [raw for _kind, raw in mail])
    size = mbox.stat().st_size
    print(f"mailbox  {len(mail)} messages, {size / 1e6:.1f} MB, {mbox}")
    one, five, fifteen = os.getloadavg()
    print(f"load     {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores")

    start = time.perf_counter()
    for _kind, raw in mail:
        parse_email(raw)
    parse_seconds = time.perf_counter() - start
    print(f"baseline parse_email only      {len(mail) / parse_seconds:8.1f} msg/s")

    command_seconds, outcomes = run_command(mbox)
    rate = len(mail) / command_seconds
    print(
        f"command  manage.py ingest_email {rate:8.1f} msg/s   "
        f"({command_seconds:.1f} s, ratio {command_seconds / parse_seconds:.1f}x parsing)"
    )
    print("outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))

    # Per-message timings, in process, on a fresh database: which kind of mail is slowest.
    reset()
    per_kind: dict[str, list[float]] = defaultdict(list)
    for kind, raw in mail:
        if len(per_kind[kind]) >= args.sample:
            continue
        started = time.perf_counter()
        email_ingest(raw, source="command")
        per_kind[kind].append(time.perf_counter() - started)
    for kind, samples in sorted(per_kind.items(), key=lambda item: -statistics.median(item[1])):
        print(
            f"case     {kind:<11} median {statistics.median(samples) * 1e3:7.1f} ms   "
            f"max {max(samples) * 1e3:7.1f} ms   (n={len(samples)})"
        )
    reset()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
