"""Full-text search for agents over the API: GET /api/v1/search/?q=... (tickets.search)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets.roles import user_is_agent
from tickets.search import QUERY_MAX, SearchResult, search_jump, ticket_search


class SearchHitOutput(serializers.Serializer):
    reference = serializers.CharField(source="ticket.reference")
    subject = serializers.CharField(source="ticket.subject")
    status = serializers.CharField(source="ticket.status")
    priority = serializers.CharField(source="ticket.priority")
    team = serializers.CharField(source="ticket.team.name")
    customer_name = serializers.CharField(source="ticket.customer.name")
    updated_at = serializers.DateTimeField(source="ticket.updated_at")
    rank = serializers.FloatField()
    subject_html = serializers.CharField(
        help_text="The subject, HTML-escaped, with the matched words in <mark>."
    )
    snippet_html = serializers.CharField(
        help_text="Fragments of the best matching message, HTML-escaped, matches in <mark>; "
        "empty when only the subject matched."
    )
    url = serializers.SerializerMethodField()

    def get_url(self, result: SearchResult) -> str:
        return reverse("api-ticket", args=[result.ticket.reference])


class SearchPage(serializers.Serializer):
    jump = serializers.CharField(
        allow_null=True,
        help_text="Where the search box goes at once: the agent page of a ticket reference "
        "(HD-123) or the queue of the customer with this e-mail address; null otherwise.",
    )
    results = SearchHitOutput(many=True)


class SearchApi(APIView):
    @extend_schema(
        summary="Full-text search over subjects and messages, notes included (agents)",
        description="Russian and English words match any of their forms; quoted phrases, "
        "`or` and `-word` work as in web search engines. Up to 50 tickets, best first.",
        parameters=[OpenApiParameter("q", str, required=True, description="What to look for")],
        responses={
            200: SearchPage,
            400: inline_serializer("SearchQueryError", {"q": serializers.ListField()}),
        },
    )
    def get(self, request):
        if not user_is_agent(request.user):
            raise PermissionDenied()
        query = request.query_params.get("q", "").strip()
        if not query:
            return Response({"q": [_("Type what to look for.")]}, status=http.HTTP_400_BAD_REQUEST)
        query = query[:QUERY_MAX]
        results = ticket_search(user=request.user, query=query)
        return Response(
            {
                "jump": search_jump(user=request.user, query=query),
                "results": SearchHitOutput(results, many=True).data,
            }
        )
