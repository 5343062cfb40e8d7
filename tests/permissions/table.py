"""THE TABLE: what each role gets from each URL pattern of the project.

Columns, in order: anonymous, the ticket's customer, an agent of another team, an agent of the
ticket's team, a manager (in no team), an admin (superuser). A cell is a status code, or a path:
a redirect (302) to that path. ``GET(...)`` rows are fetched with GET; ``POST(...)`` and
``DELETE(...)`` rows are views that refuse GET (checked: not 2xx, never 5xx), sent that method
with an empty body instead.

Every URL is about the same ticket of team A (its reference, tracking token, attachment, e-mails,
surveys). A new URL pattern without a row fails test_every_url_answers_every_role_as_the_table_says.
"""

from __future__ import annotations

from dataclasses import dataclass

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PORTAL_SIGN_IN = "/my/sign-in/"
MACROS = "/agent/macros/"


@dataclass(frozen=True)
class Row:
    method: str
    expected: tuple


def GET(*expected) -> Row:  # noqa: N802 - reads as the table's verb
    assert len(expected) == 6, expected
    return Row("GET", expected)


def POST(*expected) -> Row:  # noqa: N802
    assert len(expected) == 6, expected
    return Row("POST", expected)


def DELETE(*expected) -> Row:  # noqa: N802
    assert len(expected) == 6, expected
    return Row("DELETE", expected)


def everyone(method, cell) -> Row:
    return method(*([cell] * 6))


# Pages for whoever works tickets: agents of any team, managers, admins.
def agents_only(method, ok=200) -> Row:
    return method(LOGIN, 403, ok, ok, ok, ok)


# About team A's ticket: its agents, managers and admins; another team's agent gets 404 (the
# ticket does not exist for them, as in the queue), a customer 403 (not an agent page at all).
def team_ticket(method, ok=200) -> Row:
    return method(LOGIN, 403, 404, ok, ok, ok)


def managers_only(method, ok=200) -> Row:
    return method(LOGIN, 403, 403, 403, ok, ok)


# The API answers an anonymous caller 403 (session auth first, so no WWW-Authenticate).
def api_team_ticket(method, ok=200, customer=404) -> Row:
    return method(403, customer, 404, ok, ok, ok)


