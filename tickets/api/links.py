"""Merging and linking over the API (agents): the same services and getters as the ticket page's
"Merged and related" panel (tickets/views/links.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import NotFound, ValidationError
from tickets.api.serializers import TicketOutput
from tickets.models import Ticket, TicketLink
from tickets.related import ticket_by_reference_for_user, ticket_link_get, ticket_relations_for_user
from tickets.roles import user_is_agent
from tickets.selectors import ticket_get_for_user
from tickets.services.merge import ticket_link, ticket_merge, ticket_unlink

REFERENCE_HELP = "A ticket's reference, HD-000123."


class MergeInput(serializers.Serializer):
    into = serializers.CharField(
        max_length=30, help_text="The ticket that stays. " + REFERENCE_HELP
    )


class MergeOutput(serializers.Serializer):
    source = TicketOutput(help_text="The duplicate, now closed with merged_into set.")
    target = TicketOutput(help_text="The ticket that holds the messages now.")
    merged_into = serializers.CharField(help_text="The target's reference.")
    moved_messages = serializers.IntegerField()


class LinkInput(serializers.Serializer):
    ticket = serializers.CharField(max_length=30, help_text="The related ticket. " + REFERENCE_HELP)
    kind = serializers.ChoiceField(choices=TicketLink.Kind.choices, default=TicketLink.Kind.RELATED)


class LinkedTicketOutput(serializers.Serializer):
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Ticket.Status.choices)


class LinkOutput(serializers.Serializer):
    id = serializers.IntegerField(source="link.pk")
    kind = serializers.CharField(source="link.kind")
    ticket = LinkedTicketOutput(help_text="The ticket at the other end of the link.")
    created_at = serializers.DateTimeField(source="link.created_at")
    created_by = serializers.CharField(
        source="link.created_by.username", default=None, allow_null=True
    )


def _agent_ticket(request, reference: str) -> Ticket:
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    if not user_is_agent(request.user):
        raise PermissionDenied(_("Only agents can do this."))
    return ticket


def _named_ticket(request, reference: str, field: str) -> Ticket:
    """The other ticket of a request body: one the agent cannot see is a 400 on its field."""
    try:
        return ticket_by_reference_for_user(user=request.user, reference=reference, field=field)
    except NotFound as error:
        raise ValidationError(error.message, field=field) from None


ERRORS = {
    400: OpenApiResponse(description="Refused, with the reason under the field's name"),
    403: OpenApiResponse(description="Not an agent of this ticket"),
    404: OpenApiResponse(description="No such ticket that you can see"),
}


class TicketMergeApi(APIView):
    @extend_schema(
        summary="Merge this ticket (a duplicate) into another ticket of the same customer",
        description=(
            "Its messages move to the target, every event stays, the duplicate is closed and "
            "points to the target. Refused across customers, into itself, into or from a "
            "merged or closed ticket."
        ),
        request=MergeInput,
        responses={200: MergeOutput, **ERRORS},
    )
    def post(self, request, reference):
        source = _agent_ticket(request, reference)
        data = MergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        target = _named_ticket(request, data.validated_data["into"], "into")
        moved = source.messages.count()
        target = ticket_merge(source=source, target=target, actor=request.user)
        source.refresh_from_db()
        body = {
            "source": TicketOutput(source).data,
            "target": TicketOutput(target).data,
            "merged_into": target.reference,
            "moved_messages": moved,
        }
        return Response(body)


class TicketLinksApi(APIView):
    @extend_schema(
        summary="The tickets linked to this one (those you can see)",
        responses={200: LinkOutput(many=True), 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, reference):
        ticket = _agent_ticket(request, reference)
        relations = ticket_relations_for_user(user=request.user, ticket=ticket)
        return Response(LinkOutput(relations.links, many=True).data)

    @extend_schema(
        summary="Link a related ticket", request=LinkInput, responses={201: LinkOutput, **ERRORS}
    )
    def post(self, request, reference):
        ticket = _agent_ticket(request, reference)
        data = LinkInput(data=request.data)
        data.is_valid(raise_exception=True)
        other = _named_ticket(request, data.validated_data["ticket"], "ticket")
        link = ticket_link(
            ticket=ticket, other=other, actor=request.user, kind=data.validated_data["kind"]
        )
        item = {"link": link, "ticket": other}
        return Response(LinkOutput(item).data, status=http.HTTP_201_CREATED)


class TicketLinkDetailApi(APIView):
    @extend_schema(
        summary="Unlink a related ticket",
        responses={204: None, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def delete(self, request, reference, link_id):
        ticket = _agent_ticket(request, reference)
        link = ticket_link_get(ticket=ticket, link_id=link_id)
        if link is None:
            raise NotFound(_("This link does not exist (any more)."))
        ticket_unlink(ticket=ticket, link=link, actor=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)
