"""The knowledge base's API shapes."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from kb.models import Article, ArticleRevision, Category, Section
from kb.models.content import LANGUAGES
from kb.selectors import articles_readable_by
from tickets.roles import user_is_agent


class SectionOutput(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "name_en", "name_ru", "position"]
        read_only_fields = fields


class CategoryOutput(serializers.ModelSerializer):
    sections = SectionOutput(many=True, read_only=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "slug",
            "name_en",
            "name_ru",
            "description_en",
            "description_ru",
            "sections",
        ]
        read_only_fields = fields


class ArticleSummaryOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The article's public page")
    section = serializers.IntegerField(source="section_id", read_only=True)
    group = serializers.UUIDField(
        read_only=True, help_text="Shared by the article's versions in each language"
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "group",
            "language",
            "title",
            "slug",
            "url",
            "section",
            "status",
            "is_internal",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_url(self, article) -> str:
        path = reverse("kb-article", args=[article.language, article.slug])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ArticleOutput(ArticleSummaryOutput):
    body_html = serializers.CharField(read_only=True, help_text="Rendered and sanitized")
    owner = serializers.SerializerMethodField(help_text="Agents only; null for others")
    related = serializers.SerializerMethodField(help_text="The related articles you may read")

    class Meta(ArticleSummaryOutput.Meta):
        fields = [
            *ArticleSummaryOutput.Meta.fields,
            "body",
            "body_html",
            "owner",
            "last_reviewed_at",
            "helpful_yes",
            "helpful_no",
            "related",
        ]
        read_only_fields = fields

    def _reader(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_owner(self, article) -> str | None:
        reader = self._reader()
        if reader is None or not user_is_agent(reader) or article.owner is None:
            return None
        return article.owner.username

    def get_related(self, article) -> list[int]:
        readable = (
            articles_readable_by(self._reader()) if self._reader() else Article.objects.none()
        )
        return sorted(readable.filter(related=article).values_list("pk", flat=True))


class ArticleInput(serializers.Serializer):
    section = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all())
    language = serializers.ChoiceField(choices=LANGUAGES)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=200_000, required=False, allow_blank=True)
    slug = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Lowercase letters, digits and hyphens; left out: made from the title",
    )
    status = serializers.ChoiceField(choices=Article.Status.choices, required=False)
    is_internal = serializers.BooleanField(required=False)
    translation_of = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(),
        required=False,
        allow_null=True,
        help_text="The article in the other language this one translates (on creation only)",
    )


class ArticleChangeInput(serializers.Serializer):
    section = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all(), required=False)
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=200_000, required=False, allow_blank=True)
    slug = serializers.CharField(max_length=200, required=False)
    status = serializers.ChoiceField(choices=Article.Status.choices, required=False)
    is_internal = serializers.BooleanField(required=False)
    related = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(), many=True, required=False
    )


class RevisionOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default=None)

    class Meta:
        model = ArticleRevision
        fields = ["number", "title", "body", "status", "author", "created_at"]
        read_only_fields = fields


class KbSearchHitOutput(serializers.Serializer):
    article = ArticleSummaryOutput()
    fallback = serializers.BooleanField(help_text="Not in the language asked for")
    title_html = serializers.CharField(help_text="The title, matches in <mark>")
    snippet_html = serializers.CharField(help_text="Fragments of the body, matches in <mark>")


class KbSearchOutput(serializers.Serializer):
    query = serializers.CharField()
    corrected = serializers.CharField(help_text="The query as searched after typo correction")
    hits = KbSearchHitOutput(many=True)


class KbSuggestInput(serializers.Serializer):
    subject = serializers.CharField(max_length=500, required=False, allow_blank=True)
    body = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    visit = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The request form's visit key: the suggestions are recorded for deflection",
    )


class ArticleDeflectionOutput(serializers.Serializer):
    article = ArticleSummaryOutput()
    shown = serializers.IntegerField(help_text="Visits it was suggested in")
    opened = serializers.IntegerField(help_text="Visits that opened it")
    deflected = serializers.IntegerField(help_text="Visits that opened it and filed no request")


class DeflectionOutput(serializers.Serializer):
    """kb.reports.DeflectionReport; definitions in docs/metrics.md, "Deflection"."""

    visits = serializers.IntegerField(help_text="Settled request-form visits shown suggestions")
    filed = serializers.IntegerField(help_text="Of them, those that still filed a request")
    opened = serializers.IntegerField(help_text="Of them, those that opened a suggestion")
    deflected = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="deflected / visits; null: none")
    top = ArticleDeflectionOutput(many=True)


class VoteInput(serializers.Serializer):
    helpful = serializers.BooleanField()
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class VoteOutput(serializers.Serializer):
    helpful = serializers.BooleanField()
    comment = serializers.CharField()
    helpful_yes = serializers.IntegerField(source="article.helpful_yes")
    helpful_no = serializers.IntegerField(source="article.helpful_no")


class GapOutput(serializers.Serializer):
    label = serializers.CharField()
    tickets = serializers.IntegerField()
    query = serializers.CharField(help_text="What to search the tickets for")


class GapsOutput(serializers.Serializer):
    days = serializers.IntegerField()
    categories = GapOutput(many=True)
    tags = GapOutput(many=True)
    terms = GapOutput(many=True, help_text="Words (stems) of the subjects")
