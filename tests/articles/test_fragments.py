"""The parts of a news page that show other rows (most read, related articles, the
article's tags and mentions) are kept as `{% cache %}` fragments: a page rendered
again finds them there, and an edit or a scheduled go-live shows in them at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Tag
from portal.models import Park

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_memory_cache")]

# A query parameter the news pages do not take: the page is rendered for every
# request and never kept whole, so only its fragments can come from the cache.
NOT_KEPT = "?utm_source=wechat"


def page(client, article) -> str:
    response = client.get(article.get_absolute_url() + NOT_KEPT)
    assert response.status_code == 200
    return response.content.decode()


def related_box(html: str) -> str:
    return html[html.index('id="related-heading"') :] if 'id="related-heading"' in html else ""


@pytest.fixture
def story(make_article):
    story = make_article(title="Robots in the park", tags=["robots"])
    make_article(title="More robots", tags=["robots"])
    story.parks.add(Park.objects.create(name="Digital Economy Park", slug="digital", kind="park"))
    return story


def test_a_page_rendered_again_reads_only_its_article(client, story, django_assert_num_queries):
    first = page(client, story)
    # The article with its section and its translations; most read, related, tags and
    # mentions come from fragments, and when the next article goes live from the cache.
    with django_assert_num_queries(2):
        again = page(client, story)
    assert again == first
    assert "More robots" in related_box(again)
    assert "Digital Economy Park" in again
    assert '"keywords": ["Robots"]' in again


def test_an_edit_shows_in_the_fragments_at_once(client, story, make_article):
    page(client, story)
    Tag.objects.filter(slug="robots").update(name="Robotics")  # no signal: not an edit
    assert '"keywords": ["Robots"]' in page(client, story)

    Tag.objects.get(slug="robots").save()
    park = Park.objects.get(slug="digital")
    park.name = "Digital Economy Industrial Park"
    park.save()
    html = page(client, story)
    assert '"keywords": ["Robotics"]' in html
    assert ">Robotics</a>" in html
    assert "Digital Economy Industrial Park" in html

    make_article(title="Robots at the expo", tags=["robots"], publish_at=timezone.now())
    assert "Robots at the expo" in related_box(page(client, story))


def test_a_scheduled_article_joins_the_related_list_when_it_goes_live(
    client, story, make_article, later
):
    make_article(
        title="Robots next week",
        tags=["robots"],
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(seconds=30),
    )
    assert "Robots next week" not in related_box(page(client, story))
    with later(20):
        assert "Robots next week" not in related_box(page(client, story))
    with later(31):
        assert "Robots next week" in related_box(page(client, story))


def test_a_fragment_is_kept_per_language(client, story):
    english = page(client, story)
    chinese_url = story.get_absolute_url().replace("/en/", "/zh-hans/", 1)
    chinese = client.get(chinese_url + NOT_KEPT).content.decode()

    assert "In this story" in english and "Related articles" in english
    assert "In this story" not in chinese and "Related articles" not in chinese
