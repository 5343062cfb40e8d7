"""The cases of bench.workspace (see its docstring): which page, with which data, or why not."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

DEEP_PAGES = 50  # follow "next" this many times (or to the end of the list)
BULK_SIZE = 50


@dataclass
class Case:
    label: str
    group: str  # "baseline", "list", "search", "ticket", "bulk"
    path: str = ""
    skip: str = ""  # why the case is not measured
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: object = None  # callable(i) -> (data, json) for POSTs
    ok: tuple = (200,)
    note: str = ""  # search: the rare word whose tickets the page should name
    rare_hits: str = ""


def url_of_view(lookup: str) -> str | None:
    """The URL of the pattern (without arguments) whose view is ``lookup`` ("module.name")."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.lookup_str == lookup and pattern.name:
                yield pattern.name

    for name in walk(get_resolver().url_patterns):
        try:
            return reverse(name)
        except Exception:  # noqa: S112 - a pattern with arguments: look further
            continue
    return None


def _resolves(path: str, *views: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    return not views or match._func_path in views


def next_link(page: str) -> str | None:
    for tag in re.findall(r"<a\b[^>]*>", page):
        if re.search(r"\brel=\"next\"", tag):
            href = re.search(r"\bhref=\"([^\"]*)\"", tag)
            if href:
                return html.unescape(href.group(1))
    return None


def deep_page(session, base: str, pages: int) -> tuple[str, int, str]:
    """Follow rel="next" from /agent/ up to ``pages`` times (fewer where the list ends):
    (path, page number, why not)."""
    path, page = "/agent/", 1
    while page <= pages:
        response = session.get(base + path, timeout=300, allow_redirects=False)
        if response.status_code != 200:
            return "", page, f"GET {path} -> {response.status_code}"
        link = next_link(response.text)
        if not link:
            break
        path, page = ("/agent/" + link if link.startswith("?") else link), page + 1
    if page == 1:
        return "", page, 'no rel="next" link on /agent/'
    return path, page, ""


def build_cases(session, base: str, meta: dict, world) -> list[Case]:
    from urllib.parse import urlencode

    from bench.workspace_words import COMMON, RARE
    from tickets.models import Ticket

    mine = Ticket.objects.filter(team_id__in=world.agent_team_ids)
    pk = mine.order_by("-id").values_list("pk", flat=True).first()
    cases = [
        Case("/healthz/ (trivial view)", "baseline", "/healthz/"),
        Case("SELECT by pk + template", "baseline", f"/bench/pk/{pk}/"),
        Case("home /agent/ (counts + page 1)", "list", "/agent/"),
        Case(
            "queue list page 1 (htmx list)",
            "list",
            "/agent/",
            headers={"HX-Request": "true", "HX-Target": "queue-list"},
        ),
    ]
    deep, page, why = deep_page(session, base, DEEP_PAGES)
    cases.append(Case(f"queue page {page} (keyset)", "list", deep, skip=why))
    cases.append(
        Case(
            "filtered team+priority+status",
            "list",
            f"/agent/?team={world.team_ids[2]}&priority=high&status=open",
        )
    )
    searchable = _resolves("/agent/search/")
    for lang in ("en", "ru"):
        for kind, word in (("common", COMMON[lang]), ("rare", next(iter(RARE[lang])))):
            cases.append(
                Case(
                    f"search {lang} {kind} “{word}”",
                    "search",
                    "/agent/search/?" + urlencode({"q": word}),
                    skip="" if searchable else "/agent/search/ is not in the project yet",
                    note=word if kind == "rare" else "",
                )
            )
    long = mine.filter(pk__in=meta["long_threads"]).order_by("-id").first()
    cases.append(
        Case(
            "ticket page, 60-message thread",
            "ticket",
            f"/agent/tickets/{long.reference}/" if long else "",
            skip="" if long else "no long thread in the agent's teams",
        )
    )
    open_ids = list(
        mine.filter(team_id=world.team_ids[0], status="open")
        .exclude(pk__in=meta["long_threads"])
        .order_by("-id")
        .values_list("pk", "number")[: 2 * BULK_SIZE]
    )
    form_ids = [str(pk) for pk, _n in open_ids[:BULK_SIZE]]
    api_refs = [Ticket(number=n).reference for _pk, n in open_ids[BULK_SIZE:]]
    priorities = ("high", "normal")
    form_url = url_of_view("tickets.views.queue.bulk_update")
    cases.append(
        Case(
            f"bulk priority on {BULK_SIZE}, queue form",
            "bulk",
            form_url or "",
            skip="" if form_url else "the queue's bulk form view is not in the project yet",
            method="POST",
            ok=(200, 302, 303),
            body=lambda i: ({"tickets": form_ids, "priority": priorities[i % 2]}, None),
        )
    )
    api_url = url_of_view("tickets.api.assignment.TicketBulkUpdateApi")
    cases.append(
        Case(
            f"bulk priority on {BULK_SIZE}, API",
            "bulk",
            api_url or "",
            skip="" if api_url else "POST /api/v1/tickets/bulk/ is not in the project yet",
            method="POST",
            body=lambda i: (
                None,
                {"tickets": api_refs, "changes": {"priority": priorities[i % 2]}},
            ),
        )
    )
    if len(open_ids) < 2 * BULK_SIZE:
        for case in cases[-2:]:
            case.skip = case.skip or f"fewer than {2 * BULK_SIZE} open tickets in the first team"
    return cases


def rare_hits(session, base: str, case: Case, meta: dict, world) -> str:
    """How many of the rare word's tickets that the agent may see the results page names."""
    from tickets.models import Ticket

    ids = meta["rare"].get(case.note, [])
    visible = Ticket.objects.filter(pk__in=ids, team_id__in=world.agent_team_ids)
    page = session.get(base + case.path, timeout=300).text
    found = sum(ticket.reference in page for ticket in visible)
    return f"{found} of its {visible.count()} visible tickets on the page"
