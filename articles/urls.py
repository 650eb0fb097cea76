from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import views
from .cache import cached_page
from .feeds import LatestArticlesAtomFeed, LatestArticlesFeed, SectionAtomFeed, SectionFeed
from .sitemaps import sitemaps

app_name = "articles"

urlpatterns = [
    path("news/", views.ArticleListView.as_view(), name="article-list"),
    path("news/section/<slug:slug>/", views.SectionDetailView.as_view(), name="section-detail"),
    re_path(
        r"^news/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[-\w]+)/$",
        views.ArticleDetailView.as_view(),
        name="article-detail",
    ),
    path("news/preview/<int:pk>/", views.staff_preview, name="article-preview"),
    path("news/preview/shared/<str:token>/", views.shared_preview, name="article-shared-preview"),
    path("search/", views.search_view, name="search"),
    path("feeds/news/", cached_page(LatestArticlesFeed()), name="feed-rss"),
    path("feeds/news/atom/", cached_page(LatestArticlesAtomFeed()), name="feed-atom"),
    path("feeds/news/<slug:slug>/", cached_page(SectionFeed()), name="section-feed-rss"),
    path("feeds/news/<slug:slug>/atom/", cached_page(SectionAtomFeed()), name="section-feed-atom"),
    path(
        "sitemap.xml",
        cached_page(views.sitemap_index),
        {"sitemaps": sitemaps, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
