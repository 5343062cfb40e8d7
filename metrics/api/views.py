"""The manager dashboard's numbers as JSON: the same selectors as the page and the CSV."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kb.reports import deflection_report
from metrics.api.serializers import DashboardOutput, DashboardQueryInput, present
from metrics.selectors import (
    BREAKDOWNS,
    DashboardQuery,
    dashboard_breakdown,
    dashboard_kpis,
    dashboard_series,
    satisfaction_by_speed,
)
from tickets.roles import user_is_manager


class CanViewDashboard(BasePermission):
    def has_permission(self, request, view) -> bool:
        return user_is_manager(request.user)


def _period(start, end) -> dict:
    return {"start": start, "end": end, "days": (end - start).days + 1}


def dashboard_payload(query: DashboardQuery) -> dict:
    previous = query.previous()
    return {
        "period": _period(query.start, query.end),
        "previous_period": _period(previous.start, previous.end),
        "kpis": dashboard_kpis(query),
        "series": dashboard_series(query),
        "breakdowns": {by: dashboard_breakdown(query, by=by) for by in BREAKDOWNS},
        "satisfaction_by_speed": satisfaction_by_speed(query),
        "deflection": deflection_report(start=query.start, end=query.end),
    }


class DashboardApi(APIView):
    permission_classes = (IsAuthenticated, CanViewDashboard)

    @extend_schema(
        summary="Manager dashboard numbers (needs the view_dashboard permission)",
        description=(
            "KPIs with the previous period of the same length, the series over time (one "
            "point a day, one per 7 days past 120 days), breakdowns by team, agent, channel, "
            "priority and category, CSAT/NPS by first-response and resolution speed, and the "
            "knowledge base's deflection (not filtered by team, agent or channel). "
            "Durations in seconds; percentiles from merged histograms (at most 4.9 % off). "
            "Definitions: docs/metrics.md."
        ),
        parameters=[DashboardQueryInput],
        responses={
            200: DashboardOutput,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Bad parameters: a list of errors by parameter name (start, end, "
                "team, agent, channel, priority, category).",
            ),
            403: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Not signed in, or no view_dashboard permission."
            ),
        },
    )
    def get(self, request):
        params = DashboardQueryInput(data=present(request.query_params))
        params.is_valid(raise_exception=True)
        return Response(DashboardOutput(dashboard_payload(params.query())).data)
