"""The queue in the REST API: the ticket list through the agent page's FilterSet and keyset
pages (so the API and the page agree), and saved views (/api/v1/views/)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets import services
from tickets.models import SavedView, Team, Ticket
from tickets.queues.filters import SORTS, TicketFilter
from tickets.queues.pages import PAGE_SIZE, tickets_page
from tickets.queues.selectors import saved_views_visible_to
from tickets.roles import user_is_agent
from tickets.selectors import tickets_visible_to

_DAY = "A local day, YYYY-MM-DD."
QUEUE_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="A reference (HD-123) or words (agents: full text; else subject)"
    ),
    OpenApiParameter("status", str, many=True, enum=Ticket.Status.values, explode=True),
    OpenApiParameter("priority", str, many=True, enum=Ticket.Priority.values, explode=True),
    OpenApiParameter("channel", str, many=True, enum=Ticket.Channel.values, explode=True),
    OpenApiParameter("team", int),
    OpenApiParameter("assignee", str, description='A user id, "me" or "none" (unassigned)'),
    OpenApiParameter("category", str, description='A category id or "none"'),
    OpenApiParameter("tag", str),
    OpenApiParameter("customer", int, description="A customer id"),
    OpenApiParameter("created_from", str, description=_DAY),
    OpenApiParameter("created_to", str, description=_DAY),
    OpenApiParameter("updated_from", str, description=_DAY),
    OpenApiParameter("updated_to", str, description=_DAY),
    OpenApiParameter("due", str, enum=["soon", "overdue"], description="SLA due soon / overdue"),
    OpenApiParameter("solved_days", int, description="Solved in the last N days"),
    OpenApiParameter("sort", str, enum=[key for key, _label in SORTS]),
    OpenApiParameter("cursor", str, description="From the previous answer's next/previous"),
]


def queue_list_response(request, serializer_class) -> Response:
    """A keyset page of the tickets the caller may see, through the queue's FilterSet. No
    filter means every status here (the HTML queue's bare page shows open tickets only).
    Bad filters: 400 with the errors by parameter name."""
    tickets = tickets_visible_to(request.user).select_related("follow_up_of")
    filters = TicketFilter(
        request.query_params,
        queryset=tickets.prefetch_related("tags"),
        user=request.user,
        open_by_default=False,
        full_text=user_is_agent(request.user),
    )
    if not filters.is_valid():
        return Response(filters.form.errors, status=http.HTTP_400_BAD_REQUEST)
    cursor = request.query_params.get("cursor", "")
    page = tickets_page(filters.qs, sort=filters.sort_key(), cursor=cursor, size=PAGE_SIZE)

    def link(value: str) -> str | None:
        if not value:
            return None
        kept = [
            (key, item)
            for key in request.query_params
            if key != "cursor"
            for item in request.query_params.getlist(key)
        ]
        return request.build_absolute_uri(f"{request.path}?{urlencode([*kept, ('cursor', value)])}")

    return Response(
        {
            "next": link(page.next_cursor),
            "previous": link(page.previous_cursor),
            "results": serializer_class(page.rows, many=True).data,
        }
    )


# --- saved views ---------------------------------------------------------------------------------


class SavedViewOutput(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)
    mine = serializers.SerializerMethodField()

    class Meta:
        model = SavedView
        fields = ("id", "name", "team", "query", "position", "owner", "mine")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_mine(self, view: SavedView) -> bool:
        return view.owner_id == self.context["request"].user.pk


class SavedViewInput(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    query = serializers.CharField(max_length=2000, allow_blank=True, default="")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        pk_field=serializers.IntegerField(),
        help_text="Share with this team (one of yours); null: personal.",
    )


class SavedViewUpdateInput(SavedViewInput):
    name = serializers.CharField(max_length=80, required=False)
    query = serializers.CharField(max_length=2000, allow_blank=True, required=False)
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        pk_field=serializers.IntegerField(),
    )
    position = serializers.IntegerField(min_value=0, max_value=10_000, required=False)


def _agents_only(request) -> None:
    from rest_framework.exceptions import PermissionDenied

    if not user_is_agent(request.user):
        raise PermissionDenied(_("Only agents have saved views."))


class SavedViewListApi(APIView):
    @extend_schema(
        summary="Your saved views and those shared with your teams",
        responses=SavedViewOutput(many=True),
        operation_id="api_v1_views_list",
    )
    def get(self, request):
        _agents_only(request)
        views = saved_views_visible_to(request.user)
        return Response(SavedViewOutput(views, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Save a view (the queue's query string)",
        request=SavedViewInput,
        responses={201: SavedViewOutput},
    )
    def post(self, request):
        _agents_only(request)
        data = SavedViewInput(data=request.data)
        data.is_valid(raise_exception=True)
        view = services.saved_view_create(owner=request.user, **data.validated_data)
        output = SavedViewOutput(view, context={"request": request})
        return Response(output.data, status=http.HTTP_201_CREATED)


class SavedViewDetailApi(APIView):
    def _visible(self, request, view_id: int) -> SavedView:
        from helpdesk.errors import NotFound

        _agents_only(request)
        view = saved_views_visible_to(request.user).filter(pk=view_id).first()
        if view is None:
            raise NotFound(_("View not found."))
        return view

    @extend_schema(summary="A saved view", responses=SavedViewOutput)
    def get(self, request, view_id):
        view = self._visible(request, view_id)
        return Response(SavedViewOutput(view, context={"request": request}).data)

    @extend_schema(
        summary="Rename, re-filter, share or move your view",
        request=SavedViewUpdateInput,
        responses=SavedViewOutput,
    )
    def patch(self, request, view_id):
        view = self._visible(request, view_id)
        data = SavedViewUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        view = services.saved_view_update(view=view, actor=request.user, **data.validated_data)
        return Response(SavedViewOutput(view, context={"request": request}).data)

    @extend_schema(summary="Delete your view", responses={204: None})
    def delete(self, request, view_id):
        view = self._visible(request, view_id)
        services.saved_view_delete(view=view, actor=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)