TABLE: dict[str, Row] = {
    # --- site -----------------------------------------------------------------------------
    "home": everyone(GET, 200),
    "healthz": everyone(GET, 200),
    "set_language": everyone(GET, "/"),  # GET changes nothing: back to the page
    "login": everyone(GET, 200),
    "logout": everyone(POST, 302),
    # --- public request form and tracking link: the token is the key, whoever holds it ------
    "request-new": everyone(GET, 200),
    "request-sent": everyone(GET, 200),
    "request-received": everyone(GET, 200),
    "track": everyone(GET, 200),
    "track-solve": everyone(POST, 302),
    "track-reopen": everyone(POST, "/track/"),  # an open ticket: nothing to reopen
    "track-rating": everyone(POST, 400),
    "track-attachment": everyone(GET, 200),
    "survey-csat": everyone(GET, 200),
    "survey-nps": everyone(GET, 200),
    # --- customer portal --------------------------------------------------------------------
    "portal-my-requests": GET(PORTAL_SIGN_IN, 200, 200, 200, 200, 200),
    "portal-sign-in": GET(200, "/my/", 200, 200, 200, 200),
    "portal-sign-in-password": everyone(POST, 400),
    "portal-sign-in-sent": everyone(GET, 200),
    "portal-sign-in-link": everyone(GET, 200),
    "attachment": GET(LOGIN, 200, 404, 200, 200, 200),
    # --- agent workspace --------------------------------------------------------------------
    "agent-queue": agents_only(GET),
    "agent-preferences": agents_only(GET),
    "agent-log-ticket": agents_only(GET),
    "agent-ticket": team_ticket(GET),
    "agent-ticket-reply": team_ticket(POST, 400),
    "agent-ticket-properties": team_ticket(POST, 400),
    "agent-ticket-log-message": team_ticket(POST, 400),
    "agent-email-send-again": team_ticket(POST, "/agent/tickets/"),
    "agent-search": agents_only(GET),
    "agent-bulk-update": agents_only(POST, 400),
    "agent-ticket-take": team_ticket(POST, "/agent/tickets/"),
    "agent-ticket-preview": team_ticket(POST),
    "agent-ticket-presence": team_ticket(POST),
    "agent-ticket-macros": team_ticket(GET),
    "agent-ticket-merge": team_ticket(GET),
    "agent-ticket-link": team_ticket(GET),
    "agent-ticket-unlink": team_ticket(POST, "/agent/tickets/"),
    # Saved views: a personal view of team A's agent is nobody else's, managers' included.
    "agent-view-create": agents_only(POST, 400),
    "agent-view-rename": POST(LOGIN, 403, 404, "/agent/", 404, 404),  # empty name: an error
    "agent-view-delete": POST(LOGIN, 403, 404, "/agent/", 404, 404),
    # Macros: one shared with team A. Its agents use it; managers and admins change it.
    "agent-macros": agents_only(GET),
    "agent-macro-new": agents_only(GET),
    "agent-macro-edit": GET(LOGIN, 403, 404, 403, 200, 200),
    "agent-macro-delete": POST(LOGIN, 403, 404, 403, MACROS, MACROS),
    # --- incoming mail ----------------------------------------------------------------------
    "inbound-email": everyone(POST, 404),  # off while HELPDESK_INBOUND_EMAIL_SECRET is empty
    "inbound-conversation": everyone(POST, 404),  # no integration of that name
    "inbound-review": agents_only(GET),
    "inbound-detail": team_ticket(GET),
    "inbound-raw": team_ticket(GET),
    "inbound-raw-for-message": team_ticket(GET),
    "inbound-accept": team_ticket(POST, 302),
    "inbound-reject": team_ticket(POST, 302),
    # --- manager ----------------------------------------------------------------------------
    "manager-dashboard": managers_only(GET),
    "manager-export-csv": managers_only(GET),
    # --- REST API ---------------------------------------------------------------------------
    "api-schema": everyone(GET, 200),
    "api-tickets": GET(403, 200, 200, 200, 200, 200),
    "api-ticket": api_team_ticket(GET, customer=200),
    "api-ticket-messages": api_team_ticket(POST, 400, customer=400),
    "api-ticket-emails": api_team_ticket(GET),
    "api-ticket-solve": api_team_ticket(POST, 403, customer=200),
    "api-ticket-reopen": api_team_ticket(POST, 403, customer=200),
    "api-ticket-ratings": api_team_ticket(GET),
    "api-attachment": api_team_ticket(GET, customer=200),
    "api-survey-csat": everyone(GET, 200),  # with the survey's token
    "api-survey-nps": everyone(GET, 200),
    "api-inbound-emails": GET(403, 403, 200, 200, 200, 200),
    "api-inbound-email-accept": api_team_ticket(POST, 200, customer=403),
    "api-inbound-email-reject": api_team_ticket(POST, 200, customer=403),
    "api-inbound-email-raw": api_team_ticket(GET, customer=403),
    # The ticket page's API (tickets/api/ticket_page.py): 404 to anyone but its agents.
    "api-ticket-history": api_team_ticket(GET),
    "api-ticket-presence": api_team_ticket(POST),
    "api-ticket-preview": api_team_ticket(POST, 400),  # empty body
    "api-ticket-customer-tickets": api_team_ticket(GET),
    "api-search": GET(403, 403, 200, 200, 200, 200),
    "api-tickets-bulk": POST(403, 403, 400, 400, 400, 400),
    # Agents-only endpoints about a ticket refuse a customer outright (403), their own or not.
    # Taking needs a member of the ticket's team: a manager or admin in no team gets 400.
    "api-ticket-take": POST(403, 403, 404, 200, 400, 400),
    "api-ticket-merge": api_team_ticket(POST, 400, customer=403),
    "api-ticket-links": api_team_ticket(GET, customer=403),
    "api-ticket-link": api_team_ticket(DELETE, 204, customer=403),
    "api-macros": GET(403, 403, 200, 200, 200, 200),
    "api-macro": GET(403, 404, 404, 200, 200, 200),
    "api-ticket-macro-render": api_team_ticket(GET, customer=403),
    "api-ticket-macro-apply": api_team_ticket(POST, 201, customer=403),
    "api-views": GET(403, 403, 200, 200, 200, 200),
    "api-view": GET(403, 403, 404, 200, 404, 404),
    "api-metrics-dashboard": GET(403, 403, 403, 403, 200, 200),
    # --- the public knowledge base: a published public article, read by everyone -------------
    "kb-root": everyone(GET, "/kb/en/"),
    "kb-home": everyone(GET, 200),
    "kb-category": everyone(GET, 200),
    "kb-article": everyone(GET, 200),
    "kb-search": everyone(GET, 200),
    "kb-vote": everyone(GET, 200),
    "kb-file": everyone(GET, 200),
    "kb-suggest": everyone(POST, 200),  # nothing typed: no suggestions
    "kb-suggestion-open": everyone(GET, "/kb/en/reset-a-password/"),
    "sitemap": everyone(GET, 200),
    # The agents' knowledge base: any agent writes; the picker and drafts are about the ticket.
    "agent-kb": agents_only(GET),
    "agent-kb-new": agents_only(GET),
    "agent-kb-preview": agents_only(POST),
    "agent-kb-gaps": agents_only(GET),
    "agent-kb-edit": agents_only(GET),
    "agent-kb-reviewed": agents_only(POST, 302),
    "agent-kb-file": agents_only(POST, 400),  # no file
    "agent-kb-compare": agents_only(GET),
    "agent-kb-picker": team_ticket(GET),
    "agent-kb-draft-from-message": team_ticket(POST, 302),  # a customer's message: refused
    "api-kb-categories": everyone(GET, 200),
    "api-kb-articles": everyone(GET, 200),
    "api-kb-article": everyone(GET, 200),
    "api-kb-article-revisions": GET(403, 403, 200, 200, 200, 200),
    "api-kb-search": everyone(GET, 400),  # without a query
    "api-kb-article-vote": POST(403, 400, 400, 400, 400, 400),  # signed in; empty body
    "api-kb-gaps": GET(403, 403, 200, 200, 200, 200),
    "api-kb-suggestions": everyone(POST, 200),  # nothing typed: no suggestions
}


