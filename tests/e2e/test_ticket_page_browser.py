"""The agent's ticket page in a real browser: a property changed in place shows its history
line without a reload, shortcuts, a draft that survives a reload, phone width; and collision
with two browser contexts (A sees B viewing; B replies; A's send warns and keeps the draft)."""

import pytest
from playwright.sync_api import expect

from tests.factories import CustomerFactory, make_ticket
from tickets.roles import AGENTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ticket(default_team):
    return make_ticket(customer=CustomerFactory(name="Ada Lovelace"), team=default_team)


def open_ticket(page, live_server, ticket, sign_in, username):
    page.goto(f"{live_server.url}/agent/tickets/{ticket.reference}/")
    sign_in(page, username)
    expect(page.locator(".ticket-head h1")).to_contain_text(ticket.reference)


def test_in_place_change_history_shortcuts_and_draft(
    new_page, live_server, make_staff_user, ticket, sign_in, page_problems, screenshot_dir
):
    make_staff_user("anna", group=AGENTS, first_name="Anna")
    page = new_page()
    open_ticket(page, live_server, ticket, sign_in, "anna")
    page.evaluate("() => { window.notReloaded = true; }")

    page.select_option("#id_properties_priority", "high")  # htmx posts on change

    expect(page.locator("#ticket-history li").first).to_contain_text("Anna set priority to High")
    expect(page.locator("#ticket-meta .priority")).to_have_text("High")
    expect(page.locator("#ticket-properties .saved")).to_be_visible()
    assert page.evaluate("() => window.notReloaded") is True

    # An error comes back next to its field, in place.
    page.fill("#id_properties_tags", ",".join(f"t{n}" for n in range(25)))
    page.press("#id_properties_tags", "Enter")
    expect(page.locator("#id_properties_tags-error")).to_have_text("At most 20 tags.")
    assert page.evaluate("() => window.notReloaded") is True

    # Shortcuts: ? opens the help; n starts a note; typing j in the box does not navigate.
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_be_visible()
    expect(page.locator("#shortcuts-help")).to_contain_text("Add an internal note")
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts-help")).to_be_hidden()
    page.keyboard.press("n")
    body = page.locator("#reply-form textarea[name=body]")
    expect(body).to_be_focused()
    expect(page.locator("#id_is_internal")).to_be_checked()
    page.keyboard.type("jk draft that survives")

    # The preview shows the note as agents will see it.
    page.click("#reply-form button:has-text('Preview')")
    expect(page.locator("#reply-preview .body")).to_have_text("jk draft that survives")

    page.reload()
    expect(body).to_have_value("jk draft that survives")
    expect(page.locator("[data-draft-note]")).to_be_visible()
    expect(page.locator("#id_is_internal")).to_be_checked()

    page.set_viewport_size(PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "ticket-page-phone.png", full_page=True)

    page.click("#reply-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Note added.")
    page.reload()
    expect(body).to_have_value("")  # sent: the draft is gone
    assert page_problems.items == []


def test_collision_two_agents(
    new_page, live_server, make_staff_user, ticket, sign_in, page_problems, settings
):
    settings.HELPDESK_PRESENCE_HEARTBEAT_SECONDS = 1  # the live server reads it per request
    make_staff_user("anna", group=AGENTS, first_name="Anna")
    make_staff_user("boris", group=AGENTS, first_name="Boris")
    anna, boris = new_page(), new_page()
    open_ticket(anna, live_server, ticket, sign_in, "anna")
    open_ticket(boris, live_server, ticket, sign_in, "boris")

    expect(boris.locator("#ticket-presence")).to_contain_text("Anna is also viewing")
    expect(anna.locator("#ticket-presence")).to_contain_text("Boris is also viewing")

    anna.fill("#reply-form textarea[name=body]", "My long and careful answer")
    boris.fill("#reply-form textarea[name=body]", "Quick answer from Boris")
    boris.click("#reply-form button[type=submit]")
    expect(boris.locator(".flash")).to_contain_text("Reply sent.")

    anna.click("#reply-form button[type=submit]")

    warning = anna.locator("#reply-conflict")
    expect(warning).to_contain_text("Not sent: this ticket changed after you opened it.")
    expect(warning).to_contain_text("Boris replied to the customer")
    expect(anna.locator("#reply-form textarea[name=body]")).to_have_value(
        "My long and careful answer"
    )
    assert ticket.messages.filter(body="My long and careful answer").count() == 0

    anna.check("#id_confirm")
    anna.click("#reply-form button[type=submit]")
    expect(anna.locator(".flash")).to_contain_text("Reply sent.")
    expect(anna.locator(".thread")).to_contain_text("My long and careful answer")
    assert page_problems.items == []
