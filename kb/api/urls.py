from django.urls import path

from kb.api import views

urlpatterns = [
    path("categories/", views.CategoryListApi.as_view(), name="api-kb-categories"),
    path("articles/", views.ArticleListCreateApi.as_view(), name="api-kb-articles"),
    path("articles/<int:article_id>/", views.ArticleDetailApi.as_view(), name="api-kb-article"),
    path(
        "articles/<int:article_id>/revisions/",
        views.ArticleRevisionsApi.as_view(),
        name="api-kb-article-revisions",
    ),
    path(
        "articles/<int:article_id>/vote/",
        views.ArticleVoteApi.as_view(),
        name="api-kb-article-vote",
    ),
    path("gaps/", views.GapsApi.as_view(), name="api-kb-gaps"),
    path("search/", views.SearchApi.as_view(), name="api-kb-search"),
    path("suggestions/", views.SuggestApi.as_view(), name="api-kb-suggestions"),
]
