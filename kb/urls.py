from django.urls import path, register_converter

from kb.views import deflection, files, public


class LanguageConverter:
    regex = "en|ru"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ArticleSlugConverter:
    """Letters (any script), digits, hyphens and underscores: what slugify makes; anything
    else (a NUL byte, say) is not an article's address."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "kblang")
register_converter(ArticleSlugConverter, "kbslug")

urlpatterns = [
    path("", public.kb_root, name="kb-root"),
    path("files/<int:file_id>/<str:filename>", files.article_file, name="kb-file"),
    path("suggest/", deflection.suggestions, name="kb-suggest"),
    path("suggested/<int:article_id>/", deflection.suggestion_open, name="kb-suggestion-open"),
    path("<kblang:language>/", public.kb_home, name="kb-home"),
    path("<kblang:language>/search/", public.kb_search_page, name="kb-search"),
    path("<kblang:language>/c/<slug:slug>/", public.kb_category, name="kb-category"),
    path("<kblang:language>/<kbslug:slug>/", public.kb_article, name="kb-article"),
    path("<kblang:language>/<kbslug:slug>/vote/", public.kb_vote, name="kb-vote"),
]
