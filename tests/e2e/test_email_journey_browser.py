"""The customer's whole e-mail journey with real parts: Chromium, the live server, a real Celery
worker running the event handlers and the send task, and a real SMTP peer receiving its mail.

A customer files with two attachments, receives the acknowledgement, follows its link, replies;
the agent answers; the customer gets the e-mail, replies by e-mail, and the ticket reopens."""

from __future__ import annotations

import re
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tickets.models import Customer, InboundEmail, Ticket
from tickets.roles import AGENTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INBOUND_SECRET = "journey-inbound-secret"  # noqa: S105 - a test value
NAME = "Ada Journey"
ADDRESS = "ada.journey@example.org"
SUBJECT = "Invoice 77 charged twice"
BODY = "My card was charged twice for invoice 77, see both statements."
FILES = [
    {"name": "statement-march.txt", "mimeType": "text/plain", "buffer": b"March: 49.00 x2\n"},
    {"name": "receipt.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"},
]
CUSTOMER_WEB_REPLY = "Both charges are from 3 March, at 10:02 and 10:03."
AGENT_ANSWER = "The second charge is refunded; it shows up within five days."
CUSTOMER_MAIL_REPLY = "Five days have passed and I still see no refund."


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def _ticket(reference: str) -> Ticket:
    return Ticket.objects.get(number=int(reference.removeprefix("HD-")))


def _file_request(page, *, name: str, address: str, subject: str, body: str):
    page.fill("#id_name", name)
    page.fill("#id_email", address)
    page.fill("#id_subject", subject)
    page.fill("#id_body", body)


