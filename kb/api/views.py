"""The knowledge base over the REST API: anyone reads published articles, categories and
search results, and gets suggestions; agents also read internal articles, drafts and
revisions, and write (through kb.services, as the admin does)."""

from __future__ import annotations

from django.conf import settings
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kb import selectors, services
from kb.api.serializers import (
    ArticleChangeInput,
    ArticleInput,
    ArticleOutput,
    ArticleSummaryOutput,
    CategoryOutput,
    GapsOutput,
    KbSearchOutput,
    KbSuggestInput,
    RevisionOutput,
    VoteInput,
    VoteOutput,
)
from kb.gaps import knowledge_gaps
from kb.models import Category
from kb.services.feedback import visitor_key
from tickets.roles import user_is_agent
from tickets.selectors import tickets_visible_to

LANGUAGE = OpenApiParameter(
    "language", str, enum=list(selectors.LANGUAGES), required=False, description="en or ru"
)


def _require_agent(user) -> None:
    if not user_is_agent(user):
        raise PermissionDenied(_("Only agents write knowledge base articles."))


def _language(request) -> str:
    language = request.query_params.get("language") or (get_language() or "en")[:2]
    return language if language in selectors.LANGUAGES else "en"


class ArticlePages(CursorPagination):
    ordering = "-id"


class CategoryListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Knowledge base categories and their sections", responses=CategoryOutput(many=True)
    )
    def get(self, request):
        categories = Category.objects.order_by("position", "id").prefetch_related("sections")
        return Response(CategoryOutput(categories, many=True).data)


class ArticleListCreateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Articles: published ones for everyone; agents also internal ones and, with "
        "`status`, drafts and archived ones",
        parameters=[
            LANGUAGE,
            OpenApiParameter("category", str, required=False, description="A category's slug"),
            OpenApiParameter("status", str, required=False, description="Agents only"),
        ],
        responses=ArticleSummaryOutput(many=True),
    )
    def get(self, request):
        articles = selectors.articles_for_api(
            user=request.user,
            language=request.query_params.get("language"),
            category=request.query_params.get("category"),
            status=request.query_params.get("status"),
        )
        pages = ArticlePages()
        page = pages.paginate_queryset(articles, request, view=self)
        data = ArticleSummaryOutput(page, many=True, context={"request": request}).data
        return pages.get_paginated_response(data)

    @extend_schema(
        summary="Write an article (agents)", request=ArticleInput, responses={201: ArticleOutput}
    )
    def post(self, request):
        _require_agent(request.user)
        data = ArticleInput(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.article_create(author=request.user, **data.validated_data)
        output = ArticleOutput(article, context={"request": request})
        return Response(output.data, status=http.HTTP_201_CREATED)


class ArticleDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="An article", responses=ArticleOutput)
    def get(self, request, article_id):
        article = selectors.article_get_for_api(user=request.user, article_id=article_id)
        return Response(ArticleOutput(article, context={"request": request}).data)

    @extend_schema(
        summary="Change an article (agents; fields left out stay); text and status changes "
        "keep a revision",
        request=ArticleChangeInput,
        responses=ArticleOutput,
    )
    def patch(self, request, article_id):
        _require_agent(request.user)
        article = selectors.article_get_for_api(user=request.user, article_id=article_id)
        data = ArticleChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        related = changes.pop("related", None)
        if changes:
            article = services.article_update(article=article, author=request.user, **changes)
        if related is not None:
            services.article_set_related(article=article, related=related)
        return Response(ArticleOutput(article, context={"request": request}).data)


class ArticleRevisionsApi(APIView):
    @extend_schema(
        summary="An article's revisions, newest first (agents)", responses=RevisionOutput(many=True)
    )
    def get(self, request, article_id):
        _require_agent(request.user)
        article = selectors.article_get_for_api(user=request.user, article_id=article_id)
        revisions = article.revisions.select_related("author").order_by("-number")
        return Response(RevisionOutput(revisions, many=True).data)


def _search_rate(_group, request):
    return settings.HELPDESK_KB_SEARCH_RATE_PER_IP


class SearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Search the knowledge base (both languages, the one asked for first; typos "
        "corrected when nothing matches)",
        parameters=[OpenApiParameter("q", str, required=True), LANGUAGE],
        responses=KbSearchOutput,
    )
    # The same budget per IP as the search page.
    @method_decorator(ratelimit(group="kb-search", key="ip", rate=_search_rate, block=True))
    def get(self, request):
        query = selectors.clean_query(request.query_params.get("q", ""))
        if not query:
            return Response(
                {"q": [_("Type a few words to search.")]}, status=http.HTTP_400_BAD_REQUEST
            )
        results = selectors.kb_search(user=request.user, language=_language(request), query=query)
        output = KbSearchOutput(
            {"query": query, "corrected": results.corrected, "hits": results.hits},
            context={"request": request},
        )
        return Response(output.data)


def _suggest_rate(_group, request):
    return settings.HELPDESK_KB_SUGGEST_RATE_PER_IP


class SuggestApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Public articles for a request being written (what the request form shows)",
        request=KbSuggestInput,
        responses=ArticleSummaryOutput(many=True),
    )
    # The same budget per IP as the request form's suggestions (kb.views.deflection).
    @method_decorator(
        ratelimit(group="kb-suggest", key="ip", rate=_suggest_rate, method="POST", block=True)
    )
    def post(self, request):
        data = KbSuggestInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        language = values.get("language") or _language(request)
        text = f"{values.get('subject', '')} {values.get('body', '')}"
        articles = selectors.kb_suggest(language=language, text=text)
        services.suggestions_shown(
            token=values.get("visit", ""), language=language, articles=articles
        )
        return Response(
            ArticleSummaryOutput(articles, many=True, context={"request": request}).data
        )


class ArticleVoteApi(APIView):
    @extend_schema(
        summary="Was this helpful? One vote per signed-in user per article; voting again "
        "changes it",
        request=VoteInput,
        responses=VoteOutput,
    )
    def post(self, request, article_id):
        article = selectors.article_get_for_reader_by_id(user=request.user, article_id=article_id)
        data = VoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.article_vote(
            article=article,
            visitor=visitor_key(f"user:{request.user.pk}"),
            helpful=data.validated_data["helpful"],
            comment=data.validated_data.get("comment", ""),
        )
        vote.article.refresh_from_db(fields=["helpful_yes", "helpful_no"])
        return Response(VoteOutput(vote).data)


class GapsApi(APIView):
    @extend_schema(
        summary="Knowledge gaps: frequent topics of your tickets with no article (agents)",
        parameters=[OpenApiParameter("days", int, enum=[7, 30, 90], required=False)],
        responses=GapsOutput,
    )
    def get(self, request):
        _require_agent(request.user)
        days = request.query_params.get("days", "30")
        if days not in ("7", "30", "90"):
            return Response({"days": [_("Choose 7, 30 or 90.")]}, status=http.HTTP_400_BAD_REQUEST)
        report = knowledge_gaps(tickets=tickets_visible_to(request.user), days=int(days))
        return Response(GapsOutput(report).data)
