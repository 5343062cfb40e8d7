"""In a real browser at phone width: an agent reads the ticket's e-mail log, sends a failed
reply again, and turns their notification e-mails off, without a CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TEST_PASSWORD
from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.models import OutboundEmail
from tickets.roles import AGENTS
from tickets.services import events_process_pending

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_agent_sees_the_email_log_sends_again_and_turns_notifications_off(
    new_page, live_server, make_staff_user, page_problems, screenshot_dir
):
    agent = make_staff_user("ellen", group=AGENTS, first_name="Ellen")
    ticket = make_ticket(customer=CustomerFactory(name="<b>Bob</b>"), subject="Printer")
    reply = services.message_add_from_agent(ticket=ticket, agent=agent, body="Try this")
    events_process_pending()
    OutboundEmail.objects.filter(message=reply).update(
        status=OutboundEmail.Status.FAILED, attempts=6, last_error="SMTPDataError: 554 no"
    )
    page = new_page()
    page.set_viewport_size(PHONE)
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )

    page.goto(f"{live_server.url}/agent/tickets/{ticket.reference}/")
    page.fill("#id_username", "ellen")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main form button[type=submit]")

    log = page.locator(".email-log")
    expect(log).to_contain_text("Request received")
    expect(log).to_contain_text("SMTPDataError: 554 no")
    expect(page.locator(f"#reply-delivery-{reply.pk}")).to_contain_text("Failed")
    page.screenshot(path=screenshot_dir / "agent-email-log-phone.png", full_page=True)

    log.get_by_role("button", name="Send again").click()
    expect(page.locator(".flash")).to_contain_text("will be sent again")
    # Queued again; the session's worker (started by an earlier e2e test) may have sent it by now.
    assert OutboundEmail.objects.get(message=reply).status in {
        OutboundEmail.Status.QUEUED,
        OutboundEmail.Status.SENT,
    }

    page.get_by_role("link", name="Preferences").click()
    checkbox = page.get_by_label("E-mail me when a ticket is assigned to me")
    expect(checkbox).to_be_checked()
    checkbox.press("Space")  # by keyboard
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Preferences saved.")
    page.screenshot(path=screenshot_dir / "agent-preferences-phone.png", full_page=True)

    agent.refresh_from_db()
    assert agent.notify_by_email is False
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert violations == []
    assert page_problems.items == []
