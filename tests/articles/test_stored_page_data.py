"""What an article page shows of other objects is stored on the article at save time
(tags, mentions, related candidates): it follows every edit to those objects, and
publication is still checked when the page is read."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.models import Article, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every page computed from the database, so only the stored data is under test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def related_box(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    if 'id="related-heading"' not in html:
        return ""
    return html[html.index('id="related-heading"') :]


def mentions_box(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    if 'id="mentions-heading"' not in html:
        return ""
    return html[
        html.index('id="mentions-heading"') : html.index(
            "</section>", html.index('id="mentions-heading"')
        )
    ]


def test_an_article_published_later_joins_its_neighbours_related_list(client, make_article):
    older = make_article(title="Older story", tags=["cars"])
    assert related_box(client, older) == ""
    newer = make_article(title="Newer story", tags=["cars"])
    assert "Newer story" in related_box(client, older)
    assert "Older story" in related_box(client, newer)


def test_unpublishing_a_related_article_takes_it_off_at_once_and_back_on(client, make_article):
    main = make_article(title="Main story", tags=["cars"])
    other = make_article(title="Other story", tags=["cars"])
    assert "Other story" in related_box(client, main)
    for status in (Article.Status.UNPUBLISHED, Article.Status.DRAFT):
        other.status = status
        other.save()
        assert "Other story" not in related_box(client, main)
    other.status = Article.Status.PUBLISHED
    other.save()
    assert "Other story" in related_box(client, main)


def test_a_related_article_that_goes_offline_without_a_refresh_never_shows(client, make_article):
    """Even if the stored lists were not refreshed (the task worker is late), the page
    reads related articles through the publication rule."""
    main = make_article(title="Main story", tags=["cars"])
    other = make_article(title="Other story", tags=["cars"])
    # An UPDATE sends no signal: the stored list still names `other`.
    Article.objects.filter(pk=other.pk).update(status=Article.Status.UNPUBLISHED)
    main.refresh_from_db()
    assert other.pk in main.related_ids
    assert "Other story" not in related_box(client, main)
    future = timezone.now() + timedelta(days=1)
    Article.objects.filter(pk=other.pk).update(status=Article.Status.SCHEDULED, publish_at=future)
    assert "Other story" not in related_box(client, main)


def test_a_scheduled_related_article_appears_when_due_without_a_save(client, make_article):
    main = make_article(title="Main story", tags=["cars"])
    soon = make_article(
        title="Scheduled story",
        tags=["cars"],
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=1),
    )
    assert "Scheduled story" not in related_box(client, main)
    # Time passes: no save, no signal.
    Article.objects.filter(pk=soon.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert "Scheduled story" in related_box(client, main)


def test_taking_the_shared_tag_off_removes_the_article_from_the_list(client, make_article):
    main = make_article(title="Main story", tags=["cars"])
    other = make_article(title="Other story", tags=["cars"])
    other.tags.clear()
    assert "Other story" not in related_box(client, main)
    other.tags.add(Tag.objects.get(slug="cars"))
    assert "Other story" in related_box(client, main)


def test_related_lists_stay_in_their_language(client, make_article):
    main = make_article(title="Main story", tags=["cars"])
    make_article(title="汽车新闻", tags=["cars"], language="zh-hans")
    assert "汽车新闻" not in related_box(client, main)


def test_renaming_or_removing_a_tag_shows_on_the_article_page(client, make_article):
    article = make_article(tags=["cars"])
    tag = Tag.objects.get(slug="cars")
    tag.name = "Electric cars"
    tag.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert ">Electric cars</a>" in html
    assert '"keywords": ["Electric cars"]' in html
    tag.delete()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Electric cars" not in html


def test_mentions_follow_renames_additions_and_deletions(client, make_article):
    from portal.models import Organization, Park
    from recruitment.models import TalentProgramme

    article = make_article()
    org = Organization.objects.create(name="BOE", slug="boe", kind="enterprise")
    article.organizations.add(org)
    assert "BOE" in mentions_box(client, article)
    org.name = "BOE Technology Group"
    org.save()
    box = mentions_box(client, article)
    assert "BOE Technology Group" in box and 'href="/en/organizations/boe/"' in box
    assert "Enterprise" in box
    park = Park.objects.create(name="Lijia Park", slug="lijia", kind="park", summary="x")
    park.articles.add(article)  # from the other side
    assert "Lijia Park" in mentions_box(client, article)
    programme = TalentProgramme.objects.create(name="Liangjiang Talents", slug="lj-talents")
    article.talent_programmes.add(programme)
    assert "Liangjiang Talents" in mentions_box(client, article)
    org.delete()
    park.delete()
    box = mentions_box(client, article)
    assert "BOE" not in box and "Lijia Park" not in box
    article.talent_programmes.clear()
    assert mentions_box(client, article) == ""


def test_mention_kinds_are_shown_in_the_reader_language(client, make_article):

    from portal.models import Park

    article = make_article()
    article.parks.add(
        Park.objects.create(name="Lijia Park", slug="lijia", kind="park", summary="x")
    )
    with translation.override("zh-hans"):
        chinese = str(Park.Kind.INDUSTRIAL_PARK.label)
    assert chinese != "Industrial park"
    assert "Industrial park" in mentions_box(client, article)
    with translation.override("zh-hans"):
        html = client.get(article.get_absolute_url())
    assert chinese in html.content.decode()


def test_an_unpublished_translation_is_not_linked(client, make_article):
    original = make_article(title="Talent livestream")
    chinese = make_article(title="人才直播", language="zh-hans", translation_of=original)
    assert "人才直播" in client.get(original.get_absolute_url()).content.decode()
    chinese.status = Article.Status.DRAFT
    chinese.save()
    assert "人才直播" not in client.get(original.get_absolute_url()).content.decode()


def test_refresh_command_fills_articles_imported_without_save(client, make_article):
    import io

    from django.core.management import call_command

    main = make_article(title="Main story", tags=["cars"])
    section = main.section
    Article.objects.bulk_create(
        [
            Article(
                title="Imported story",
                slug="imported",
                standfirst="x",
                body_markdown="x",
                body_html="<p>x</p>",
                section=section,
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now(),
            )
        ]
    )
    imported = Article.objects.get(slug="imported")
    Article.tags.through.objects.create(article=imported, tag=Tag.objects.get(slug="cars"))
    assert "Imported story" not in related_box(client, main)
    out = io.StringIO()
    call_command("refresh_article_pages", stdout=out)
    assert "2 articles refreshed" in out.getvalue()
    assert "Imported story" in related_box(client, main)
    assert ">Cars</a>" in client.get(imported.get_absolute_url()).content.decode()


def test_related_cards_link_the_article_and_its_section_in_the_reader_language(
    client, make_article
):
    main = make_article(title="Main story", tags=["cars"])
    other = make_article(title="Other story", tags=["cars"])
    box = related_box(client, main)
    assert f'href="{other.get_absolute_url()}"' in box
    assert 'href="/en/news/section/news/">News</a>' in box
    with translation.override("zh-hans"):
        chinese = client.get(main.get_absolute_url()).content.decode()
    assert (
        'href="/zh-hans/news/section/news/">新闻</a>'
        in chinese[chinese.index('id="related-heading"') :]
    )


def test_deleted_related_articles_are_replaced_by_the_next_best(client, make_article):
    main = make_article(title="Main story", tags=["cars"])
    others = [make_article(title=f"Neighbour {n}", tags=["cars"]) for n in range(9)]
    # Eight candidates are kept; deleting five of them leaves three unless the
    # list is worked out again.
    for article in others[:5]:
        article.delete()
    box = related_box(client, main)
    assert box.count('class="card article-card"') == 4
    assert "Neighbour 0" not in box


def test_one_edit_re_ranks_only_the_newest_neighbours(client, make_article, monkeypatch):
    """A tag shared by thousands of articles must not make one save rank them all."""
    from articles import derived

    monkeypatch.setattr(derived, "NEIGHBOURS_REFRESHED", 2)
    # make_article dates each article an hour before the one made before it.
    newest, middle, oldest = (make_article(title=f"Story {n}", tags=["cars"]) for n in "ABC")
    for article in (newest, middle, oldest):
        Article.objects.filter(pk=article.pk).update(related_ids=[])
    make_article(title="Breaking story", tags=["cars"], publish_at=timezone.now())

    assert "Breaking story" in related_box(client, newest)
    assert "Breaking story" in related_box(client, middle)
    assert "Breaking story" not in related_box(client, oldest)