def test_customer_files_follows_the_mail_replies_and_reopens_by_email(
    new_page,  # first, so that without Chromium the test skips before the servers start
    live_server,
    live_worker,
    smtp_inbox,
    make_staff_user,
    sign_in,
    page_problems,
    screenshot_dir,
    settings,
):
    settings.HELPDESK_INBOUND_EMAIL_SECRET = INBOUND_SECRET  # the live server runs in here
    make_staff_user("agent", group=AGENTS, first_name="Grace")

    # 1. A customer with a new address files a request with two files.
    customer = new_page()
    customer.goto(f"{live_server.url}/request/new/")
    _file_request(customer, name=NAME, address=ADDRESS, subject=SUBJECT, body=BODY)
    customer.set_input_files("#id_attachment", files=FILES)
    customer.screenshot(path=screenshot_dir / "journey-1-request-form.png", full_page=True)
    customer.click("button:has-text('Send request')")
    expect(customer.locator("h1")).to_have_text("We have your request")
    reference = customer.locator(".confirmation .reference").inner_text()
    assert re.fullmatch(r"HD-\d{6}", reference)
    # A new address: the confirmation itself carries the private link.
    expect(customer.locator(".confirmation a:has-text('Follow your request')")).to_be_visible()
    customer.screenshot(path=screenshot_dir / "journey-2-confirmation.png", full_page=True)

    # 2. The worker acknowledges by e-mail: the reference and the link, nothing they wrote.
    ack = smtp_inbox.wait_for(
        ADDRESS, lambda message: reference in message["Subject"], what="the acknowledgement"
    )
    assert ack["Message-ID"]
    for written in (NAME, "Ada", SUBJECT, "Invoice 77", BODY, "charged twice"):
        for part in (ack["Subject"], _text(ack), _html(ack)):
            assert written not in part, f"{written!r} relayed in the acknowledgement"
    link = re.search(
        rf"{re.escape(live_server.url)}/\S+\?v=\S+", _text(ack)
    )  # the emailed link proves the address
    assert link, _text(ack)
    assert not Customer.objects.get(email=ADDRESS).email_verified

    # 3. The customer follows the e-mailed link: the address is verified, the proof leaves
    # the address bar, and they reply on the tracking page.
    customer.goto(link.group(0))
    expect(customer.locator(".ticket-head h1")).to_contain_text(f"{reference} {SUBJECT}")
    assert "?v=" not in customer.url
    assert Customer.objects.get(email=ADDRESS).email_verified_at is not None
    reply_form = customer.locator("form.reply")
    reply_form.locator("textarea[name=body]").fill(CUSTOMER_WEB_REPLY)
    reply_form.locator("button:has-text('Send reply')").click()
    expect(customer.locator(".thread .from-customer .body").last).to_have_text(CUSTOMER_WEB_REPLY)
    customer.screenshot(path=screenshot_dir / "journey-3-tracking-reply.png", full_page=True)

    # 4. The agent sees both files and the reply, answers publicly and sets pending.
    agent = new_page()
    agent.goto(f"{live_server.url}/accounts/login/")
    sign_in(agent, "agent")
    agent.goto(f"{live_server.url}/agent/tickets/{reference}/")
    thread = agent.locator(".thread")
    for file in FILES:
        expect(thread.locator(".attachments a", has_text=file["name"])).to_be_visible()
    expect(thread.locator(".from-customer .body").last).to_have_text(CUSTOMER_WEB_REPLY)
    reply = agent.locator("form.reply")
    reply.locator("textarea[name=body]").fill(AGENT_ANSWER)
    reply.get_by_label("Then set status").select_option("pending")
    reply.locator("button:has-text('Send')").click()
    expect(agent.locator(".flash")).to_have_text("Reply sent.")
    expect(agent.locator("aside").get_by_label("Status")).to_have_value("pending")
    agent.screenshot(path=screenshot_dir / "journey-4-agent-answer.png", full_page=True)

    # 5. The customer gets the answer by e-mail, threaded under the acknowledgement.
    answer = smtp_inbox.wait_for(
        ADDRESS, lambda message: AGENT_ANSWER in _text(message), what="the agent's answer"
    )
    assert reference in answer["Subject"]
    assert answer["Message-ID"] and answer["Message-ID"] != ack["Message-ID"]
    assert answer["In-Reply-To"] == ack["Message-ID"]
    assert ack["Message-ID"] in answer["References"]
    assert _ticket(reference).status == Ticket.Status.PENDING

    # 6. ... and replies by e-mail, through the HTTP entry point a mail provider posts to.
    mail = EmailMessage()
    mail["From"] = f"{NAME} <{ADDRESS}>"
    mail["To"] = answer["From"]
    mail["Subject"] = f"Re: {answer['Subject']}"
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain="example.org")
    mail["In-Reply-To"] = answer["Message-ID"]
    mail["References"] = f"{answer['References']} {answer['Message-ID']}"
    mail.set_content(f"{CUSTOMER_MAIL_REPLY}\n\nOn Tuesday, Grace wrote:\n> {AGENT_ANSWER}\n")
    request = urllib.request.Request(  # noqa: S310 - our live server, plain http
        f"{live_server.url}/inbound/email/",
        data=mail.as_bytes(),
        headers={"X-Helpdesk-Secret": INBOUND_SECRET, "Content-Type": "message/rfc822"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
        outcome = response.read().decode()
    assert reference in outcome, outcome
    inbound = InboundEmail.objects.get(message_id_header=mail["Message-ID"])
    assert inbound.ticket.reference == reference, inbound.outcome

    # 7. The agent's page shows the e-mailed reply (without the quote), and the ticket is open.
    agent.reload()
    expect(thread.locator(".from-customer .body").last).to_contain_text(CUSTOMER_MAIL_REPLY)
    expect(thread.locator(".from-customer .body").last).not_to_contain_text(AGENT_ANSWER)
    emailed = thread.locator(".from-customer").last
    expect(emailed.locator("header .badge")).to_have_text("By e-mail")
    expect(emailed.locator("header a.raw-link")).to_be_visible()
    expect(agent.locator("aside").get_by_label("Status")).to_have_value("open")
    agent.screenshot(path=screenshot_dir / "journey-5-agent-reopened.png", full_page=True)
    assert _ticket(reference).status == Ticket.Status.OPEN

    customer.reload()
    expect(customer.locator(".thread .from-customer .body").last).to_contain_text(
        CUSTOMER_MAIL_REPLY
    )
    customer.screenshot(path=screenshot_dir / "journey-6-customer-sees-all.png", full_page=True)
    assert page_problems.items == []


def test_a_customer_who_filed_in_russian_is_acknowledged_in_russian(
    new_page, live_server, live_worker, smtp_inbox, default_team, page_problems, screenshot_dir
):
    address = "boris.journey@example.org"
    customer = new_page()
    customer.goto(f"{live_server.url}/request/new/")
    with customer.expect_navigation():
        customer.select_option("#language", "ru")  # the switcher submits itself
    expect(customer.locator("html")).to_have_attribute("lang", "ru")
    _file_request(
        customer,
        name="Борис",
        address=address,
        subject="Не работает принтер",
        body="Принтер печатает пустые листы.",
    )
    customer.screenshot(path=screenshot_dir / "journey-ru-form.png", full_page=True)
    customer.click("main form button[type=submit]")
    reference = customer.locator(".confirmation .reference").inner_text()
    customer.screenshot(path=screenshot_dir / "journey-ru-confirmation.png", full_page=True)
    assert Customer.objects.get(email=address).language == "ru"

    ack = smtp_inbox.wait_for(
        address, lambda message: reference in message["Subject"], what="the acknowledgement"
    )
    assert "Принтер" not in _text(ack)
    assert page_problems.items == []
    english = "We received your request"
    with translation.override("ru"):
        russian = translation.gettext(english)
    assert russian != english, f"the Russian catalog does not translate {english!r}"
    assert russian in ack["Subject"]
    assert english not in ack["Subject"]
