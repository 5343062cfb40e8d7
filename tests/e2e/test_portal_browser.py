"""In a real browser at phone width: a customer asks for a sign-in link, signs in with it, finds
the request on My requests, marks it solved and reopens it, without a CSP violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CustomerFactory, make_ticket
from tickets.models import OutboundEmail, Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_customer_signs_in_by_link_and_solves_and_reopens(
    new_page, live_server, default_team, page_problems, screenshot_dir
):
    ada = CustomerFactory(email="ada@example.org", name="Ada Lovelace")
    ticket = make_ticket(customer=ada, subject="The printer is on fire")
    make_ticket(customer=CustomerFactory(), subject="Someone else's printer")
    page = new_page()
    page.set_viewport_size(PHONE)
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )

    page.goto(f"{live_server.url}/my/")
    expect(page).to_have_url(f"{live_server.url}/my/sign-in/")
    page.fill("#id_email", "ada@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("h1")).to_have_text("Check your e-mail")

    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.SIGN_IN_LINK)
    link = re.search(r"http://testserver(/my/sign-in/[\w-]+/)", email.body_text).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Sign in").last.click()

    expect(page.locator("h1")).to_have_text("My requests")
    expect(page.get_by_role("link", name=ticket.reference)).to_be_visible()
    expect(page.get_by_text("Someone else's printer")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "portal-my-requests-phone.png", full_page=True)

    page.get_by_role("link", name="The printer is on fire").click()
    page.get_by_role("button", name="This solved my problem").click()
    expect(page.locator(".flash")).to_contain_text("marked your request as solved")
    page.get_by_role("button", name="Reopen").click()
    expect(page.locator(".flash")).to_contain_text("reopened")
    page.screenshot(path=screenshot_dir / "portal-tracking-phone.png", full_page=True)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    ada.refresh_from_db()
    assert ada.email_verified
    # Nothing sticks out sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert violations == []
    assert page_problems.items == []
