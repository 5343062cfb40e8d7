"""The manager dashboard in a real browser with a real worker: an agent's reply moves the
dashboard, the page's numbers equal the API's for the same query, the charts draw under the
Content-Security-Policy, and every tile leads to the tickets behind it."""

import pytest
from playwright.sync_api import expect

from metrics.presentation import format_value
from tests.factories import CustomerFactory, make_ticket
from tickets.roles import AGENTS, MANAGERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
CHARTS = 7


def test_a_reply_in_the_browser_moves_the_dashboard_and_it_equals_the_api(
    new_page,  # first, so that without Chromium the test skips before the servers start
    live_server,
    live_worker,
    default_team,
    make_staff_user,
    sign_in,
    page_problems,
    screenshot_dir,
    poll,
):
    make_staff_user("agent", group=AGENTS, first_name="Grace")
    make_staff_user("manager", group=MANAGERS, first_name="Margaret")
    ticket = make_ticket(
        customer=CustomerFactory(name="Ada Lovelace"), team=default_team, subject="Charged twice"
    )

    manager = new_page()
    violations = []
    manager.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    manager.goto(f"{live_server.url}/manager/")
    sign_in(manager, "manager")
    expect(manager.locator("h1")).to_have_text("Dashboard")

    def shows(element_id: str, wanted) -> bool:
        manager.reload()
        return wanted(manager.locator(f"#{element_id}").inner_text())

    # The worker turns the ticket's events into facts and rollups.
    poll(lambda: shows("tickets-created", lambda text: text == "1"), timeout=30, interval=0.5,
         what="the dashboard to count the new ticket")  # fmt: skip
    expect(manager.locator("#median-first-response")).to_have_text("—")

    # The agent answers in the browser.
    agent = new_page()
    agent.goto(f"{live_server.url}/accounts/login/")
    sign_in(agent, "agent")
    agent.goto(f"{live_server.url}/agent/tickets/{ticket.reference}/")
    reply = agent.locator("form.reply")
    reply.locator("textarea[name=body]").fill("The second charge is refunded.")
    reply.locator("button:has-text('Send')").click()
    expect(agent.locator(".flash")).to_have_text("Reply sent.")

    poll(lambda: shows("median-first-response", lambda text: text != "—"), timeout=30,
         interval=0.5, what="the dashboard to show the first response")  # fmt: skip

    # The page's numbers equal the API's for the same query (the browser's own session).
    api_url = manager.evaluate(
        "() => { const u = new URL(document.getElementById('dashboard-csv').href);"
        " return '/api/v1/metrics/dashboard/' + u.search; }"
    )
    api = manager.request.get(f"{live_server.url}{api_url}")
    assert api.ok, api.status
    kpis = {kpi["key"]: kpi for kpi in api.json()["kpis"]}
    for element_id, key in [
        ("tickets-created", "created"),
        ("kpi-solved", "solved"),
        ("kpi-backlog", "backlog"),
        ("median-first-response", "frt_median"),
        ("kpi-frt_p90", "frt_p90"),
        ("median-resolution", "resolution_median"),
        ("kpi-csat", "csat"),
    ]:
        expected = format_value(kpis[key]["value"], kpis[key]["unit"])
        expect(manager.locator(f"#{element_id}")).to_have_text(expected)
    assert kpis["frt_median"]["count"] == 1

    # Chart.js drew every chart from the page's JSON, with no style injected.
    expect(manager.locator("canvas[data-drawn]")).to_have_count(CHARTS)
    assert manager.locator("style").count() == 0
    manager.locator("#chart-volume summary").click()
    expect(manager.locator("#chart-volume table tbody tr").last).to_contain_text("1")
    manager.screenshot(path=screenshot_dir / "dashboard-en.png", full_page=True)

    # The explanation on the ticket page, now that the facts exist.
    agent.reload()
    expect(agent.locator("#ticket-explanation .explanation-first_response")).to_contain_text(
        "First response"
    )
    agent.screenshot(path=screenshot_dir / "agent-ticket-explanation.png", full_page=True)

    # A tile leads to the tickets behind it.
    manager.click("#tickets-created")
    expect(manager.locator("table.tickets tbody tr")).to_have_count(1)
    expect(manager.locator("table.tickets")).to_contain_text(ticket.reference)
    # The tile's period is the queue's own "created" filter, shown filled in.
    created_from = manager.locator(".queue-filters input[name=created_from]")
    expect(created_from).to_be_visible()
    expect(created_from).not_to_have_value("")
    manager.screenshot(path=screenshot_dir / "dashboard-drill-down.png", full_page=True)
    manager.go_back()

    # In Russian, and at phone width.
    manager.select_option("#language", "ru")
    expect(manager.locator("html")).to_have_attribute("lang", "ru")
    expect(manager.locator("canvas[data-drawn]")).to_have_count(CHARTS)
    expect(manager.locator("#tickets-created")).to_have_text("1")
    manager.screenshot(path=screenshot_dir / "dashboard-ru.png", full_page=True)
    manager.set_viewport_size(PHONE)
    manager.screenshot(path=screenshot_dir / "dashboard-phone-ru.png", full_page=True)
    width = manager.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at phone width ({width}px)"

    assert violations == []
    assert page_problems.items == []
