"""loaddemo brings the source article in full, more articles in both languages, idempotently."""

import io

import pytest
from django.core.management import call_command

from articles import demo as articles_demo
from articles.models import Article, ArticleImage, Section

pytestmark = pytest.mark.django_db

SLUG = "advanced-models-of-innovation-and-talents-in-liangjiang"


def _load():
    call_command("loaddemo", stdout=io.StringIO())


def test_demo_loads_the_source_article_in_full_with_headings_and_figures(client):
    _load()
    article = Article.objects.get(slug=SLUG)
    assert article.title == "Advanced Models of Innovation and Talents in Liangjiang"
    assert article.source == "iChongqing"
    assert "<h2>Three innovation platforms to gather high-end elements worldwide</h2>" in (
        article.body_html
    )
    assert "147 talent has been selected" in article.body_html
    assert "promote the sound development of emerging industries" in article.body_html
    for furniture in ("I Agree", "Privacy Statement", "67230470", "Leaving a message"):
        assert furniture not in article.body_markdown
    assert article.hero_image and article.hero_image_caption == "industrial clusters in Liangjiang"
    captions = set(ArticleImage.objects.filter(article=article).values_list("caption", flat=True))
    assert captions == {
        "Liangjiang Digital and Economic Industrial Park",
        "factory of Chang’an Automobile",
    }
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("<figure") == 3
    assert "Illustration" in html


def test_demo_is_idempotent():
    _load()
    from articles.models import Revision

    counts = (Article.objects.count(), ArticleImage.objects.count(), Section.objects.count())
    revisions = Revision.objects.count()
    assert revisions == counts[0]
    files = sorted(a.hero_image.name for a in Article.objects.exclude(hero_image=""))
    _load()
    assert (Article.objects.count(), ArticleImage.objects.count(), Section.objects.count()) == (
        counts
    )
    assert sorted(a.hero_image.name for a in Article.objects.exclude(hero_image="")) == files
    assert Revision.objects.count() == revisions


def test_demo_has_both_languages_several_sections_and_translation_links(client):
    _load()
    published = Article.objects.published()
    assert published.count() >= 7
    assert published.filter(language="zh-hans").count() >= 3
    assert published.values("section").distinct().count() == 5
    assert published.filter(translation_of__isnull=False).count() >= 3
    assert client.get("/en/news/").status_code == 200


def test_demo_links_the_directory_entries_that_exist():
    from portal.models import Organization, Park

    Park.objects.create(
        name="Lijia Intelligent Park", slug="lijia-intelligent-park", kind="park", summary="x"
    )
    Organization.objects.create(name="BOE", slug="boe", kind="enterprise")
    # The news demo alone: loaddemo would first create the whole directory.
    articles_demo.load(stdout=io.StringIO())
    article = Article.objects.get(slug=SLUG)
    assert list(article.parks.values_list("slug", flat=True)) == ["lijia-intelligent-park"]
    assert list(article.organizations.values_list("slug", flat=True)) == ["boe"]
