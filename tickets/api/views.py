"""REST endpoints. Same services and the same permission-aware getters as the HTML views."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.errors import NotFound
from tickets import services
from tickets.api.queue import QUEUE_PARAMETERS, queue_list_response
from tickets.api.serializers import (
    MessageCreateInput,
    MessageOutput,
    TicketCreateInput,
    TicketDetailOutput,
    TicketOutput,
    TicketUpdateInput,
)
from tickets.models import Customer, Ticket
from tickets.roles import user_is_agent
from tickets.selectors import (
    attachment_get_for_user,
    ticket_get_for_user,
    tickets_search,
    tickets_visible_to,
)
from tickets.services.replies import reply_send_checked
from tickets.views.files import attachment_response

PARSERS = [JSONParser, MultiPartParser, FormParser]


class NewestFirst(CursorPagination):
    ordering = ("-created_at", "-id")


def _own_customer(user) -> Customer:
    customer = getattr(user, "customer", None)
    if customer is None:
        raise PermissionDenied(_("This account is not linked to a customer."))
    return customer


def _refuse_agent_only_choices(values: dict) -> None:
    """A customer's own ticket comes in by the API at normal priority, like one from the web
    form: the channel and the priority are agents' to set (the team is refused by the service)."""
    if values["channel"] != Ticket.Channel.API:
        raise PermissionDenied({"channel": [_("Only agents can choose the channel.")]})
    if values["priority"] != Ticket.Priority.NORMAL:
        raise PermissionDenied({"priority": [_("Only agents can choose the priority.")]})


def _ticket_response(user, ticket: Ticket, *, status: int = http.HTTP_200_OK) -> Response:
    """The ticket with its thread, as the user may see it. When the write just took the ticket
    out of the user's sight (created for, or handed to, a team the agent is not in), the write
    stands, so the answer is the ticket without its thread rather than a 404."""
    try:
        ticket = ticket_get_for_user(user=user, reference=ticket.reference)
    except NotFound:
        return Response(TicketOutput(ticket).data, status=status)
    return Response(TicketDetailOutput(ticket).data, status=status)


class TicketListCreateApi(ListAPIView):
    serializer_class = TicketOutput
    pagination_class = NewestFirst
    parser_classes = PARSERS

    def get_queryset(self):
        tickets = tickets_visible_to(self.request.user).select_related("follow_up_of")
        status = self.request.query_params.get("status")
        if status in Ticket.Status.values:
            tickets = tickets.filter(status=status)
        tickets = tickets_search(tickets, self.request.query_params.get("q", ""))
        return tickets.prefetch_related("tags")

    @extend_schema(
        summary="List the tickets you can see: the agent queue's filters, keyset pages",
        parameters=QUEUE_PARAMETERS,
    )
    def get(self, request, *args, **kwargs):
        # The queue's FilterSet and keyset pages (tickets/api/queue.py), as on /agent/.
        return queue_list_response(request, self.get_serializer_class())

    @extend_schema(
        summary="Create a ticket",
        request=TicketCreateInput,
        responses={201: TicketDetailOutput},
    )
    def post(self, request):
        data = TicketCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        agent = request.user if user_is_agent(request.user) else None
        with transaction.atomic():
            if agent:
                if "customer" not in values:
                    return Response(
                        {"customer": [_("Agents must say who the ticket is for.")]},
                        status=http.HTTP_400_BAD_REQUEST,
                    )
                customer = services.customer_get_or_create(**values["customer"])
            else:
                customer = _own_customer(request.user)
                _refuse_agent_only_choices(values)
            ticket = services.ticket_create(
                customer=customer,
                subject=values["subject"],
                body=values["body"],
                channel=values["channel"],
                priority=values["priority"],
                category=values.get("category"),
                team=values.get("team"),
                created_by=agent,
                attachments=values.get("attachments", []),
            )
        return _ticket_response(request.user, ticket, status=http.HTTP_201_CREATED)


class TicketDetailApi(APIView):
    parser_classes = PARSERS

    @extend_schema(summary="A ticket with its conversation", responses=TicketDetailOutput)
    def get(self, request, reference):
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        return Response(TicketDetailOutput(ticket).data)

    @extend_schema(
        summary="Change status, priority, assignee, team or tags (agents)",
        request=TicketUpdateInput,
        responses=TicketDetailOutput,
    )
    def patch(self, request, reference):
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        data = TicketUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_update(ticket=ticket, actor=request.user, **data.validated_data)
        return _ticket_response(request.user, ticket)


class TicketMessageCreateApi(APIView):
    parser_classes = PARSERS

    @extend_schema(
        summary="Reply to a ticket, or add an internal note (agents)",
        request=MessageCreateInput,
        responses={
            201: MessageOutput,
            409: OpenApiResponse(
                description="Not sent: others changed the ticket after seen_event "
                "(detail, and changes: event_id, kind, text, at). Send again with confirm."
            ),
        },
    )
    def post(self, request, reference):
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        data = MessageCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        attachments = values.get("attachments", [])
        if user_is_agent(request.user):
            message = reply_send_checked(  # a 409 when others changed it after seen_event
                ticket=ticket,
                agent=request.user,
                body=values["body"],
                seen_event=values.get("seen_event"),
                confirmed=values["confirm"],
                is_internal=values["is_internal"],
                status=values.get("status"),
                attachments=attachments,
                channel=Ticket.Channel.API,
            )
        else:
            if values["is_internal"] or values.get("status"):
                raise PermissionDenied(_("Only agents can add notes or set the status."))
            message = services.message_add_from_customer(
                ticket=ticket,
                customer=_own_customer(request.user),
                body=values["body"],
                attachments=attachments,
                channel=Ticket.Channel.API,
            )
        return Response(MessageOutput(message).data, status=http.HTTP_201_CREATED)


class AttachmentDownloadApi(APIView):
    @extend_schema(
        summary="Download an attachment",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, attachment_id):
        attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id)
        return attachment_response(attachment)
