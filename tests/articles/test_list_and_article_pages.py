"""The news list, section and article pages: paging, sections, translations, tags,
mentions and the layout around them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.models import Article, Section

TITLE = re.compile(r'<h3><a href="[^"]+"[^>]*>([^<]+)</a></h3>')


def titles_on(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return TITLE.findall(response.content.decode())


def test_the_news_list_pages_through_every_published_article_once(client, make_article):
    made = [make_article(title=f"Story {n:02d}") for n in range(1, 27)]  # newest first
    make_article(title="A draft", status=Article.Status.DRAFT, publish_at=None)
    make_article(
        title="Not yet",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=1),
    )

    pages = [titles_on(client, f"/en/news/?page={number}") for number in (1, 2, 3)]

    assert [len(page) for page in pages] == [12, 12, 2]
    assert sum(pages, []) == [article.title for article in made]
    assert "Page 1 of 3" in client.get("/en/news/").content.decode()
    assert client.get("/en/news/?page=4").status_code == 404


@pytest.mark.parametrize(
    ("language", "position"), [("en", "Page 2 of 3"), ("zh-hans", "第 2 页，共 3 页")]
)
def test_the_page_links_keep_the_other_parameters(client, make_article, language, position):
    for n in range(30):
        make_article(title=f"Story {n:02d}", tags=["innovation"], language=language)

    html = client.get(f"/{language}/news/?tag=innovation&page=2").content.decode()

    assert f"<span>{position}</span>" in html
    assert '<a rel="prev" href="?tag=innovation&amp;page=1">' in html
    assert '<a rel="next" href="?tag=innovation&amp;page=3">' in html
    last = client.get(f"/{language}/news/?page=3").content.decode()
    assert 'rel="prev"' in last and 'rel="next"' not in last
    other = Section.objects.create(name="Talent", slug="talent")
    make_article(title="Alone", section=other)
    assert 'class="pagination"' not in client.get("/en/news/section/talent/").content.decode()


def test_the_last_page_and_a_page_past_the_end(client, make_article):
    for n in range(14):
        make_article(title=f"Story {n:02d}")
    assert titles_on(client, "/en/news/?page=last") == ["Story 12", "Story 13"]
    assert client.get("/en/news/?page=3").status_code == 404
    assert client.get("/en/news/?page=0").status_code == 404
    assert client.get("/en/news/?page=two").status_code == 404


def test_a_section_page_counts_and_lists_only_its_section(client, make_article, section):
    other = Section.objects.create(name="Talent", name_zh_hans="人才", slug="talent")
    for n in range(15):
        make_article(title=f"Talent story {n:02d}", section=other)
    make_article(title="A news story")

    first, second = (titles_on(client, f"/en/news/section/talent/?page={n}") for n in (1, 2))

    assert len(first) == 12 and len(second) == 3
    assert all(title.startswith("Talent story") for title in first + second)
    assert "Page 1 of 2" in client.get("/en/news/section/talent/").content.decode()
    assert titles_on(client, "/en/news/section/news/") == ["A news story"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_section_links_mark_the_section_shown(client, section, language):
    Section.objects.create(name="Talent & <People>", name_zh_hans="人才", slug="talent")
    current = re.compile(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>')

    assert current.findall(client.get(f"/{language}/news/").content.decode()) == []
    on_talent = client.get(f"/{language}/news/section/talent/").content.decode()
    name = "人才" if language == "zh-hans" else "Talent &amp; &lt;People&gt;"
    assert current.findall(on_talent) == [(f"/{language}/news/section/talent/", name)]
    assert f'<li><a href="/{language}/news/section/{section.slug}/">' in on_talent


def test_an_empty_news_list_says_so(client, db):
    body = client.get("/en/news/").content.decode()
    assert "No articles yet." in body


def test_each_article_page_shows_its_own_article(client, make_article):
    first = make_article(title="First story", tags=["cars"])
    second = make_article(title="Second story", tags=["cars"])

    first_page = client.get(first.get_absolute_url()).content.decode()
    second_page = client.get(second.get_absolute_url()).content.decode()

    assert "<h1>First story</h1>" in first_page
    assert "<h1>Second story</h1>" in second_page
    # Each lists the other as related, never itself.
    assert "Second story" in first_page.split('id="related-heading"')[1]
    assert "First story" in second_page.split('id="related-heading"')[1]


def test_an_article_page_links_its_translation_both_ways(client, make_article):
    original = make_article(title="Original story")
    translation = make_article(
        title="译文", slug="translated-story", language="zh-hans", translation_of=original
    )

    original_page = client.get(original.get_absolute_url()).content.decode()
    translation_page = client.get(translation.get_absolute_url()).content.decode()

    assert f'href="{translation.get_absolute_url()}" hreflang="zh-hans"' in original_page
    assert f'href="{original.get_absolute_url()}" hreflang="en"' in translation_page


def test_the_layout_follows_the_reader_language_page_after_page(client, make_article):
    article = make_article()

    english = client.get(article.get_absolute_url()).content.decode()
    with translation.override("zh-hans"):
        chinese = client.get(article.get_absolute_url()).content.decode()
    english_again = client.get("/en/news/").content.decode()

    assert 'aria-label="About the portal"' in english
    assert 'aria-label="关于本门户"' in chinese
    assert 'aria-label="About the portal"' not in chinese
    assert 'aria-label="About the portal"' in english_again


def test_mentioned_names_are_escaped(client, make_article):
    from portal.models import Organization

    article = make_article()
    article.organizations.add(
        Organization.objects.create(
            name='<img src=x onerror="alert(1)">Acme', slug="acme", kind="enterprise"
        )
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Acme" in html
    assert '<img src=x onerror="alert(1)">' not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_tag_links_lead_to_the_filtered_list(client, make_article, language):
    article = make_article(tags=["new-energy"])
    with translation.override(language):
        html = client.get(article.get_absolute_url()).content.decode()
    # The tag has no Chinese name yet: the English one, marked as English.
    name = "New-Energy" if language == "en" else '<span lang="en">New-Energy</span>'
    assert f'<a class="tag" href="/{language}/news/?tag=new-energy">{name}</a>' in html


def test_the_language_switch_returns_to_the_page_it_is_on_escaped(client, db):
    html = client.get("/en/search/?q=it's&page=1").content.decode()
    assert '<a href="/zh-hans/search/?q=it&#x27;s&amp;page=1" hreflang="zh-hans"' in html


def test_article_links_keep_the_script_prefix(make_article):
    from django.urls import set_script_prefix

    article = make_article(slug="under-a-prefix")
    set_script_prefix("/portal99/")
    try:
        url = article.get_absolute_url()
        section_url = article.section.get_absolute_url()
    finally:
        set_script_prefix("/")
    when = timezone.localtime(article.publish_at)
    assert url == f"/portal99/en/news/{when:%Y}/{when:%m}/under-a-prefix/"
    assert section_url == f"/portal99/en/news/section/{article.section.slug}/"


def test_an_article_page_shows_its_related_translated_and_most_read_articles(client, make_article):
    article = make_article(title="The story", tags=["cars", "parks"])
    make_article(title="Related story", tags=["cars", "parks"])
    make_article(title="Draft sharing tags", tags=["cars"], status=Article.Status.DRAFT)
    make_article(title="译文", slug="the-story-zh", language="zh-hans", translation_of=article)
    popular = make_article(title="Popular story")
    Article.objects.filter(pk=popular.pk).update(week_views=40)

    html = client.get(article.get_absolute_url()).content.decode()

    related = html.split('id="related-heading"')[1]
    assert "Related story" in related and "Draft sharing tags" not in html
    assert 'hreflang="zh-hans"' in html
    assert "Popular story" in html.split('id="most-read-heading"')[1]
