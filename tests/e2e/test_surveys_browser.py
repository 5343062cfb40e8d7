"""In a real browser at phone width: a customer opens the CSAT link from the survey e-mail, picks
a rating with the keyboard only, adds a comment, and the answer is stored with its event; the
team lead's agent page then shows the bad rating. No CSP violation on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.models import CsatSurvey, OutboundEmail, TicketEvent
from tickets.roles import AGENTS
from tickets.services import surveys

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_customer_rates_the_help_from_the_emailed_link(
    new_page,
    live_server,
    default_team,
    make_staff_user,
    sign_in,
    page_problems,
    settings,
    screenshot_dir,
    live_worker,
    smtp_inbox,
):
    settings.HELPDESK_CSAT_DELAY_MINUTES = 0
    agent = make_staff_user("agent-s", group=AGENTS)
    default_team.lead = agent
    default_team.save(update_fields=["lead"])
    ticket = make_ticket(customer=CustomerFactory(email="ada@example.org"), team=None)
    services.ticket_change_status(ticket=ticket, actor=agent, status="solved")
    assert surveys.csat_surveys_send_due() == 1
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.CSAT_SURVEY)
    link = re.search(r"https?://[^/\s]+(/survey/csat/\?\S+)", email.body_text).group(1)

    page = new_page()
    page.set_viewport_size(PHONE)
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.goto(f"{live_server.url}{link}")
    expect(page.locator("h1")).to_have_text("Rate our help")

    # The keyboard alone: focus the first choice, arrow to the second, tab to the comment
    page.get_by_label("1 – Very dissatisfied").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("2 – Dissatisfied")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Three days without an answer")
    page.screenshot(path=screenshot_dir / "survey-csat-phone.png", full_page=True)
    page.get_by_role("button", name="Send my rating").click()

    expect(page.locator(".flash")).to_contain_text("Thank you for your rating!")
    expect(page.get_by_label("2 – Dissatisfied")).to_be_checked()
    survey = CsatSurvey.objects.get(ticket=ticket)
    assert (survey.score, survey.comment) == (2, "Three days without an answer")
    answered = TicketEvent.objects.get(ticket=ticket, kind=TicketEvent.Kind.CSAT_ANSWERED)
    assert answered.payload["score"] == 2
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.BAD_RATING).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The lead signs in and sees the rating on the ticket
    page.goto(f"{live_server.url}/agent/tickets/{ticket.reference}/")
    sign_in(page, "agent-s")
    page.goto(f"{live_server.url}/agent/tickets/{ticket.reference}/")
    expect(page.locator(".ticket-rating.rating-bad")).to_contain_text("Rated 2 out of 5")
    expect(page.locator(".ticket-rating")).to_contain_text("Three days without an answer")

    assert violations == []
    assert page_problems.items == []
    # The worker sends the survey and the lead's notice by SMTP (teardown waits for the rest)
    smtp_inbox.wait_for("ada@example.org")
    smtp_inbox.wait_for(agent.email)
