"""News pages: lists, sections, articles, previews and search.

Public pages are wrapped in `news_page`: anonymous readers get the stored
rendering and run no query at all (see `portal/pages.py`).
"""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.sitemaps import views as sitemap_views
from django.core import signing
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language, ngettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal.fixedsql import fetch_together, pad_ids, sends_together
from portal.pages import cache_for_readers, keep_until, will_keep
from portal.siteurl import absolute_url, on_site

from . import queries, search
from .cards import as_cards, cards_from_rows
from .counters import MOST_READ_LIMIT, count_view, most_read_name, most_read_wanted
from .derived import RELATED_CANDIDATES
from .filters import ArticleFilter
from .models import Article, Section
from .templatetags.news import hero_url

PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60
RELATED_LIMIT = 4
# The furthest page of an unfiltered list asked for ahead with its count: none is longer.
MAX_PAGE_ASKED_AHEAD = 100_000


# Query parameters the news pages take; see `portal.pages.cache_for_readers`.
NEWS_PARAMETERS = frozenset({"page", "section", "tag", "q", "language", "p"})


def reader_language() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def private_no_store(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    return response


def _count_article_view(response) -> None:
    if article_id := getattr(response, "article_id", None):
        count_view(article_id)


def news_page(view):
    """A news page, kept for anonymous readers until an edit or the next scheduled
    article's go-live; an article's views are counted whether cached or not."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if will_keep(request):
            keep_until(request, Article.objects.next_go_live())
        return view(request, *args, **kwargs)

    return cache_for_readers(wrapper, parameters=NEWS_PARAMETERS, on_serve=_count_article_view)


class ArticleListView(FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginate_by = 12
    strict = True
    section = None

    def get_queryset(self):
        return Article.objects.published()

    def get_context_data(self, **kwargs):
        # The sections and the week's most read (remembered per generation) and, on an
        # unfiltered list, the page itself: what is not remembered, in one round trip.
        first_page = getattr(self.object_list, "first_page", lambda: None)()
        language = reader_language()
        wanted = {"sections": (queries.sections.queryset(), list), **most_read_wanted(language)}
        fetch_together(
            *([first_page] if first_page is not None else []),
            *(queryset for queryset, _convert in wanted.values()),
        )
        remembered = {
            name: convert(list(queryset)) for name, (queryset, convert) in wanted.items()
        }
        context = super().get_context_data(**kwargs)
        # The page's articles as cards (plain values), never the whole filtered list.
        page = context["page_obj"]
        if page is not None and not isinstance(page.object_list, list):
            page.object_list = as_cards(page.object_list, images=True)
        context["object_list"] = page.object_list if page is not None else []
        context["sections"] = remembered["sections"]
        context["most_read"] = remembered[most_read_name(language)]
        return context

    def get(self, request, *args, **kwargs):
        if set(request.GET) <= {"page"}:
            # The most-read pages, unfiltered: no filter form to build and validate; the
            # count and the page come from compiled queries.
            self.filterset = None
            self.object_list = queries.PublishedCards(
                timezone.now(),
                section_id=self.section.pk if self.section else None,
                first=self.requested_slice(),
            )
            context = self.get_context_data(filter=None, object_list=self.object_list)
            response = self.render_to_response(context)
        else:
            response = super().get(request, *args, **kwargs)
        if self.filterset is not None and self.filterset.errors:
            response.status_code = 400
        else:
            # The page's articles, never `self.object_list`: testing that for truth would
            # load every published article.
            shown = response.context_data["object_list"]
            if shown:
                updated = max(article.updated_at for article in shown)
                response["Last-Modified"] = http_date(updated.timestamp())
        return response

    def requested_slice(self):
        """(start, stop) of the page the reader asked for by number, or None."""
        page = self.request.GET.get(self.page_kwarg) or 1
        try:
            number = int(page)
        except ValueError:
            return None  # "last", or junk the paginator answers with a 404
        if not 1 <= number <= MAX_PAGE_ASKED_AHEAD:
            # The paginator counts first and answers a page past the end with a 404;
            # asked for ahead, a huge number's offset would overflow the database's
            # integers (a 500).
            return None
        return (number - 1) * self.paginate_by, number * self.paginate_by


class SectionDetailView(ArticleListView):
    template_name = "articles/section_detail.html"

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


def article_cards(article, limit=RELATED_LIMIT, rows=None):
    """Its related articles (ranked at save time, `Article.related_ids`), its
    translations and the most read articles of the week in its language: all the
    cards an article page shows, in one query of what is published now.

    `rows`: that query's rows when they were fetched with the article's own.
    """
    candidates = list(article.related_ids or ())[:RELATED_CANDIDATES]
    if rows is None:
        rows = queries.article_cards.get(
            now=timezone.now(),
            candidates=pad_ids(candidates, RELATED_CANDIDATES),
            article_id=article.pk,
            original_id=article.translation_of_id or -1,
            language=article.language,
        )
    by_pk = {card.pk: card for card in cards_from_rows(rows)}
    cards = list(by_pk.values())
    related = [by_pk[pk] for pk in candidates if pk in by_pk][:limit]
    translations = [
        card
        for card in cards
        if card.language != article.language
        and (card.pk == article.translation_of_id or card.translation_of_id == article.pk)
    ]
    read = [card for card in cards if card.language == article.language and card.week_views]
    read.sort(key=lambda card: (-card.week_views, -card.publish_at.timestamp(), -card.pk))
    return related, translations, read[:MOST_READ_LIMIT]


def may_edit(request) -> bool:
    """Whether the page shows staff their link to edit the article. A reader without
    a session is never signed in: no user to look up."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_staff and request.user.has_perm("articles.change_article")


def article_context(request, article, *, preview=False, card_rows=None, path=None):
    """`path`: the article's own, when the caller has worked it out already."""
    related, translations, most_read = article_cards(article, rows=card_rows)
    minutes = article.reading_minutes
    return {
        "article": article,
        "object": article,
        "article_path": path or article.get_absolute_url(),
        "hero_url": hero_url(article),
        "reading_time": ngettext("%(minutes)s minute read", "%(minutes)s minutes read", minutes)
        % {"minutes": minutes},
        "preview": preview,
        "may_edit": may_edit(request),
        "related": related,
        "translations": translations,
        "most_read": most_read,
    }


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    card_rows = None

    def get_object(self, queryset=None):
        slug, now = self.kwargs["slug"], timezone.now()
        article = queries.published_article.queryset(slug=slug, now=now)
        if sends_together():
            # The cards' query needs only the slug: both go to the database at once.
            cards = queries.article_cards_by_slug.queryset(slug=slug, now=now)
            fetch_together(article, cards)
            self.card_rows = list(cards)
        found = list(article)
        if not found:
            raise Http404("No article found matching the query")
        return found[0]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if canonical != request.path:
            return HttpResponsePermanentRedirect(canonical)
        context = article_context(request, self.object, card_rows=self.card_rows, path=canonical)
        response = TemplateResponse(request, self.template_name, context)
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        response.article_id = self.object.pk
        return response


def _preview_response(request, article):
    response = TemplateResponse(
        request, "articles/article_detail.html", article_context(request, article, preview=True)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return private_no_store(response)


def staff_preview(request, pk):
    """Any article, published or not, as readers would see it: for staff who may edit it."""
    if not request.user.is_authenticated or not request.user.has_perm("articles.view_article"):
        return private_no_store(redirect_to_login(request.get_full_path()))
    article = get_object_or_404(queries.detail_queryset(), pk=pk)
    return _preview_response(request, article)


def make_preview_token(article) -> str:
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))


