"""The agent ticket page's reads over the API: the history in plain words, who else is viewing
(the same heartbeat as the page's), the reply preview and the customer's other tickets. Agents
only; the same selectors and the same permission rules as tickets/views/ticket_page.py."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import NotFound
from tickets.api.serializers import TicketOutput
from tickets.models import Message
from tickets.roles import user_is_agent
from tickets.ticket_page.presence import PRESENCE_TTL_SECONDS, presence_touch
from tickets.ticket_page.selectors import (
    customer_other_tickets,
    ticket_get_light,
    ticket_history,
)

NOT_FOUND = OpenApiResponse(description="No such ticket, or not an agent of its team.")


def _agents_ticket(request, reference):
    if not user_is_agent(request.user):
        raise NotFound(_("Ticket not found."))  # as for a ticket one may not see: no leak
    return ticket_get_light(user=request.user, reference=reference)


class HistoryLineOutput(serializers.Serializer):
    event_id = serializers.IntegerField(help_text="Pass the last one as a reply's seen_event.")
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    text = serializers.CharField(help_text="The line in plain words, in the active language.")
    by_system = serializers.BooleanField()


class TicketHistoryApi(APIView):
    @extend_schema(
        summary="The ticket's history in plain words, oldest first (agents)",
        responses={200: HistoryLineOutput(many=True), 404: NOT_FOUND},
    )
    def get(self, request, reference):
        ticket = _agents_ticket(request, reference)
        return Response(HistoryLineOutput(ticket_history(ticket=ticket), many=True).data)


PresenceOutput = inline_serializer(
    "TicketPresence",
    {
        "viewers": serializers.ListField(
            child=serializers.CharField(), help_text="The others viewing the ticket now."
        ),
        "expires_in": serializers.IntegerField(help_text="Seconds this heartbeat counts for."),
    },
)


class TicketPresenceApi(APIView):
    @extend_schema(
        summary="Heartbeat: I am viewing this ticket; who else is? (agents)",
        request=None,
        responses={200: PresenceOutput, 404: NOT_FOUND},
    )
    def post(self, request, reference):
        ticket = _agents_ticket(request, reference)
        viewers = presence_touch(ticket=ticket, user=request.user)
        return Response({"viewers": viewers, "expires_in": PRESENCE_TTL_SECONDS})


class PreviewInput(serializers.Serializer):
    body = serializers.CharField(max_length=100_000, allow_blank=True, trim_whitespace=False)
    is_internal = serializers.BooleanField(default=False)


PreviewOutput = inline_serializer(
    "ReplyPreview",
    {"html": serializers.CharField(help_text="The body as the thread and the e-mail show it.")},
)


class TicketPreviewApi(APIView):
    @extend_schema(
        summary="Preview a reply as the customer will see it (agents)",
        request=PreviewInput,
        responses={200: PreviewOutput, 400: OpenApiResponse(description="Errors by field."),
                   404: NOT_FOUND},
    )  # fmt: skip
    def post(self, request, reference):
        ticket = _agents_ticket(request, reference)
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = Message(
            ticket=ticket,
            author_agent=request.user,
            body=data.validated_data["body"],
            body_format=Message.Format.TEXT,
            is_internal=data.validated_data["is_internal"],
        )
        html = render_to_string("tickets/partials/ticket_preview_body.html", {"message": message})
        return Response({"html": html.strip()})


class CustomerTicketsApi(APIView):
    @extend_schema(
        summary="The customer's latest other tickets you can see (agents)",
        responses={200: TicketOutput(many=True), 404: NOT_FOUND},
    )
    def get(self, request, reference):
        ticket = _agents_ticket(request, reference)
        others = customer_other_tickets(user=request.user, ticket=ticket, with_tags=True)
        return Response(TicketOutput(others, many=True).data)
