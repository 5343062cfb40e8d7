"""The ticket's e-mail log over the API: what we sent about a ticket, to whom, and whether it
went out (agents only; the same selector as the agent page's log)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination

from tickets.models import OutboundEmail
from tickets.selectors import ticket_email_log, ticket_get_for_user


class OutboundEmailOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    message = serializers.PrimaryKeyRelatedField(read_only=True)
    error = serializers.CharField(source="last_error", read_only=True)

    class Meta:
        model = OutboundEmail
        fields = [
            "id",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "recipient",
            "subject",
            "language",
            "message",
            "message_id_header",
            "in_reply_to",
            "is_automatic",
            "attempts",
            "provider_id",
            "error",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


class OldestFirst(CursorPagination):
    ordering = ("created_at", "id")


class TicketEmailListApi(ListAPIView):
    serializer_class = OutboundEmailOutput
    pagination_class = OldestFirst

    def get_queryset(self):
        ticket = ticket_get_for_user(user=self.request.user, reference=self.kwargs["reference"])
        return ticket_email_log(user=self.request.user, ticket=ticket)

    @extend_schema(
        summary="The e-mails sent about a ticket (agents)",
        description=(
            "Every e-mail about the ticket, oldest first: acknowledgements, replies, status "
            "notices and agent notifications, with their delivery status (queued, sent, "
            "failed, suppressed), attempts, provider id and last error. `message` is the id of "
            "the reply an e-mail carried."
        ),
        responses={
            200: OutboundEmailOutput(many=True),
            404: OpenApiResponse(description="No such ticket, or not an agent's login."),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
