"""RSS 2.0 and Atom feeds of published articles, site-wide and per section.

Every link in them is on `SITE_URL`: Django's feeds would name the request's Host.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from portal.siteurl import absolute_url

from .models import Article, Section, reader_language

FEED_LENGTH = 30


def feed_path(url_name: str, *args) -> str:
    """A feed's address in the active language: English is the plain address,
    another language adds `?language=` (the feeds are unprefixed)."""
    path = reverse(url_name, args=args)
    language = reader_language()
    return path if language == settings.LANGUAGE_CODE else f"{path}?language={language}"


class LatestArticlesFeed(Feed):
    title = _("Liangjiang New Area news")
    description = _("The latest news from the Liangjiang New Area, Chongqing.")
    url_name = "feed-rss"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Django's feed generator writes the XML into the response piece by piece, and
        # each piece stays a chunk: the page cache would keep hundreds of them and the
        # server send each with a write of its own. One piece, as a page is.
        response.content = response.content
        return response

    def link(self):
        return absolute_url(reverse("articles:article-list"))

    def feed_url(self):
        return absolute_url(feed_path(self.url_name))

    def language(self):
        return reader_language()

    def articles(self):
        """Published articles in the feed's language (one row per language version)."""
        return Article.objects.published().filter(language=reader_language())

    def items(self):
        return self.articles().select_related("section")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_categories(self, item):
        return [item.section.name]

    def item_guid(self, item):
        return absolute_url(f"/news/article/{item.pk}")

    item_guid_is_permalink = False


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "feed-atom"
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    url_name = "section-feed-rss"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return _("Liangjiang New Area news: %(section)s") % {"section": section.name}

    def link(self, section):
        return absolute_url(section.get_absolute_url())

    def feed_url(self, section):
        return absolute_url(feed_path(self.url_name, section.slug))

    def items(self, section):
        return self.articles().in_section(section).select_related("section")[:FEED_LENGTH]


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    url_name = "section-feed-atom"
    subtitle = LatestArticlesFeed.description
