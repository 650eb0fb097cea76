"""Every page of the demo whole in its language: a walk through the public pages
in Chinese and in English that fails on any text of the other language where a
version in the page's language exists."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from articles.models import Article, Section
from portal.models import Organization, Park
from recruitment.models import Campaign, Job

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3}")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


class PageText(HTMLParser):
    """What a reader of the page's language sees and hears: text, the title and
    text alternatives, without what an element marks as another language."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, inside another language, inside script/style)
        self.parts = []

    def _state(self):
        return self.stack[-1][1:] if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other, hidden = self._state()
        lang = attrs.get("lang")
        if lang is not None and tag != "html":
            other = not lang.startswith(self.language[:2])
        hidden = hidden or tag in ("script", "style", "template")
        if tag == "img" and not other and attrs.get("alt"):
            self.parts.append(attrs["alt"])
        if tag not in VOID:
            self.stack.append((tag, other, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        other, hidden = self._state()
        if not other and not hidden:
            self.parts.append(data)

    def text(self):
        return " ".join(" ".join(self.parts).split())


def page_text(content: bytes, language: str) -> str:
    parser = PageText(language)
    parser.feed(content.decode())
    return parser.text()


def other_language_texts(language: str) -> set[str]:
    """Texts of the other language whose version in `language` exists and differs:
    every translated field of every row, and the articles that have a translation."""
    other = "en" if language == "zh-hans" else "zh-hans"
    suffix = {"en": "en", "zh-hans": "zh_hans"}
    looks_other = LATIN if other == "en" else CJK
    texts = set()
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            own, theirs = f"{field}_{suffix[language]}", f"{field}_{suffix[other]}"
            for mine, foreign in model.objects.values_list(own, theirs):
                for line in (foreign or "").splitlines():
                    line = line.strip()
                    if mine and line and line not in (mine or "") and looks_other.search(line):
                        texts.add(line)
    for article in Article.objects.filter(language=other):
        if Article.objects.translations_of(article).filter(language=language).exists():
            texts |= {article.title, article.standfirst}
    return texts


def public_paths(language: str) -> list[str]:
    with translation.override(language):
        paths = [
            reverse("portal:home"),
            reverse("articles:article-list"),
            reverse("portal:park-list"),
            reverse("portal:organization-list"),
            reverse("portal:timeline"),
            reverse("portal:programme-list"),
            reverse("portal:talent"),
            reverse("portal:about"),
            reverse("portal:privacy"),
            reverse("portal:contact"),
            reverse("recruitment:job-list"),
        ]
        paths += [section.get_absolute_url() for section in Section.objects.all()]
        paths += [a.get_absolute_url() for a in Article.objects.filter(language=language)]
        paths += [park.get_absolute_url() for park in Park.objects.all()]
        paths += [org.get_absolute_url() for org in Organization.objects.all()]
        paths += [job.get_absolute_url() for job in Job.objects.all()]
        for campaign in Campaign.objects.all():
            paths.append(campaign.get_absolute_url())
            if campaign.is_accepting():
                paths.append(reverse("recruitment:campaign-apply", args=[campaign.slug]))
    return paths


def _found(text: str, page: str) -> bool:
    if CJK.search(text):
        return text in page
    return re.search(rf"(?<![A-Za-z]){re.escape(text)}(?![A-Za-z])", page) is not None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_demo_page_is_whole_in_its_language(client, language):
    call_command("loaddemo", stdout=io.StringIO())
    foreign = other_language_texts(language)
    assert len(foreign) > 100  # the walk has something to look for
    failures = []
    for path in public_paths(language):
        response = client.get(path)
        assert response.status_code == 200, path
        page = page_text(response.content, language)
        failures += [f"{path}: {text!r}" for text in sorted(foreign) if _found(text, page)]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_chinese_pages_show_the_published_chinese_names(client):
    call_command("loaddemo", stdout=io.StringIO())
    translation.activate("zh-hans")
    parks = client.get(reverse("portal:park-list")).content.decode()
    for name in ("两江协同创新区", "礼嘉智慧公园", "两江数字经济产业园"):
        assert name in parks
    organizations = client.get(reverse("portal:organization-list")).content.decode()
    for name in ("京东方", "长安汽车", "云从科技"):
        assert name in organizations
    talent = client.get(reverse("portal:talent")).content.decode()
    assert "鸿雁计划" in talent and "“智汇两江”科技领军人才" in talent
    news = client.get(reverse("articles:article-list")).content.decode()
    assert "两江新区：创新与人才的先进样板" in news
    assert "Liangjiang Portal" not in page_text(news.encode(), "zh-hans")


# --- Fallbacks: never an empty heading, and the other language marked --------------


@pytest.mark.django_db
def test_a_missing_chinese_name_shows_the_english_one_marked_as_english(client):
    Organization.objects.create(name_en="Acme Robotics", slug="acme", kind="enterprise")

    with translation.override("zh-hans"):
        html = client.get(reverse("portal:organization-detail", args=["acme"])).content.decode()

    assert '<h1><span lang="en">Acme Robotics</span></h1>' in html


@pytest.mark.django_db
def test_a_missing_english_name_shows_the_chinese_one_marked_as_chinese(client):
    Organization.objects.create(
        name_en="", name_zh_hans="两江机器人", slug="liangjiang-robots", kind="enterprise"
    )

    with translation.override("en"):
        path = reverse("portal:organization-detail", args=["liangjiang-robots"])
    html = client.get(path).content.decode()

    assert '<h1><span lang="zh-hans">两江机器人</span></h1>' in html


@pytest.mark.django_db
def test_a_translated_name_carries_no_lang_of_its_own(client):
    Organization.objects.create(
        name_en="BOE", name_zh_hans="京东方", slug="boe", kind="enterprise"
    )

    with translation.override("zh-hans"):
        html = client.get(reverse("portal:organization-detail", args=["boe"])).content.decode()

    assert "<h1>京东方</h1>" in html


@pytest.mark.django_db
def test_a_job_description_in_one_language_shows_in_both(client):
    organization = Organization.objects.create(name_en="BOE", slug="boe", kind="enterprise")
    Job.objects.create(
        organization=organization,
        slug="process-engineer",
        title_en="Process engineer",
        title_zh_hans="工艺工程师",
        description_en="Improve yield.",
    )

    with translation.override("zh-hans"):
        html = client.get(reverse("recruitment:job-detail", args=["process-engineer"]))
    html = html.content.decode()

    assert "<h1>工艺工程师</h1>" in html
    assert '<div lang="en"><p>Improve yield.</p></div>' in html


# --- The back office lists what lacks a version ---------------------------------------


@pytest.mark.django_db
def test_the_admin_lists_what_lacks_a_chinese_or_an_english_version(client, editor):
    Organization.objects.create(name_en="Only English", slug="en-only", kind="enterprise")
    Organization.objects.create(
        name_en="", name_zh_hans="只有中文", slug="zh-only", kind="enterprise"
    )
    Organization.objects.create(
        name_en="Both", name_zh_hans="两种", slug="both", kind="enterprise"
    )
    client.force_login(editor)

    lacking_chinese = client.get("/admin/portal/organization/?missing=zh-hans")
    lacking_english = client.get("/admin/portal/organization/?missing=en")

    assert lacking_chinese.status_code == lacking_english.status_code == 200
    assert [o.slug for o in lacking_chinese.context["cl"].result_list] == ["en-only"]
    assert [o.slug for o in lacking_english.context["cl"].result_list] == ["zh-only"]
    assert "Missing Chinese" in lacking_chinese.content.decode()


@pytest.mark.django_db
def test_an_editor_enters_both_languages_side_by_side(client, editor):
    client.force_login(editor)
    form = client.get("/admin/portal/organization/add/").content.decode()
    assert 'name="name_en"' in form and 'name="name_zh_hans"' in form


# --- News: one language per page and feed ----------------------------------------------


@pytest.mark.django_db
def test_news_pages_and_feeds_list_only_their_language(client):
    call_command("loaddemo", stdout=io.StringIO())
    english = Article.objects.get(slug="advanced-models-of-innovation-and-talents-in-liangjiang")
    chinese = english.translations.get()

    with translation.override("zh-hans"):
        zh_list = client.get(reverse("articles:article-list")).content.decode()
    with translation.override("en"):
        en_list = client.get(reverse("articles:article-list")).content.decode()
    zh_feed = client.get("/feeds/news/?language=zh-hans").content.decode()
    en_feed = client.get("/feeds/news/").content.decode()

    assert chinese.title in zh_list and english.title not in zh_list
    assert english.title in en_list and chinese.title not in en_list
    assert chinese.title in zh_feed and english.title not in zh_feed
    assert english.title in en_feed and chinese.title not in en_feed
    assert 'href="/feeds/news/?language=zh-hans"' in zh_list


# --- Query counts: a page in Chinese costs what it costs in English ---------------------


@pytest.mark.django_db
def test_a_page_in_chinese_runs_the_queries_of_the_page_in_english(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("loaddemo", stdout=io.StringIO())
    for language in ("en", "zh-hans"):  # once first: what a first visit sets up is not counted
        for path in public_paths(language):
            client.get(path)
    counts = {}
    for language in ("en", "zh-hans"):
        for path in public_paths(language):
            cache.clear()  # rendered, not served from the page cache
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            key = path.removeprefix(f"/{language}/").removesuffix("-zh/").removesuffix("/")
            counts.setdefault(key, {})[language] = len(queries)
    differ = {path: n for path, n in counts.items() if len(set(n.values())) > 1}
    assert not differ


@pytest.mark.django_db
def test_a_card_links_to_the_story_in_the_other_language_where_there_is_one(client):
    call_command("loaddemo", stdout=io.StringIO())
    english = Article.objects.get(slug="advanced-models-of-innovation-and-talents-in-liangjiang")
    chinese = english.translations.get()
    with translation.override("zh-hans"):
        zh_list = client.get(reverse("articles:article-list")).content.decode()
        chinese_url = chinese.get_absolute_url()
    with translation.override("en"):
        en_list = client.get(reverse("articles:article-list")).content.decode()
        english_url = english.get_absolute_url()
    untranslated = Article.objects.filter(language="en", translations__isnull=True).first()

    assert f'<a href="{english_url}" hreflang="en" lang="en">English</a>' in zh_list
    assert f'<a href="{chinese_url}" hreflang="zh-hans" lang="zh-hans">简体中文</a>' in en_list
    assert untranslated is None or untranslated.title not in zh_list