def preview_url(article) -> str:
    return reverse(
        "articles:article-shared-preview", kwargs={"token": make_preview_token(article)}
    )


def shared_preview(request, token):
    """A signed link a reviewer without an account can open until it expires."""
    try:
        pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        response = TemplateResponse(
            request, "articles/preview_invalid.html", {"expired": True}, status=410
        )
        return private_no_store(response)
    except signing.BadSignature:
        raise Http404("Invalid preview link") from None
    article = get_object_or_404(queries.detail_queryset(), pk=pk)
    return _preview_response(request, article)


@news_page
def search_view(request):
    q = search.clean_query(request.GET.get("q", ""))
    base = (
        Article.objects.published()
        .select_related("section")
        .defer("body_markdown", "search_vector")
    )
    results = search.search_articles(base, q)
    try:
        page = Paginator(results, 10).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("No such page of results") from None
    hits = [
        {"article": article, "snippet": search.highlight(article.plain_body, q)}
        for article in page.object_list
    ]
    parks, organizations = search.search_directory(q)
    response = TemplateResponse(
        request,
        "articles/search.html",
        {
            "q": q,
            "page_obj": page,
            "hits": hits,
            "parks": parks,
            "organizations": organizations,
        },
    )
    return response


def sitemap_index(request, **kwargs):
    """Django's sitemap index, with each sitemap's address on `SITE_URL`: Django names
    the request's Host there."""
    response = sitemap_views.index(request, **kwargs)
    for item in response.context_data["sitemaps"]:
        item.location = on_site(item.location)
    return response


def robots_txt(request):
    sitemap = absolute_url(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /news/preview/",
        "Disallow: /applications/",
        "Disallow: /api/",
        f"Sitemap: {sitemap}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response
