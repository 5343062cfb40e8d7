"""The manager dashboard page: filters in the URL, tiles, charts, breakdowns, satisfaction
against speed. Numbers from metrics.selectors (the API's), shown by metrics.presentation."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from helpdesk.auth import permission_required
from kb.reports import deflection_report
from metrics import presentation
from metrics.forms import DashboardForm
from metrics.selectors import (
    BREAKDOWNS,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    satisfaction_by_speed,
)


@require_GET
@permission_required("tickets.view_dashboard")
def dashboard(request):
    form = DashboardForm.from_query(request.GET)
    context = {"form": form}
    if form.is_valid():
        query = form.query()
        series = dashboard_series(query)
        chart_data = presentation.chart_data(series)
        speed = satisfaction_by_speed(query)
        params = {"start": query.start.isoformat(), "end": query.end.isoformat()}
        params |= query.filters()
        context |= {
            "query": query,
            "previous": query.previous(),
            "previous_label": presentation.previous_label(query),
            "tiles": presentation.tiles(query, dashboard_kpis(query)),
            "chart_data": chart_data,
            "charts": presentation.charts(query, series, chart_data),
            "breakdowns": [
                (
                    by,
                    presentation.BREAKDOWN_TITLES[by],
                    presentation.breakdown_lines(query, by, dashboard_breakdown(query, by=by)),
                )
                for by in BREAKDOWNS
            ],
            "speed": [
                (
                    kind,
                    [(row, *presentation.speed_links(query, kind, row.bucket)) for row in rows],
                )
                for kind, rows in (
                    ("first_response", speed.first_response),
                    ("resolution", speed.resolution),
                )
            ],
            "deflection": deflection_report(start=query.start, end=query.end),
            "csv_url": f"{reverse('manager-export-csv')}?{urlencode(params)}",
            "api_url": f"{reverse('api-metrics-dashboard')}?{urlencode(params)}",
        }
    return render(request, "metrics/dashboard.html", context)
