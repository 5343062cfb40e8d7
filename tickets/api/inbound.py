"""Incoming e-mail for agents over the API: the quarantine list, accept, reject, raw download.
Same selectors and services as the HTML review page."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.models import InboundEmail
from tickets.roles import user_is_agent
from tickets.selectors import inbound_email_get_for_user, inbound_emails_for_review
from tickets.services.inbound_email import inbound_email_accept, inbound_email_reject
from tickets.views.inbound import raw_response


class InboundEmailOutput(serializers.ModelSerializer):
    ticket = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()

    class Meta:
        model = InboundEmail
        fields = [
            "id",
            "received_at",
            "source",
            "from_address",
            "from_name",
            "subject",
            "size",
            "outcome",
            "reason",
            "review",
            "reviewed_by",
            "reviewed_at",
            "ticket",
            "message",
        ]

    def get_ticket(self, inbound: InboundEmail) -> str | None:
        return inbound.ticket.reference if inbound.ticket_id else None

    def get_reviewed_by(self, inbound: InboundEmail) -> str | None:
        return inbound.reviewed_by.get_username() if inbound.reviewed_by_id else None


class InboundPage(serializers.Serializer):
    results = InboundEmailOutput(many=True)
    next_before = serializers.IntegerField(allow_null=True)


def _require_agent(user) -> None:
    if not user_is_agent(user):
        raise PermissionDenied()


class InboundEmailListApi(APIView):
    @extend_schema(
        summary="Incoming e-mail waiting for review (agents)",
        parameters=[
            OpenApiParameter("show", enum=["quarantined", "rejected"], required=False),
            OpenApiParameter("before", int, required=False, description="id keyset cursor"),
        ],
        responses=InboundPage,
    )
    def get(self, request):
        _require_agent(request.user)
        before = request.query_params.get("before", "")
        emails = inbound_emails_for_review(
            user=request.user,
            kind="rejected" if request.query_params.get("show") == "rejected" else "quarantined",
            before=int(before)
            if before.isascii() and before.isdigit() and len(before) < 18
            else None,
        )
        return Response(
            {
                "results": InboundEmailOutput(emails, many=True).data,
                "next_before": emails[-1].pk if len(emails) >= 50 else None,
            }
        )


class InboundEmailAcceptApi(APIView):
    @extend_schema(
        summary="Accept a quarantined reply: add it to the ticket (agents)",
        request=None,
        responses=InboundEmailOutput,
    )
    def post(self, request, inbound_id):
        _require_agent(request.user)
        inbound = inbound_email_get_for_user(user=request.user, inbound_id=inbound_id)
        inbound = inbound_email_accept(inbound=inbound, agent=request.user)
        return Response(InboundEmailOutput(inbound).data)


class InboundEmailRejectApi(APIView):
    @extend_schema(
        summary="Reject a quarantined reply (agents)", request=None, responses=InboundEmailOutput
    )
    def post(self, request, inbound_id):
        _require_agent(request.user)
        inbound = inbound_email_get_for_user(user=request.user, inbound_id=inbound_id)
        inbound = inbound_email_reject(inbound=inbound, agent=request.user)
        return Response(InboundEmailOutput(inbound).data)


class InboundEmailRawApi(APIView):
    @extend_schema(
        summary="Download the raw message as it arrived (agents)",
        responses={(200, "message/rfc822"): OpenApiTypes.BINARY},
    )
    def get(self, request, inbound_id):
        _require_agent(request.user)
        return raw_response(inbound_email_get_for_user(user=request.user, inbound_id=inbound_id))
