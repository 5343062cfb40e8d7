"""The customer's own status changes over the API: "this solved my problem" and "reopen". The
same services and rules as the tracking page's buttons (tickets.services.portal)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.api.serializers import TicketDetailOutput
from tickets.selectors import ticket_get_for_user
from tickets.services import portal

_ERRORS = {
    400: OpenApiResponse(
        description="The ticket cannot make this change (closed, or solved longer ago than the "
        "reopen window)."
    ),
    403: OpenApiResponse(description="Not a customer's login (agents set the status with PATCH)."),
    404: OpenApiResponse(description="No such ticket among yours."),
}


class _CustomerStatusApi(APIView):
    change = None  # the service, set by each subclass

    def post(self, request, reference):
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        customer = getattr(request.user, "customer", None)
        if customer is None or customer.pk != ticket.customer_id:
            raise PermissionDenied(_("Only the ticket's customer can do this."))
        self.change(ticket=ticket, customer=customer)
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        return Response(TicketDetailOutput(ticket).data)


class TicketSolveApi(_CustomerStatusApi):
    change = staticmethod(portal.ticket_solve_by_customer)

    @extend_schema(
        summary="Mark your ticket solved (customers)",
        description="“This solved my problem”. On a ticket that is solved already it changes "
        "nothing.",
        request=None,
        responses={200: TicketDetailOutput, **_ERRORS},
    )
    def post(self, request, reference):
        return super().post(request, reference)


class TicketReopenApi(_CustomerStatusApi):
    change = staticmethod(portal.ticket_reopen_by_customer)

    @extend_schema(
        summary="Reopen your solved ticket (customers)",
        description="Within HELPDESK_REOPEN_WINDOW_DAYS of its solving; later, a new message "
        "opens a follow-up ticket instead. On an open ticket it changes nothing.",
        request=None,
        responses={200: TicketDetailOutput, **_ERRORS},
    )
    def post(self, request, reference):
        return super().post(request, reference)
