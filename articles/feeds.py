"""RSS 2.0 and Atom feeds of published articles, site-wide and per section."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article, Section

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    title = _("Liangjiang New Area news")
    description = _("The latest news from the Liangjiang New Area, Chongqing.")

    def link(self):
        return "/news/"

    def items(self):
        return Article.objects.published().select_related("section")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

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
        return f"{settings.SITE_URL}/news/article/{item.pk}"

    item_guid_is_permalink = False


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return _("Liangjiang New Area news: %(section)s") % {"section": section.name}

    def link(self, section):
        return section.get_absolute_url()

    def items(self, section):
        return (
            Article.objects.published().in_section(section).select_related("section")[:FEED_LENGTH]
        )


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
