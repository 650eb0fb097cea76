"""Template tags for news: JSON-LD, directory links and the news blocks of other pages."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch

from articles.feeds import feed_path
from articles.models import NEXT_GO_LIVE, Article, reader_language
from portal.jsonld import json_ld_script
from portal.pages import keep_until_next

register = template.Library()


@register.filter
def url_or_empty(obj) -> str:
    """The object's page, or "" while the part of the portal that serves it is missing."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.simple_tag
def article_json_ld(article, tags=None):
    """A schema.org NewsArticle, escaped so that no text can close the script element.
    `tags`: the article's tags when the page has already read them."""
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.standfirst,
        "inLanguage": article.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "image": [article.share_image_url],
        "datePublished": article.publish_at.isoformat() if article.publish_at else None,
        "dateModified": article.updated_at.isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in (article.tags.all() if tags is None else tags)],
        "author": {
            "@type": "Person" if article.author else "Organization",
            "name": article.author or article.source or str(settings.SITE_NAME),
        },
        "publisher": {
            "@type": "Organization",
            "name": str(settings.SITE_NAME),
            "logo": {
                "@type": "ImageObject",
                "url": settings.SITE_URL + static("img/favicon.svg"),
            },
        },
    }
    return json_ld_script(data)


@register.inclusion_tag("articles/includes/latest_news.html", takes_context=True)
def latest_news(context, limit=3):
    """`{% load news %}{% latest_news 3 %}`: the newest articles in the reader's language."""
    request = context.get("request")
    if request is not None:
        keep_until_next(request, NEXT_GO_LIVE, Article.objects.next_go_live)
    published = Article.objects.published().for_cards()
    articles = list(published.filter(language=reader_language())[:limit])
    return {"latest_articles": articles, "request": context.get("request")}


@register.inclusion_tag("articles/includes/organization_news.html", takes_context=True)
def organization_news(context, organization, limit=5):
    """The latest published news that mentions an organisation, for its profile."""
    articles = list(
        Article.objects.published()
        .filter(organizations=organization, language=reader_language())
        .for_cards()[:limit]
    )
    return {"articles": articles, "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}


@register.simple_tag
def feed_url(url_name, *args):
    """The news feed in the page's language: `{% feed_url "feed-rss" %}`."""
    return feed_path(url_name, *args)
