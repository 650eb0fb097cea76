from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from django.utils.translation import override

from . import views
from .feeds import LatestArticlesAtomFeed, LatestArticlesFeed, SectionAtomFeed, SectionFeed
from .sitemaps import sitemaps

app_name = "articles"

# The pages, under each language prefix (see portal/urls.py).
urlpatterns = [
    path("news/", views.news_page(views.ArticleListView.as_view()), name="article-list"),
    path(
        "news/section/<slug:slug>/",
        views.news_page(views.SectionDetailView.as_view()),
        name="section-detail",
    ),
    re_path(
        r"^news/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[-\w]+)/$",
        views.news_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path("news/preview/<int:pk>/", views.staff_preview, name="article-preview"),
    path("news/preview/shared/<str:token>/", views.shared_preview, name="article-shared-preview"),
    path("search/", views.search_view, name="search"),
]


def feed_view(feed_class):
    """A feed is unprefixed: it speaks English, or the language `?language=` names
    (`zh-hans`), and lists only the articles written in that language, whatever
    the reader's browser asks for."""
    feed = feed_class()
    languages = dict(settings.LANGUAGES)

    def view(request, *args, **kwargs):
        language = request.GET.get("language")
        with override(language if language in languages else settings.LANGUAGE_CODE):
            return feed(request, *args, **kwargs)

    return views.news_page(view)


# Unprefixed and without a namespace (portal/urls.py): feeds, the sitemap (which
# lists every page in both languages) and robots.txt have one address each.
unprefixed_patterns = [
    path("feeds/news/", feed_view(LatestArticlesFeed), name="feed-rss"),
    path("feeds/news/atom/", feed_view(LatestArticlesAtomFeed), name="feed-atom"),
    path("feeds/news/<slug:slug>/", feed_view(SectionFeed), name="section-feed-rss"),
    path("feeds/news/<slug:slug>/atom/", feed_view(SectionAtomFeed), name="section-feed-atom"),
    path(
        "sitemap.xml",
        views.news_page(views.sitemap_index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        views.news_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
