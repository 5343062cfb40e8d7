"""How the dashboard page shows the selectors' numbers: tiles with their change against the
previous period, chart data, breakdown rows, and the queue links behind every number.

The numbers themselves come from metrics.selectors unchanged (the API returns the same ones);
this module only labels, formats and links them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from metrics.selectors import BreakdownRow, DashboardQuery, DayPoint, Kpi
from tickets.templatetags.helpdesk import duration

# key: (label, whether a rise is good: True / False / None = neither, the tickets behind it)
KPI_META: dict[str, tuple[str, bool | None, str]] = {
    "created": (gettext_lazy("Tickets created"), None, "created"),
    "solved": (gettext_lazy("Tickets solved"), True, "resolved"),
    "backlog": (gettext_lazy("Open at the end"), False, "open"),
    "frt_median": (gettext_lazy("First response, median"), False, "responded"),
    "frt_p90": (gettext_lazy("First response, 90th percentile"), False, "responded"),
    "frt_business_median": (
        gettext_lazy("First response, median in business hours"), False, "responded",
    ),
    "resolution_median": (gettext_lazy("Resolution, median"), False, "resolved"),
    "resolution_p90": (gettext_lazy("Resolution, 90th percentile"), False, "resolved"),
    "resolution_business_median": (
        gettext_lazy("Resolution, median in business hours"), False, "resolved",
    ),
    "requester_wait_median": (gettext_lazy("Requester wait, median"), False, "resolved"),
    "csat": (gettext_lazy("CSAT"), True, "csat"),
    "nps": (gettext_lazy("NPS"), True, "nps"),
    "sla_attainment": (gettext_lazy("SLA attainment"), True, "sla"),
    "one_touch": (gettext_lazy("One-touch resolution"), True, "one_touch"),
    "reopened": (gettext_lazy("Reopens"), False, "reopened"),
}  # fmt: skip
# Element ids kept from the first dashboard (bookmarks, the thin-slice browser test).
KPI_DOM_IDS = {
    "created": "tickets-created",
    "frt_median": "median-first-response",
    "resolution_median": "median-resolution",
}


def queue_url(**params) -> str:
    """The agent queue listing the tickets behind a number (tickets.queue_filters)."""
    query = {name: value for name, value in params.items() if value not in (None, "")}
    return f"{reverse('agent-queue')}?{urlencode(query)}"


def _filters(query: DashboardQuery) -> dict:
    return dict(query.filters())


def _range(prefix: str, query: DashboardQuery) -> dict:
    return {f"{prefix}_from": query.start.isoformat(), f"{prefix}_to": query.end.isoformat()}


def tickets_behind(query: DashboardQuery, what: str, **extra) -> str:
    """The queue link of the tickets a number of ``query`` counts (``what``: see KPI_META)."""
    params = _filters(query) | extra
    if what == "created":
        params |= _range("created", query)
    elif what == "responded":
        params |= _range("created", query) | {"responded": "1"}
    elif what == "resolved":
        params |= _range("resolved", query)
    elif what == "open":
        params |= {"open_on": query.end.isoformat()}
    elif what == "csat":
        params |= _range("rated", query) | {"csat": extra.get("csat", "answered")}
    elif what == "nps":
        params |= _range("rated", query) | {"nps": "answered"}
    elif what == "sla":
        params |= _range("created", query) | {"sla": extra.get("sla", "any")}
    elif what == "one_touch":
        params |= _range("resolved", query) | {"one_touch": "1"}
    elif what == "reopened":
        params |= _range("resolved", query) | {"reopened": "1"}
    return queue_url(**params)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "seconds":
        return duration(value)
    if unit == "percent":
        return _("%(value)s %%") % {"value": number_format(value, 1)}
    if unit == "score":
        return number_format(value, 1)
    return number_format(int(value), force_grouping=True)


def format_change(change: float | None, unit: str) -> str:
    """The change with its sign (a real minus sign); percentages change by points."""
    if change is None:
        return "—"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    size = abs(change)
    if unit == "seconds":
        return f"{sign}{duration(size)}"
    if unit == "percent":
        return _("%(sign)s%(value)s pp") % {"sign": sign, "value": number_format(size, 1)}
    if unit == "score":
        return f"{sign}{number_format(size, 1)}"
    return f"{sign}{number_format(int(size), force_grouping=True)}"


@dataclass(frozen=True)
class Tile:
    key: str
    dom_id: str
    label: str
    value: str
    previous: str
    change: str
    trend: str  # "up" | "down" | "flat" | "none"
    verdict: str  # "good" | "bad" | "neutral"
    count: int
    href: str


def tiles(query: DashboardQuery, kpis: list[Kpi]) -> list[Tile]:
    result = []
    for kpi in kpis:
        label, up_is_good, what = KPI_META[kpi.key]
        change = kpi.change
        if change is None:
            trend = "none"
        else:
            trend = "up" if change > 0 else "down" if change < 0 else "flat"
        if trend in ("up", "down") and up_is_good is not None:
            verdict = "good" if (trend == "up") == up_is_good else "bad"
        else:
            verdict = "neutral"
        result.append(
            Tile(
                key=kpi.key,
                dom_id=KPI_DOM_IDS.get(kpi.key, f"kpi-{kpi.key}"),
                label=str(label),
                value=format_value(kpi.value, kpi.unit),
                previous=format_value(kpi.previous, kpi.unit),
                change=format_change(change, kpi.unit),
                trend=trend,
                verdict=verdict,
                count=kpi.count,
                href=tickets_behind(query, what),
            )
        )
    return result


def previous_label(query: DashboardQuery) -> str:
    days = query.days
    return ngettext("vs previous %(days)d day", "vs previous %(days)d days", days) % {"days": days}


def _duration_unit(series: list[DayPoint], names: tuple[str, ...]) -> str:
    """Minutes while every value is under three hours, hours past that."""
    values = [getattr(point, name) or 0 for point in series for name in names]
    return "minutes" if max(values, default=0) < 3 * 3600 else "hours"


def _in(unit: str):
    size = 60 if unit == "minutes" else 3600

    def convert(seconds: float | None) -> float | None:
        return None if seconds is None else round(seconds / size, 2)

    return convert


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def chart_data(series: list[DayPoint]) -> dict:
    """What static/js/dashboard.js draws (read from a json_script block): labels, and per
    chart its datasets. Durations in hours, shares in percent."""
    weekly = any(point.days > 1 for point in series)
    labels = [date_format(point.day, "SHORT_DATE_FORMAT") for point in series]

    def line(label, values, color, kind="line"):
        return {"label": str(label), "data": values, "color": color, "type": kind}

    def pick(name, convert=_round):
        return [convert(getattr(point, name)) for point in series]

    frt_unit = _duration_unit(series, ("frt_p50", "frt_p90"))
    resolution_unit = _duration_unit(series, ("resolution_p50", "resolution_p90"))
    frt, resolution = _in(frt_unit), _in(resolution_unit)

    return {
        "labels": labels,
        "weekly": weekly,
        "charts": {
            "frt": [
                line(_("Median"), pick("frt_p50", frt), "#2457d6"),
                line(_("90th percentile"), pick("frt_p90", frt), "#b42318"),
            ],
            "resolution": [
                line(_("Median"), pick("resolution_p50", resolution), "#2457d6"),
                line(_("90th percentile"), pick("resolution_p90", resolution), "#b42318"),
            ],
            "volume": [
                line(_("Created"), pick("created", int), "#2457d6", "bar"),
                line(_("Solved"), pick("solved", int), "#067647", "bar"),
            ],
            "backlog": [line(_("Open at the end of the day"), pick("backlog", int), "#7a5af8")],
            "csat": [line(_("CSAT (%)"), pick("csat"), "#067647")],
            "nps": [line(_("NPS"), pick("nps"), "#b54708")],
            "sla": [line(_("SLA attainment (%)"), pick("sla_attainment"), "#2457d6")],
        },
        # Each chart's unit (durations: minutes or hours, whichever reads better).
        "units": {"frt": frt_unit, "resolution": resolution_unit},
        "axis": {
            "hours": _("hours"),
            "minutes": _("minutes"),
            "percent": "%",
            "count": _("tickets"),
            "score": _("score"),
        },
    }


CHARTS = (
    ("frt", gettext_lazy("First response time"), "hours"),
    ("resolution", gettext_lazy("Resolution time"), "hours"),
    ("volume", gettext_lazy("Created and solved"), "count"),
    ("backlog", gettext_lazy("Backlog"), "count"),
    ("csat", gettext_lazy("CSAT"), "percent"),
    ("nps", gettext_lazy("NPS"), "score"),
    ("sla", gettext_lazy("SLA attainment"), "percent"),
)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    axis: str
    # The accessible fallback: a header and rows of (day label, formatted values).
    header: list[str]
    rows: list[list[str]]


def _cell(value, axis: str) -> str:
    if value is None:
        return "—"
    if axis in ("hours", "minutes"):
        return duration(value * (3600 if axis == "hours" else 60))
    if axis == "percent":
        return _("%(value)s %%") % {"value": number_format(value, 1)}
    if axis == "score":
        return number_format(value, 1)
    return number_format(value, force_grouping=True)


def charts(query: DashboardQuery, series: list[DayPoint], data: dict) -> list[Chart]:
    result = []
    for key, title, axis in CHARTS:
        axis = data["units"].get(key, axis)
        datasets = data["charts"][key]
        rows = []
        for index, label in enumerate(data["labels"]):
            if series[index].days > 1:
                end = series[index].day + timedelta(days=series[index].days - 1)
                label = f"{label} – {date_format(end, 'SHORT_DATE_FORMAT')}"
            rows.append([label, *(_cell(ds["data"][index], axis) for ds in datasets)])
        header = [_("Week") if data["weekly"] else _("Day"), *(ds["label"] for ds in datasets)]
        result.append(Chart(key=key, title=str(title), axis=axis, header=header, rows=rows))
    return result


BREAKDOWN_TITLES = {
    "team": gettext_lazy("By team"),
    "agent": gettext_lazy("By agent"),
    "channel": gettext_lazy("By channel"),
    "priority": gettext_lazy("By priority"),
    "category": gettext_lazy("By category"),
}


@dataclass(frozen=True)
class BreakdownLine:
    row: BreakdownRow
    created_href: str | None
    solved_href: str | None
    csat_href: str | None
    nps_href: str | None
    sla_href: str | None


def _dimension_value(by: str, key):
    """The queue filter value of a breakdown row's key; None where the queue has none."""
    if key is None or key == "":
        return "none" if by in ("agent", "category") else None
    return key


def breakdown_lines(query: DashboardQuery, by: str, rows: list[BreakdownRow]) -> list:
    lines = []
    for row in rows:
        value = _dimension_value(by, row.key)
        if value is None:
            lines.append(BreakdownLine(row, None, None, None, None, None))
            continue
        narrowed = {by: value}
        lines.append(
            BreakdownLine(
                row=row,
                created_href=tickets_behind(query, "created", **narrowed),
                solved_href=tickets_behind(query, "resolved", **narrowed),
                csat_href=tickets_behind(query, "csat", **narrowed),
                nps_href=tickets_behind(query, "nps", **narrowed),
                sla_href=tickets_behind(query, "sla", **narrowed),
            )
        )
    return lines


def speed_links(query: DashboardQuery, speed: str, bucket: str) -> tuple[str, str]:
    """Queue links of the CSAT and the NPS answers in one speed bucket."""
    name = "frt_bucket" if speed == "first_response" else "resolution_bucket"
    return (
        tickets_behind(query, "csat", **{name: bucket}),
        tickets_behind(query, "nps", **{name: bucket}),
    )
