"""The thin slice in a real browser: a customer asks, an agent answers, the manager sees it."""

import re

import pytest
from playwright.sync_api import expect

from tickets.roles import AGENTS, MANAGERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ATTACHMENT = b"Order 1042\nCharged twice on 3 March.\n"
DUPLICATE_IDS_JS = """() => {
  const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}"""


def _assert_ids_unique(page) -> None:
    # A duplicate id breaks label-for, so a label can name (and focus) another form's control.
    assert page.evaluate(DUPLICATE_IDS_JS) == [], page.url


def test_customer_agent_and_manager_walk_the_thin_slice(
    new_page,  # first, so that without Chromium the test skips before the servers start
    live_server,
    live_worker,
    make_staff_user,
    sign_in,
    page_problems,
    screenshot_dir,
    poll,
):
    make_staff_user("agent", group=AGENTS, first_name="Grace")
    make_staff_user("manager", group=MANAGERS, first_name="Margaret")

    # A customer forgets the subject: the error sits next to it and nothing typed is lost.
    customer = new_page()
    customer.goto(f"{live_server.url}/request/new/")
    customer.fill("#id_name", "Ada Lovelace")
    customer.fill("#id_email", "ada@example.com")
    customer.fill("#id_body", "I was charged twice for order 1042.")
    customer.click("button:has-text('Send request')")
    subject_field = customer.locator(".field.has-error", has=customer.locator("#id_subject"))
    expect(subject_field.locator("#id_subject-error")).to_have_text("This field is required.")
    expect(customer.locator(".field.has-error")).to_have_count(1)
    expect(customer.locator("#id_name")).to_have_value("Ada Lovelace")
    expect(customer.locator("#id_email")).to_have_value("ada@example.com")
    expect(customer.locator("#id_body")).to_have_value("I was charged twice for order 1042.")
    _assert_ids_unique(customer)
    customer.screenshot(path=screenshot_dir / "request-form-error.png", full_page=True)

    customer.fill("#id_subject", "Charged twice")
    customer.set_input_files(
        "#id_attachment",
        files=[{"name": "statement.txt", "mimeType": "text/plain", "buffer": ATTACHMENT}],
    )
    customer.click("button:has-text('Send request')")
    expect(customer.locator("h1")).to_have_text("We have your request")
    reference = customer.locator(".confirmation .reference").inner_text()
    assert re.fullmatch(r"HD-\d{6}", reference)

    customer.click("a:has-text('Follow your request')")
    expect(customer.locator(".ticket-head h1")).to_contain_text(f"{reference} Charged twice")
    expect(customer.locator(".thread .from-customer .body")).to_have_text(
        "I was charged twice for order 1042."
    )
    _assert_ids_unique(customer)
    with customer.expect_download() as download:
        customer.click(".thread .attachments a:has-text('statement.txt')")
    assert download.value.suggested_filename == "statement.txt"
    assert open(download.value.path(), "rb").read() == ATTACHMENT

    # An agent of the team finds the ticket in the queue and answers publicly.
    agent = new_page()
    agent.goto(f"{live_server.url}/accounts/login/")
    sign_in(agent, "agent")
    agent.goto(f"{live_server.url}/agent/")
    agent.click(f"table.tickets a:has-text('{reference}')")
    expect(agent.locator(".ticket-head h1")).to_contain_text(reference)
    _assert_ids_unique(agent)
    expect(agent.locator("aside").get_by_label("Status")).to_have_value("new")
    reply = agent.locator("form.reply")
    reply.locator("textarea[name=body]").fill("Sorry about that! The second charge is refunded.")
    reply.locator("button:has-text('Send')").click()
    expect(agent.locator(".flash")).to_have_text("Reply sent.")
    expect(agent.locator(".thread .from-agent .body")).to_have_text(
        "Sorry about that! The second charge is refunded."
    )
    agent.screenshot(path=screenshot_dir / "agent-ticket.png", full_page=True)

    # The customer's tracking page shows the answer.
    customer.reload()
    expect(customer.locator(".thread .from-agent .body")).to_have_text(
        "Sorry about that! The second charge is refunded."
    )

    # The manager sees the ticket counted once the worker has processed the events.
    manager = new_page()
    manager.goto(f"{live_server.url}/manager/")
    sign_in(manager, "manager")
    expect(manager.locator("h1")).to_have_text("Dashboard")
    _assert_ids_unique(manager)

    def dashboard_updated() -> bool:
        manager.reload()
        created = manager.locator("#tickets-created").inner_text()
        median = manager.locator("#median-first-response").inner_text()
        return created == "1" and median != "—"

    poll(dashboard_updated, timeout=20, interval=0.5, what="the dashboard to show the ticket")
    manager.screenshot(path=screenshot_dir / "manager-dashboard.png", full_page=True)

    # Once at phone size.
    for name, page in [("track", customer), ("agent-ticket", agent), ("manager", manager)]:
        page.set_viewport_size(PHONE)
        page.screenshot(path=screenshot_dir / f"phone-{name}.png", full_page=True)

    assert page_problems.items == []