# --- the admin: staff only, the same for every model, so a rule rather than ~150 rows -------
# Non-staff are sent to the admin's sign-in page from every admin URL but that page itself (and
# sign-out, which sends them to the index first).
NOT_STAFF = (ADMIN_LOGIN,) * 5

# What the admin (superuser) gets from the admin's own pages.
ADMIN_PAGES: dict[str, object] = {
    "admin:index": 200,
    "admin:password_change": 200,
    "admin:password_change_done": 200,
    "admin:autocomplete": 403,  # without its query parameters
    "admin:jsi18n": 200,
    "admin:view_on_site": 404,  # a ticket has no public URL
    "admin:app_list": 200,
    "admin:auth_user_password_change": 200,
    "admin/(?P<url>.*)": 404,  # the catch-all
    "admin:kb_article_compare": 200,  # two revisions side by side (none chosen: the picker)
}
# Rows only the application writes (tickets, events, e-mails, surveys, alerts, sign-in
# failures): the admin may look, not add; and not delete the audit trail either.
NO_ADD = {
    "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog", "tickets_ticket",
    "tickets_ticketevent", "tickets_externalconversation", "tickets_eventhandlerfailure",
    "tickets_outboundemail", "tickets_csatsurvey", "tickets_npssurvey", "tickets_slaalert",
}  # fmt: skip
NO_DELETE = NO_ADD - {"axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def admin_row(key: str, route: str, *, has_object: bool) -> Row | None:
    """``has_object``: the world has a row of the URL's model (else its object pages send the
    admin back to the index: "does not exist")."""
    missing = "/admin/"
    if key == "admin:login":
        return GET(200, 200, 200, 200, 200, "/admin/")
    if key == "admin:logout":
        return GET("/admin/", "/admin/", "/admin/", "/admin/", "/admin/", 405)
    if key in ADMIN_PAGES or route in ADMIN_PAGES:
        return GET(*NOT_STAFF, ADMIN_PAGES.get(key, ADMIN_PAGES.get(route)))
    if not key.startswith("admin:"):  # admin/<app>/<model>/<object_id>/ -> .../change/
        return GET(*NOT_STAFF, "/admin/")
    model, _, kind = key.removeprefix("admin:").rpartition("_")
    if kind == "changelist":
        cell = 200
    elif kind == "add":
        cell = 403 if model in NO_ADD else 200
    elif kind == "delete" and model in NO_DELETE:
        cell = 403  # checked before the row is looked up
    elif kind in ("change", "history", "delete"):
        cell = 200 if has_object else missing
    else:
        return None
    return GET(*NOT_STAFF, cell)
