"""The knowledge base in the admin: categories, sections and articles, every write through
kb.services (a save keeps a revision); revisions compared side by side."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kb import services
from kb.models import Article, ArticleFile, ArticleRevision, Category, Section
from kb.revisions import revisions_compared, revisions_pair
from kb.services.articles import EDITABLE


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "slug", "position")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_ru", "category", "position")
    list_filter = ("category",)


class ArticleForm(forms.ModelForm):
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Article.objects.order_by("title"),
        required=False,
        help_text=_("The article in the other language this one translates."),
    )

    class Meta:
        model = Article
        fields = [
            "language",
            "title",
            "slug",
            "section",
            "status",
            "is_internal",
            "owner",
            "body",
            "related",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make one from the title.")
        if self.instance.pk:
            self.fields["language"].disabled = True

    def clean(self):
        cleaned = super().clean()
        source, language = cleaned.get("translation_of"), cleaned.get("language")
        if source is not None and language:
            if source.language == language:
                self.add_error("translation_of", _("A translation must be in the other language."))
            elif Article.objects.filter(group=source.group, language=language).exists():
                self.add_error(
                    "translation_of", _("This article already has a version in that language.")
                )
        return cleaned


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    can_delete = False
    fields = ("number", "title", "status", "author", "created_at", "compare")
    readonly_fields = fields
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("compare"))
    def compare(self, revision):
        if revision.number == 1:
            return "—"
        url = reverse("admin:kb_article_compare", args=[revision.article_id])
        return format_html(
            '<a href="{}?old={}&new={}">{}</a>',
            url,
            revision.number - 1,
            revision.number,
            _("with the previous"),
        )


class FileInline(admin.TabularInline):
    model = ArticleFile
    extra = 0
    fields = ("filename", "content_type", "size", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "language",
        "status",
        "is_internal",
        "section",
        "owner",
        "last_reviewed_at",
        "helpful_yes",
        "helpful_no",
    )
    list_filter = ("language", "status", "is_internal", "section__category")
    search_fields = ("title", "slug")
    autocomplete_fields = ("related",)
    readonly_fields = ("translations", "published_at", "last_reviewed_at", "updated_at")
    inlines = [RevisionInline, FileInline]
    actions = ["publish", "archive", "mark_reviewed"]

    @admin.display(description=_("translations"))
    def translations(self, article):
        others = Article.objects.filter(group=article.group).exclude(pk=article.pk)
        links = [
            format_html(
                '<a href="{}">{} ({})</a>',
                reverse("admin:kb_article_change", args=[other.pk]),
                other.title,
                other.get_language_display(),
            )
            for other in others
        ]
        return format_html(", ".join(["{}"] * len(links)), *links) if links else "—"

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # An article joins its translation group when it is written; later, the group stays.
        return [name for name in fields if name != "translation_of"] if obj else fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data if name in EDITABLE}
            saved = services.article_update(article=obj, author=request.user, **changes)
        else:
            saved = services.article_create(
                author=request.user,
                section=data["section"],
                language=data["language"],
                title=data["title"],
                body=data["body"],
                slug=data.get("slug") or "",
                status=data["status"],
                is_internal=data["is_internal"],
                owner=data["owner"],
                translation_of=data.get("translation_of"),
            )
        obj.pk, obj.slug, obj._state.adding = saved.pk, saved.slug, False

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<int:article_id>/compare/", compare, name="kb_article_compare"),
            *super().get_urls(),
        ]

    def compare_view(self, request, article_id: int):
        """Two revisions side by side (kb.revisions)."""
        article = get_object_or_404(Article, pk=article_id)
        revisions, old, new = revisions_pair(
            article, request.GET.get("old"), request.GET.get("new")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "revisions": revisions,
            "old": old,
            "new": new,
            "table": revisions_compared(old, new) if old and new else "",
            "title": _("Compare revisions of “%(title)s”") % {"title": article.title},
        }
        return TemplateResponse(request, "admin/kb/compare.html", context)

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description=_("Archive the selected articles"))
    def archive(self, request, queryset):
        self._set_status(request, queryset, Article.Status.ARCHIVED)

    def _set_status(self, request, queryset, status):
        for article in queryset:
            services.article_update(article=article, author=request.user, status=status)
        self.message_user(request, _("Articles updated."), messages.SUCCESS)

    @admin.action(description=_("Mark the selected articles reviewed"))
    def mark_reviewed(self, request, queryset):
        for article in queryset:
            services.article_mark_reviewed(article=article, actor=request.user)
        self.message_user(request, _("Articles marked reviewed."), messages.SUCCESS)
