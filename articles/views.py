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
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal.pages import cache_for_readers, keep_until_next
from portal.siteurl import absolute_url, on_site

from . import search
from .counters import count_view
from .filters import ArticleFilter
from .models import (
    MOST_READ_LIMIT,
    NEXT_GO_LIVE,
    RELATED_LIMIT,
    Article,
    Section,
    reader_language,
)

PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60


# Query parameters the news pages take; see `portal.pages.cache_for_readers`.
NEWS_PARAMETERS = frozenset({"page", "section", "tag", "q", "language", "p"})


def most_read():
    """The week's most read articles in the reader's language, as cards."""
    return Article.objects.published().most_read(reader_language()).for_cards()[:MOST_READ_LIMIT]


def _count_article_view(response) -> None:
    if article_id := getattr(response, "article_id", None):
        count_view(article_id)


def news_page(view):
    """A news page, kept for anonymous readers (and its fragments: most read, related
    articles) until an edit or the next scheduled article's go-live; an article's
    views are counted whether cached or not."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        keep_until_next(request, NEXT_GO_LIVE, Article.objects.next_go_live)
        return view(request, *args, **kwargs)

    return cache_for_readers(wrapper, parameters=NEWS_PARAMETERS, on_serve=_count_article_view)


class ArticleListView(FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginate_by = 12
    strict = True
    section = None

    def get_queryset(self):
        # The page's language only: each language version of a story is its own row.
        return Article.objects.published().filter(language=reader_language()).for_cards()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=Section.objects.all(), most_read=most_read(), **kwargs
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors:
            response.status_code = 400
        else:
            # The page's articles, never `self.object_list`: testing that for truth would
            # load every published article.
            page = response.context_data["page_obj"]
            if page is not None and page.object_list:
                updated = max(article.updated_at for article in page.object_list)
                response["Last-Modified"] = http_date(updated.timestamp())
        return response


class SectionDetailView(ArticleListView):
    template_name = "articles/section_detail.html"

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


def detail_queryset():
    """An article with its section. What it shows of other rows (tags, the directory
    entries it mentions, related articles) is read by the template inside `{% cache %}`
    fragments, so a page that finds them there does not query them."""
    return Article.objects.select_related("section").defer("body_markdown", "search_vector")


def may_edit(request) -> bool:
    """Whether the page shows staff their link to edit the article. A reader without
    a session is never signed in: no user to look up."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_staff and request.user.has_perm("articles.change_article")


def article_context(request, article, *, preview=False):
    published = Article.objects.published()
    minutes = article.reading_minutes
    return {
        "article": article,
        "object": article,
        "reading_time": ngettext("%(minutes)s minute read", "%(minutes)s minutes read", minutes)
        % {"minutes": minutes},
        "preview": preview,
        "may_edit": may_edit(request),
        "related": published.related_to(article).for_cards()[:RELATED_LIMIT],
        "translations": published.translations_of(article).only(
            "id", "title", "slug", "language", "publish_at", "created_at"
        ),
        "most_read": most_read(),
    }


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return detail_queryset().published()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if canonical != request.path:
            return HttpResponsePermanentRedirect(canonical)
        response = TemplateResponse(
            request, self.template_name, article_context(request, self.object)
        )
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        response.article_id = self.object.pk
        return response


def _preview_response(request, article):
    response = TemplateResponse(
        request, "articles/article_detail.html", article_context(request, article, preview=True)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def staff_preview(request, pk):
    """Any article, published or not, as readers would see it: for staff who may edit it."""
    if not request.user.is_authenticated or not request.user.has_perm("articles.view_article"):
        return redirect_to_login(request.get_full_path())
    article = get_object_or_404(detail_queryset(), pk=pk)
    return _preview_response(request, article)


def make_preview_token(article) -> str:
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))


def preview_url(article) -> str:
    return reverse(
        "articles:article-shared-preview", kwargs={"token": make_preview_token(article)}
    )


@never_cache
def shared_preview(request, token):
    """A signed link a reviewer without an account can open until it expires."""
    try:
        pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        return TemplateResponse(
            request, "articles/preview_invalid.html", {"expired": True}, status=410
        )
    except signing.BadSignature:
        raise Http404("Invalid preview link") from None
    article = get_object_or_404(detail_queryset(), pk=pk)
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
