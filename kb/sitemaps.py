"""/sitemap.xml: the knowledge base's public pages in both languages."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kb.models import Category
from kb.selectors import LANGUAGES, articles_readable_by


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            articles_readable_by(AnonymousUser())
            .only("language", "slug", "updated_at")
            .order_by("id")
        )

    def location(self, item):
        return reverse("kb-article", args=[item.language, item.slug])

    def lastmod(self, item):
        return item.updated_at


class KbPageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        pages = [("kb-home", language, None) for language in LANGUAGES]
        for slug in Category.objects.order_by("position", "id").values_list("slug", flat=True):
            pages += [("kb-category", language, slug) for language in LANGUAGES]
        return pages

    def location(self, item):
        name, language, slug = item
        return reverse(name, args=[language, slug] if slug else [language])
