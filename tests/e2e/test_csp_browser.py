"""In a real browser, no page breaks the Content-Security-Policy (Chromium reports every blocked
inline script, handler or style on the console), and the language switch still works."""

import pytest
from playwright.sync_api import expect

from tickets.models import User
from tickets.roles import AGENTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "document.documentElement.dataset.inlineRan = '1'";
  document.head.appendChild(script);
}"""


def test_pages_run_without_csp_violations_and_the_language_switch_works(
    new_page, live_server, make_staff_user, page_problems
):
    make_staff_user("agent", group=AGENTS)
    User.objects.create_superuser("root", "root@example.com", PASSWORD)
    page = new_page()
    violations = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)

    page.goto(f"{live_server.url}/request/new/")
    # The watch works: an inline script is refused and reported.
    page.evaluate(INJECT_INLINE_SCRIPT)
    expect(page.locator("html")).not_to_have_attribute("data-inline-ran", "1")
    page.wait_for_timeout(200)
    assert len(violations) == 1, violations
    violations.clear()

    page.select_option("#language", "ru")  # submitted by static/js/language.js
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page).to_have_url(f"{live_server.url}/request/new/")
    page.select_option("#language", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    for path in ("/admin/tickets/ticket/", "/admin/tickets/customer/add/", "/agent/", "/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")

    assert violations == []
    assert page_problems.items == []
