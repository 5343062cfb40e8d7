"""The manager dashboard as CSV: the KPIs, the series and the breakdowns, from the same
selectors as the page and the API.

Opened in a spreadsheet, a text cell starting with = + - @, a tab or a carriage return would be
read as a formula (names of teams, agents and categories are typed by people), so every text
cell starting with one is prefixed with ``'``. Numbers are written as numbers: a negative NPS
is data, not a formula. UTF-8 with a byte-order mark, so Excel reads Cyrillic right."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from helpdesk.auth import permission_required
from metrics.api.serializers import DashboardQueryInput, present
from metrics.presentation import KPI_META
from metrics.selectors import (
    BREAKDOWNS,
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    dimension_label,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value) -> str:
    """A cell's text, defused if a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _breakdown_titles() -> dict[str, str]:
    return {
        "team": _("Team"),
        "agent": _("Agent"),
        "channel": _("Channel"),
        "priority": _("Priority"),
        "category": _("Category"),
    }


def dashboard_rows(query: DashboardQuery) -> Iterator[list]:
    """The export's rows (raw values; ``safe_cell`` makes them text): sections separated by an
    empty row, each with its own header."""
    yield [_("Period"), query.start.isoformat(), query.end.isoformat()]
    for name, value in query.filters().items():
        yield [_breakdown_titles()[name], dimension_label(name, value)]
    yield []
    yield [
        _("Metric"),
        _("Key"),
        _("Value"),
        _("Previous period"),
        _("Change"),
        _("Count"),
        _("Unit"),
    ]
    for kpi in dashboard_kpis(query):
        # The tile's name in the active language; the key and unit are the API's.
        name = str(KPI_META[kpi.key][0]) if kpi.key in KPI_META else kpi.key
        yield [name, kpi.key, kpi.value, kpi.previous, kpi.change, kpi.count, kpi.unit]
    yield []
    yield [
        _("Day"),
        _("Days"),
        _("Created"),
        _("Solved"),
        _("Backlog"),
        _("First response median (s)"),
        _("First response p90 (s)"),
        _("Resolution median (s)"),
        _("Resolution p90 (s)"),
        _("CSAT (%)"),
        _("NPS"),
        _("SLA attainment (%)"),
    ]
    for point in dashboard_series(query):
        yield [
            point.day.isoformat(),
            point.days,
            point.created,
            point.solved,
            point.backlog,
            point.frt_p50,
            point.frt_p90,
            point.resolution_p50,
            point.resolution_p90,
            point.csat,
            point.nps,
            point.sla_attainment,
        ]
    for by in BREAKDOWNS:
        yield []
        yield [
            _breakdown_titles()[by],
            _("Created"),
            _("Solved"),
            _("First response median (s)"),
            _("Resolution median (s)"),
            _("CSAT (%)"),
            _("CSAT answers"),
            _("NPS"),
            _("NPS answers"),
            _("SLA attainment (%)"),
        ]
        for row in dashboard_breakdown(query, by=by):
            yield [
                row.label,
                row.created,
                row.solved,
                row.frt_median,
                row.resolution_median,
                row.csat,
                row.csat_count,
                row.nps,
                row.nps_count,
                row.sla_attainment,
            ]


def write_csv(response, rows: Iterable[list]) -> None:
    response.write(BOM)
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])


@require_GET
@permission_required("tickets.view_dashboard")
def dashboard_csv(request):
    """``/manager/export.csv`` with the dashboard's query parameters; bad ones: 400 JSON."""
    params = DashboardQueryInput(data=present(request.GET))
    if not params.is_valid():
        return JsonResponse(params.errors, status=400)
    query = params.query()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"dashboard-{query.start.isoformat()}-{query.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, dashboard_rows(query))
    return response
