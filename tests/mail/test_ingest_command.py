"""``manage.py ingest_email``: files, mbox and Maildir in, one JSON line per message out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.mail import messages
from tickets.models import InboundEmail, Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root, db):
    """Raw mail in a throw-away media root; new mail has a team to go to."""
    Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})


def run(*args) -> list[dict]:
    out = StringIO()
    call_command("ingest_email", *map(str, args), "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_files_mbox_and_maildir_each_message_on_its_own_line(tmp_path):
    single = tmp_path / "one.eml"
    single.write_bytes(messages.build(subject="Single file", message_id="<single@x>"))
    mbox = messages.write_mbox(
        tmp_path / "box.mbox",
        [
            messages.build(subject="From the mbox", message_id="<m1@x>"),
            # a line starting with "From " inside the body must survive mbox quoting
            messages.build(text="Hello\nFrom here on it works", message_id="<m2@x>"),
            messages.build(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}),
            messages.build(message_id="<single@x>"),  # duplicate of the single file
        ],
    )
    maildir = messages.write_maildir(
        tmp_path / "Maildir",
        [messages.build(sender="no-address", subject="Broken", message_id="<broken@x>")],
    )

    lines = run(single, mbox, maildir)

    assert [(line["source"], line["outcome"]) for line in lines] == [
        (str(single), "created"),
        (f"{mbox}#1", "created"),
        (f"{mbox}#2", "created"),
        (f"{mbox}#3", "ignored"),
        (f"{mbox}#4", "duplicate"),
        (f"{maildir}#1", "rejected"),
    ]
    assert all(set(line) == {"source", "outcome", "ticket", "reason"} for line in lines)
    assert lines[0]["ticket"].startswith("HD-") and lines[0]["reason"] == ""
    assert lines[4]["ticket"] == lines[0]["ticket"]
    assert lines[3]["ticket"] is None and lines[3]["reason"]
    assert lines[5]["ticket"] is None and "From" in lines[5]["reason"]
    body = InboundEmail.objects.get(message_id_header="<m2@x>").message.body
    assert body == "Hello\nFrom here on it works"


def test_russian_text_is_printed_as_is(tmp_path):
    path = tmp_path / "ru.eml"
    path.write_bytes(messages.build(sender="bad", subject="Тема"))
    (line,) = run(path)
    assert line["outcome"] == "rejected"


def test_a_missing_path_is_an_error_before_anything_is_ingested(tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(messages.build())
    with pytest.raises(CommandError):
        call_command("ingest_email", str(path), str(tmp_path / "missing"))
    assert not InboundEmail.objects.exists()


def test_a_plain_folder_is_not_a_maildir(tmp_path):
    with pytest.raises(CommandError):
        call_command("ingest_email", str(tmp_path))


def test_the_plain_output_names_each_outcome(tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(messages.build())
    out, err = StringIO(), StringIO()
    call_command("ingest_email", str(path), stdout=out, stderr=err)
    assert f"{path}: created HD-" in out.getvalue()
    assert "created 1" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_zero_whatever_the_outcomes(tmp_path, media_root):
    """As a real process: every message handled (any outcome) means exit status 0."""
    Team.objects.get_or_create(is_default=True, defaults={"name": "Support"})
    good, bad = tmp_path / "good.eml", tmp_path / "bad.eml"
    good.write_bytes(messages.build())
    bad.write_bytes(b"\x00\x01 garbage")
    env = {
        "HELPDESK_DATABASE_NAME": connection.settings_dict["NAME"],
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings.test",
        # The broker boundary: no task reaches a worker of this test run's queue, which would
        # read the committed rows while the test's flush truncates them.
        "CELERY_BROKER_URL": "memory://",
    }
    completed = subprocess.run(
        [sys.executable, "manage.py", "ingest_email", "--json", str(good), str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    outcomes = [json.loads(line)["outcome"] for line in completed.stdout.splitlines()]
    assert outcomes == ["created", "rejected"], completed.stdout
