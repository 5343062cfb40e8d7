"""Macros over the REST API: list the ones you may use, write your own (and, for leads,
managers and admins, shared ones), see one filled in for a ticket, and apply it."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets import services
from tickets.api.serializers import MessageOutput, TicketOutput
from tickets.macro_selectors import (
    macro_get_for_user,
    macros_for_ticket,
    macros_visible_to,
    ticket_for_macros,
)
from tickets.macros import macro_changes_described, macro_render
from tickets.models import Macro, Team, Ticket
from tickets.roles import user_is_agent
from tickets.services.macros import (
    EVERYONE,
    PERSONAL,
    SETTABLE_STATUSES,
    TEAM,
    macro_can_manage,
)

SCOPES = [PERSONAL, TEAM, EVERYONE]


class MacroOutput(serializers.ModelSerializer):
    scope = serializers.ChoiceField(choices=SCOPES, read_only=True)
    team = serializers.IntegerField(source="team_id", read_only=True, allow_null=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    owner = serializers.CharField(source="owner.username", read_only=True, default=None)
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = Macro
        fields = [
            "id",
            "name",
            "body_en",
            "body_ru",
            "scope",
            "team",
            "team_name",
            "owner",
            "set_status",
            "set_priority",
            "add_tags",
            "assign_to_me",
            "can_edit",
            "updated_at",
        ]
        read_only_fields = fields

    def get_can_edit(self, macro) -> bool:
        return macro_can_manage(user=self.context["request"].user, macro=macro)


class MacroInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    body_en = serializers.CharField(max_length=100_000, required=False, allow_blank=True)
    body_ru = serializers.CharField(max_length=100_000, required=False, allow_blank=True)
    scope = serializers.ChoiceField(
        choices=SCOPES,
        required=False,
        help_text="personal (default); team: shared with `team` (its lead, managers, admins); "
        "everyone (admins).",
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        pk_field=serializers.IntegerField(),
    )
    set_status = serializers.ChoiceField(
        choices=[("", "—"), *((s, Ticket.Status(s).label) for s in SETTABLE_STATUSES)],
        required=False,
        allow_blank=True,
    )
    set_priority = serializers.ChoiceField(
        choices=[("", "—"), *Ticket.Priority.choices], required=False, allow_blank=True
    )
    add_tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20
    )
    assign_to_me = serializers.BooleanField(required=False)


def _current_values(macro: Macro) -> dict:
    return {
        "name": macro.name,
        "body_en": macro.body_en,
        "body_ru": macro.body_ru,
        "scope": macro.scope,
        "team": macro.team,
        "set_status": macro.set_status,
        "set_priority": macro.set_priority,
        "add_tags": macro.add_tags,
        "assign_to_me": macro.assign_to_me,
    }


def _require_agent(user) -> None:
    if not user_is_agent(user):
        raise PermissionDenied(_("Only agents have macros."))


class MacroListCreateApi(APIView):
    @extend_schema(
        summary="The macros you may use (agents)",
        parameters=[
            OpenApiParameter(
                "ticket",
                str,
                required=False,
                description="A reference: only the macros offered on that ticket",
            )
        ],
        responses=MacroOutput(many=True),
    )
    def get(self, request):
        _require_agent(request.user)
        reference = request.query_params.get("ticket")
        if reference:
            ticket = ticket_for_macros(user=request.user, reference=reference)
            macros = macros_for_ticket(user=request.user, ticket=ticket)
        else:
            macros = macros_visible_to(request.user)
        return Response(MacroOutput(macros, many=True, context={"request": request}).data)

    @extend_schema(summary="Create a macro", request=MacroInput, responses={201: MacroOutput})
    def post(self, request):
        _require_agent(request.user)
        data = MacroInput(data=request.data)
        data.is_valid(raise_exception=True)
        macro = services.macro_create(actor=request.user, **data.validated_data)
        return Response(
            MacroOutput(macro, context={"request": request}).data, status=http.HTTP_201_CREATED
        )


class MacroDetailApi(APIView):
    @extend_schema(summary="A macro", responses=MacroOutput)
    def get(self, request, macro_id):
        macro = macro_get_for_user(user=request.user, macro_id=macro_id)
        return Response(MacroOutput(macro, context={"request": request}).data)

    @extend_schema(
        summary="Change a macro (fields left out stay as they are)",
        request=MacroInput(partial=True),
        responses=MacroOutput,
    )
    def patch(self, request, macro_id):
        macro = macro_get_for_user(user=request.user, macro_id=macro_id)
        data = MacroInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = _current_values(macro) | data.validated_data
        if "team" in data.validated_data and "scope" not in data.validated_data:
            values["scope"] = TEAM if values["team"] else macro.scope
        macro = services.macro_update(actor=request.user, macro=macro, **values)
        return Response(MacroOutput(macro, context={"request": request}).data)

    @extend_schema(summary="Delete a macro", responses={204: None})
    def delete(self, request, macro_id):
        macro = macro_get_for_user(user=request.user, macro_id=macro_id)
        services.macro_delete(actor=request.user, macro=macro)
        return Response(status=http.HTTP_204_NO_CONTENT)


class MacroRenderedOutput(serializers.Serializer):
    macro = serializers.IntegerField()
    name = serializers.CharField()
    language = serializers.CharField(help_text="The ticket's language")
    body = serializers.CharField(help_text="The text in the ticket's language, filled in")
    changes = serializers.ListField(
        child=serializers.CharField(), help_text="What else sending with it does, in words"
    )


class MacroRenderApi(APIView):
    @extend_schema(
        summary="A macro's text filled in for a ticket (what the reply box gets)",
        responses=MacroRenderedOutput,
    )
    def get(self, request, reference, macro_id):
        ticket = ticket_for_macros(user=request.user, reference=reference)
        _require_agent(request.user)
        macro = macro_get_for_user(user=request.user, macro_id=macro_id)
        body = macro_render(macro=macro, ticket=ticket, agent=request.user)
        return Response(
            {
                "macro": macro.pk,
                "name": macro.name,
                "language": ticket.language,
                "body": body,
                "changes": macro_changes_described(macro),
            }
        )


class MacroApplyInput(serializers.Serializer):
    body = serializers.CharField(
        max_length=100_000,
        required=False,
        help_text="The reply as edited; left out: the macro's text for this ticket",
    )
    is_internal = serializers.BooleanField(default=False)
    status = serializers.ChoiceField(
        choices=Ticket.Status.choices,
        required=False,
        help_text="Wins over the macro's status",
    )


class MacroAppliedOutput(serializers.Serializer):
    message = MessageOutput()
    ticket = TicketOutput()


class MacroApplyApi(APIView):
    @extend_schema(
        summary="Reply with a macro and make its field changes, all or nothing (agents)",
        request=MacroApplyInput,
        responses={201: MacroAppliedOutput},
    )
    def post(self, request, reference, macro_id):
        ticket = ticket_for_macros(user=request.user, reference=reference)
        _require_agent(request.user)
        macro = macro_get_for_user(user=request.user, macro_id=macro_id)
        data = MacroApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        message = services.macro_apply(
            ticket=ticket,
            agent=request.user,
            macro=macro,
            body=values.get("body"),
            is_internal=values["is_internal"],
            status=values.get("status"),
            channel=Ticket.Channel.API,
        )
        ticket.refresh_from_db()
        return Response(
            {"message": MessageOutput(message).data, "ticket": TicketOutput(ticket).data},
            status=http.HTTP_201_CREATED,
        )


urlpatterns = [
    path("macros/", MacroListCreateApi.as_view(), name="api-macros"),
    path("macros/<int:macro_id>/", MacroDetailApi.as_view(), name="api-macro"),
    path(
        "tickets/<str:reference>/macros/<int:macro_id>/render/",
        MacroRenderApi.as_view(),
        name="api-ticket-macro-render",
    ),
    path(
        "tickets/<str:reference>/macros/<int:macro_id>/apply/",
        MacroApplyApi.as_view(),
        name="api-ticket-macro-apply",
    ),
]
