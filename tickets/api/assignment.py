"""Assignment in the API: "take it" and bulk changes (the same services as the agent pages)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets import services
from tickets.api.serializers import TicketOutput
from tickets.api.views import _ticket_response
from tickets.models import Team, Ticket, User
from tickets.roles import user_is_agent
from tickets.selectors import parse_reference, ticket_get_for_user, tickets_visible_to
from tickets.services.bulk import BULK_MAX

TakenOutput = inline_serializer(
    "TicketTakenConflict",
    {
        "detail": serializers.CharField(),
        "assignee": serializers.CharField(help_text="Username of the agent who has it."),
        "assignee_name": serializers.CharField(),
    },
)
ErrorsByField = inline_serializer(
    "BulkErrors", {"tickets": serializers.ListField(child=serializers.CharField())}
)


def _require_agent(user) -> None:
    if not user_is_agent(user):
        raise PermissionDenied(_("Only agents can do this."))


class TicketTakeApi(APIView):
    @extend_schema(
        summary="Take a ticket: assign it to yourself if nobody has it (agents)",
        request=None,
        responses={
            200: TicketOutput,
            409: OpenApiResponse(TakenOutput, description="Someone else took it first."),
        },
    )
    def post(self, request, reference):
        _require_agent(request.user)
        ticket = ticket_get_for_user(user=request.user, reference=reference)
        ticket = services.ticket_take(ticket=ticket, agent=request.user)
        return _ticket_response(request.user, ticket)


class BulkChangesInput(serializers.Serializer):
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="Username; null unassigns.",
    )
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    add_tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=50
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, pk_field=serializers.IntegerField()
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError(_("Choose a change to make."))
        return attrs


class BulkUpdateInput(serializers.Serializer):
    tickets = serializers.ListField(
        child=serializers.CharField(max_length=32),
        min_length=1,
        max_length=BULK_MAX,
        help_text="References, e.g. HD-000123.",
    )
    changes = BulkChangesInput()


class BulkUpdateOutput(serializers.Serializer):
    tickets = TicketOutput(many=True)


class TicketBulkUpdateApi(APIView):
    @extend_schema(
        summary="Change many tickets at once, all or nothing (agents)",
        description=(
            "One event per ticket per change, through the same rules as a single update. If one "
            "ticket cannot take a change, nothing changes and the error names that ticket."
        ),
        request=BulkUpdateInput,
        responses={200: BulkUpdateOutput, 400: ErrorsByField},
    )
    def post(self, request):
        _require_agent(request.user)
        data = BulkUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        references = data.validated_data["tickets"]
        numbers = {reference: parse_reference(reference) for reference in references}
        found = dict(
            tickets_visible_to(request.user)
            .filter(number__in=[n for n in numbers.values() if n is not None])
            .values_list("number", "pk")
        )
        missing = [reference for reference, number in numbers.items() if number not in found]
        if missing:
            return Response(
                {
                    "tickets": [
                        _("Ticket %(reference)s not found.") % {"reference": reference}
                        for reference in missing
                    ]
                },
                status=400,
            )
        services.tickets_bulk_update(
            actor=request.user, tickets=list(found.values()), **data.validated_data["changes"]
        )
        tickets = (
            Ticket.objects.filter(pk__in=found.values())
            .select_related("customer", "team", "assignee", "category", "follow_up_of")
            .prefetch_related("tags")
            .order_by("pk")
        )
        return Response({"tickets": TicketOutput(tickets, many=True).data})
