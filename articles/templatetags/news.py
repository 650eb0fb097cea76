"""Template tags for news: JSON-LD, directory links and the latest-news block."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from articles.models import Article
from portal.context_processors import default_share_image, static_url
from portal.html import format_html, local_date
from portal.jsonld import json_ld_script
from portal.pages import keep_until, will_keep

register = template.Library()


@register.filter
def url_or_empty(obj) -> str:
    """The object's page, or "" while the part of the portal that serves it is missing."""
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


@register.filter
def mention_kind(card) -> str:
    """The translated kind of a directory entry stored in `Article.mentions`."""
    from portal.models import Organization, Park

    kinds = {"park": Park.Kind, "organization": Organization.Kind}.get(card.get("type"))
    if kinds is None:
        return gettext("Talent programme")
    try:
        return kinds(card.get("kind")).label
    except ValueError:
        return ""


@register.filter
def iso_datetime(value) -> str:
    """`value|date:"c"` (the local time in ISO 8601) without Django's date formatter."""
    return timezone.localtime(value).isoformat() if value else ""


@register.filter
def local_day(value) -> str:
    """`value|date:"DATE_FORMAT"`, remembered per day and language (`portal.html.local_date`)."""
    return local_date(timezone.localtime(value)) if value else ""


@register.simple_tag
def mention_items(mentions):
    """The `<li>` of each directory entry in `Article.mentions`: written here rather
    than as a template loop, which cost more than the rest of the article's footer."""
    kinds = {}  # an article mentions a few kinds many times
    items = []
    for item in mentions:
        kind_key = (item.get("type"), item.get("kind"))
        kind = kinds.get(kind_key)
        if kind is None:
            kind = kinds[kind_key] = mention_kind(item)
        if item.get("url"):
            name = format_html('<a href="{}">{}</a>', item["url"], item["name"])
        else:
            name = conditional_escape(item["name"])
        items.append(format_html('<li>{} <span class="meta">{}</span></li>', name, kind))
    return mark_safe("".join(items))


@register.simple_tag
def tag_links(tags, news_url):
    """The tag links of an article (`Article.tag_list`), each to the news list filtered by it."""
    return format_html_join(
        "",
        ' <a class="tag" href="{}?tag={}">{}</a>',
        ((news_url, tag["slug"], tag["name"]) for tag in tags),
    )


@register.simple_tag
def section_links(sections, current=None):
    """The `<li>` link of each section, the current one marked: a template loop over
    a few sections cost as much as the rest of the list's heading."""
    current_pk = current.pk if current else None
    language = get_language()
    return mark_safe(
        "".join(
            format_html(
                '<li><a href="{}"{}>{}</a></li>',
                item.get_absolute_url(),
                mark_safe(' aria-current="page"') if item.pk == current_pk else "",
                item.name_in_language(item.name, item.name_zh, language),
            )
            for item in sections
        )
    )


CARD_IMAGE_SIZES = "(min-width: 64rem) 22rem, (min-width: 48rem) 45vw, 100vw"


def article_card(card, image=False, eager=False):
    """One `articles.cards.Card` as a list item: written here rather than in a template
    included once per card, which cost several times more than the card itself."""
    from portal.templatetags.images import responsive_image

    picture = ""
    if image and card.hero_image:
        picture = format_html(
            '<a href="{}" tabindex="-1" aria-hidden="true">{}</a>',
            card.url,
            responsive_image(
                card.hero_image,
                alt="",
                sizes=CARD_IMAGE_SIZES,
                loading="eager" if eager else "lazy",
            ),
        )
    lang = "" if card.language == get_language() else format_html(' lang="{}"', card.language)
    return format_html(
        '<li class="card article-card">{}<p class="meta"><a href="{}">{}</a> · '
        '<time datetime="{}">{}</time></p><h3><a href="{}"{}>{}</a></h3><p>{}</p></li>',
        picture,
        card.section_url,
        card.section_name,
        card.published_iso,
        card.published_day,
        card.url,
        lang,
        card.title,
        card.standfirst,
    )


@register.simple_tag
def article_cards(cards, image=False):
    """`article_card` for each of `cards`, the first one's image loaded at once (it is
    above the fold): one tag rather than a template loop, which cost half as much
    again as the cards."""
    return mark_safe(
        "".join(
            article_card(card, image=image, eager=index == 0) for index, card in enumerate(cards)
        )
    )


def hero_url(article) -> str:
    if article.hero_image:
        return settings.SITE_URL + article.hero_image.url
    return settings.SITE_URL + default_share_image()


@register.simple_tag
def article_json_ld(article, path=None, image=None):
    """A schema.org NewsArticle, escaped so that no text can close the script element.

    `path` and `image`: the article's path and share image when the page has them.
    """
    url = settings.SITE_URL + (path or article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.standfirst,
        "inLanguage": article.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "image": [image or hero_url(article)],
        "datePublished": article.publish_at.isoformat() if article.publish_at else None,
        "dateModified": article.updated_at.isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag["name"] for tag in article.tag_list],
        "author": {
            "@type": "Person" if article.author else "Organization",
            "name": article.author or article.source or str(settings.SITE_NAME),
        },
        "publisher": {
            "@type": "Organization",
            "name": str(settings.SITE_NAME),
            "logo": {
                "@type": "ImageObject",
                "url": settings.SITE_URL + static_url("img/favicon.svg"),
            },
        },
    }
    return json_ld_script(data)


def latest_articles(limit: int = 3, language: str | None = None):
    """The newest published articles, for the home page and other blocks."""
    queryset = Article.objects.published().for_cards()
    if language:
        queryset = queryset.filter(language=language)
    return queryset[:limit]


@register.inclusion_tag("articles/includes/latest_news.html", takes_context=True)
def latest_news(context, limit=3):
    """`{% load news %}{% latest_news 3 %}`: the newest articles in the reader's language."""
    from articles.views import reader_language

    request = context.get("request")
    if request is not None and will_keep(request):
        keep_until(request, Article.objects.next_go_live())
    articles = list(latest_articles(limit, reader_language()))
    if not articles:
        articles = list(latest_articles(limit))
    return {"latest_articles": articles, "request": context.get("request")}


@register.inclusion_tag("articles/includes/organization_news.html")
def organization_news(organization, limit=5):
    """The latest published news that mentions an organisation, for its profile."""
    articles = list(
        Article.objects.published().filter(organizations=organization).for_cards()[:limit]
    )
    return {"articles": articles}
