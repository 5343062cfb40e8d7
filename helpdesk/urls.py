from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from helpdesk import views
from kb.sitemaps import ArticleSitemap, KbPageSitemap

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("tickets.urls")),
    path("manager/", include("metrics.urls")),
    path("kb/", include("kb.urls")),
    path("agent/kb/", include("kb.urls_agents")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"kb": ArticleSitemap, "kb-pages": KbPageSitemap}},
        name="sitemap",
    ),
    path("api/v1/", include("tickets.api.urls")),
    path("api/v1/metrics/", include("metrics.api.urls")),
    path("api/v1/kb/", include("kb.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]
