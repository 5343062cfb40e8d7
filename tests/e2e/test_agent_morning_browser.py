"""An agent's morning in a real browser: search, triage the unassigned tickets, bulk-assign
them, reply to one with a macro that sets it pending; the customer answers through the private
link, and the ticket is open again at the top of the agent's queue (in Russian, too)."""

import pytest
from playwright.sync_api import expect

from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.models import Ticket
from tickets.roles import AGENTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agents_morning(
    new_page, live_server, make_staff_user, default_team, sign_in, page_problems, screenshot_dir
):
    grace = make_staff_user("agent", group=AGENTS, first_name="Grace")
    make_staff_user("colleague", group=AGENTS, first_name="Margaret")
    olga = CustomerFactory(name="Ольга Петрова", language="ru")
    printer = make_ticket(customer=olga, team=default_team, subject="Принтер не печатает")
    invoice = make_ticket(team=default_team, subject="Invoice is missing the VAT number")
    mine_already = make_ticket(team=default_team, subject="Password reset link expired")
    services.ticket_assign(ticket=mine_already, actor=grace, assignee=grace)
    services.macro_create(
        actor=grace,
        name="Need the model",
        body_en="Hello {{ customer.first_name }}, which printer model is it?",
        body_ru="Здравствуйте, {{ customer.first_name }}! Какая у вас модель принтера?",
        set_status="pending",
    )

    page = new_page()
    page.goto(f"{live_server.url}/agent/")
    sign_in(page, "agent")

    # Search in Russian: another form of the word finds the ticket, highlighted.
    page.fill("#agent-search", "принтеры")
    page.press("#agent-search", "Enter")
    result = page.locator(".search-result").first
    expect(result).to_contain_text("Принтер не печатает")
    expect(result.locator("mark").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "morning-search.png", full_page=True)

    # Triage: the unassigned view lists the two new tickets; both go to Grace at once.
    page.goto(f"{live_server.url}/agent/")
    unassigned = page.locator("[data-view=unassigned] a")
    expect(unassigned.locator(".view-count")).to_have_text("2")
    unassigned.click()
    rows = page.locator("table.tickets tbody tr")
    expect(rows).to_have_count(2)
    page.check(f"input[aria-label='Select {printer.reference}']")
    page.check(f"input[aria-label='Select {invoice.reference}']")
    page.locator("#bulk-form select[name=assignee]").select_option(label="Grace")
    page.screenshot(path=screenshot_dir / "morning-bulk.png", full_page=True)
    page.click("#bulk-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("2")
    expect(rows).not_to_contain_text(printer.reference)
    expect(page.locator("[data-view=mine] .view-count")).to_have_text("3")

    # Reply with the macro: filled in for the customer, in her language; it sets pending.
    page.goto(f"{live_server.url}/agent/tickets/{printer.reference}/")
    page.click(".macro-picker summary")
    page.click("[data-macro-insert]:has-text('Need the model')")
    body = page.locator("#reply-form textarea[name=body]")
    expect(body).to_have_value("Здравствуйте, Ольга! Какая у вас модель принтера?")
    page.click("#reply-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Reply sent.")
    printer.refresh_from_db()
    assert (printer.status, printer.assignee) == (Ticket.Status.PENDING, grace)

    # The customer answers through her private link.
    customer = new_page()
    customer.goto(f"{live_server.url}/track/{printer.reference}/{printer.tracking_token}/")
    expect(customer.locator(".thread")).to_contain_text("Какая у вас модель принтера?")
    customer.fill("form.reply textarea[name=body]", "HP LaserJet 1020.")
    customer.click("form.reply button[type=submit]")
    expect(customer.locator(".thread")).to_contain_text("HP LaserJet 1020.")

    # Back in the queue: open again, at the top of "My open tickets" (latest update first).
    page.goto(f"{live_server.url}/agent/")
    page.click("[data-view=mine] a")
    first = page.locator("table.tickets tbody tr").first
    expect(first).to_contain_text(printer.reference)
    expect(first).to_contain_text("Open")
    page.select_option("#language", "ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    first = page.locator("table.tickets tbody tr").first
    expect(first).to_contain_text(printer.reference)
    expect(first).to_contain_text("Открыта")
    page.screenshot(path=screenshot_dir / "morning-queue-ru.png", full_page=True)
    printer.refresh_from_db()
    assert printer.status == Ticket.Status.OPEN
    assert page_problems.items == []
