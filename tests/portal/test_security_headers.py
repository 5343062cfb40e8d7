"""Every HTML page carries a Content-Security-Policy without inline script or style, no template
needs one, and every page whose URL carries a token is kept out of caches and Referers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from tests.factories import make_ticket, upload
from tickets.models import Attachment, User
from tickets.roles import MANAGERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def csp_of(response) -> str:
    policy = response.headers.get("Content-Security-Policy", "")
    assert policy, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    return policy


def assert_strict_csp(response):
    policy = csp_of(response)
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    for directive in ("script-src", "style-src"):
        assert directives.get(directive) == "'self'", policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.com", "x")


@pytest.fixture
def manager_user(db, team):
    user = User.objects.create_user("boss", password="x")
    user.groups.add(Group.objects.get(name=MANAGERS))
    return user


def test_public_pages_carry_the_csp(client, ticket):
    for url in (
        "/",
        "/request/new/",
        "/request/sent/",
        f"/track/{ticket.reference}/{ticket.tracking_token}/",
        f"/request/{ticket.reference}/{ticket.tracking_token}/received/",
        "/accounts/login/",
        "/no/such/page/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict_csp(response)


def test_agent_and_manager_pages_carry_the_csp(client, agent, manager_user, ticket):
    client.force_login(agent)
    for url in ("/agent/", f"/agent/tickets/{ticket.reference}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)

    client.force_login(manager_user)
    response = client.get("/manager/")
    assert response.status_code == 200
    assert_strict_csp(response)


def test_admin_pages_work_under_the_csp(client, superuser, ticket):
    client.force_login(superuser)
    for url in (
        "/admin/",
        "/admin/tickets/ticket/",
        f"/admin/tickets/ticket/{ticket.pk}/change/",
        "/admin/tickets/customer/add/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)
        html = response.content.decode()
        # Django's admin loads its behaviour from files; nothing inline that the CSP would block.
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url


# --- No template needs inline script or style ------------------------------------------------

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", re.S | re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
# A <script> without src, or with a body, unless it is a JSON data block.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\btype=[\"']application/(?:ld\+)?json[\"'])"
    r"(?:(?![^>]*\bsrc=)[^>]*>|[^>]*>\s*[^<\s])",
    re.I,
)


def template_files():
    return sorted(path for path in TEMPLATES.rglob("*.html"))


def relative(path: Path) -> str:
    return str(path.relative_to(TEMPLATES))


@pytest.mark.parametrize("path", template_files(), ids=relative)
def test_template_has_no_inline_script_handler_or_style(path):
    text = path.read_text()
    problems = []
    if INLINE_SCRIPT.search(text):
        problems.append("inline <script>")
    if EVENT_HANDLER.search(text):
        problems.append("on*= event handler attribute")
    if re.search(r"href\s*=\s*[\"']\s*javascript:", text, re.I):
        problems.append("javascript: URL")
    # E-mails are read in mail clients, not under our CSP, and those clients drop <style>
    # blocks: inline styles are how HTML mail is styled. Every page template has none.
    if relative(path).split("/")[0] != "emails":
        if re.search(r"<style\b", text, re.I):
            problems.append("<style> block")
        if any(STYLE_ATTRIBUTE.search(tag) for tag in TAG.findall(text)):
            problems.append("style= attribute")
    assert not problems, f"{relative(path)}: {', '.join(problems)}"


@pytest.mark.parametrize(
    ("snippet", "caught"),
    [
        ('<select onchange="this.form.submit()">', True),
        ("<script>alert(1)</script>", True),
        ('<script src="/static/js/x.js">alert(1)</script>', True),
        ('<script src="/static/js/x.js" defer></script>', False),
        ('<script id="d" type="application/json">{"a": 1}</script>', False),
        ('<select data-autosubmit name="language">', False),
    ],
)
def test_the_scanner_catches_what_it_should(snippet, caught):
    assert bool(INLINE_SCRIPT.search(snippet) or EVENT_HANDLER.search(snippet)) is caught


def test_the_language_switch_is_wired_from_a_static_file(client):
    html = client.get("/").content.decode()

    assert re.search(r'<select id="language" name="language" data-autosubmit>', html)
    assert re.search(r'<script src="/static/js/language\.js" defer></script>', html)
    assert client.get("/static/js/language.js").status_code == 200


# --- Pages that carry a token ----------------------------------------------------------------


def assert_token_page(response):
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_tracking_page_request_received_and_tracking_files_are_token_pages(client):
    ticket = make_ticket(attachments=[upload("notes.txt")])
    attachment = Attachment.objects.get()
    base = f"/track/{ticket.reference}/{ticket.tracking_token}/"

    for url in (
        base,
        f"/request/{ticket.reference}/{ticket.tracking_token}/received/",
        f"{base}files/{attachment.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_token_page(response)

    reply = client.post(base, {"body": "More details"})
    assert reply.status_code in (200, 302)
    assert_token_page(reply)


def test_sign_in_link_page_is_a_token_page(client):
    # The portal's one-time sign-in link; an unknown token still gets an answer page.
    response = client.get("/my/sign-in/not-a-real-token/")

    assert response.status_code == 400
    assert_token_page(response)


def test_pages_without_a_token_stay_cacheable_as_before(client):
    response = client.get("/request/new/")

    assert "no-store" not in response.get("Cache-Control", "")
