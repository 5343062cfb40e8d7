"""The macro picker in a real browser: open it, filter, insert a macro filled in for the
ticket, edit the text and send; the macro's changes are made with the reply."""

import pytest
from playwright.sync_api import expect

from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.models import Ticket
from tickets.roles import AGENTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agent_replies_with_a_macro(
    new_page, live_server, make_staff_user, default_team, sign_in, page_problems, screenshot_dir
):
    agent = make_staff_user("agent", group=AGENTS, first_name="Grace")
    customer = CustomerFactory(name="Ольга Петрова", language="ru")
    ticket = make_ticket(customer=customer, team=default_team, subject="Нет доступа")
    services.macro_create(actor=agent, name="Unrelated", body_en="Nothing")
    services.macro_create(
        actor=agent,
        name="Need details",
        body_en="Hello {{ customer.first_name }}",
        body_ru="Здравствуйте, {{ customer.first_name }}! Обращение {{ ticket.reference }}.",
        set_status="pending",
        add_tags=["waiting"],
    )

    page = new_page()
    page.goto(f"{live_server.url}/agent/tickets/{ticket.reference}/")
    sign_in(page, "agent")
    page.click(".macro-picker summary")
    page.fill("[data-macro-filter]", "need")
    expect(page.locator("[data-macro-item]:has-text('Unrelated')")).to_be_hidden()
    page.click("[data-macro-insert]:has-text('Need details')")

    body = page.locator("#reply-form textarea[name=body]")
    expect(body).to_have_value(f"Здравствуйте, Ольга! Обращение {ticket.reference}.")
    expect(page.locator("[data-macro-chosen]")).to_contain_text("Set status to Pending")
    body.press("End")
    body.type(" Спасибо.")
    page.screenshot(path=screenshot_dir / "macro-picker.png", full_page=True)
    page.click("#reply-form button[type=submit]")

    expect(page.locator(".flash")).to_contain_text("Reply sent.")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.PENDING
    assert list(ticket.tags.values_list("name", flat=True)) == ["waiting"]
    assert ticket.messages.last().body.endswith("Спасибо.")
    assert page_problems.items == []
