"""Public media in its bucket: pictures and their renditions, served from S3_MEDIA_URL."""

import re
import urllib.request
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Section
from portal.models import Park
from tests.conftest import image_bytes

from .conftest import MEDIA_BUCKET, PRIVATE_BUCKET

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


def park_form(slug, upload) -> dict:
    return {
        "name_en": f"Park {slug}",
        "slug": slug,
        "kind": "park",
        "summary_en": "A park for testing.",
        "hero_image": upload,
        "hero_image_caption_en": "A caption",
        "key_figures-TOTAL_FORMS": "0",
        "key_figures-INITIAL_FORMS": "0",
    }


def upload_park(client, slug, name="photo.jpg") -> Park:
    upload = SimpleUploadedFile(name, image_bytes("JPEG", size=(1200, 800)), "image/jpeg")
    response = client.post("/admin/portal/park/add/", park_form(slug, upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Park.objects.get(slug=slug)


def image_urls(html: str) -> set[str]:
    """Every address an <img> or <source> of the page would load."""
    urls = set(re.findall(r'<img[^>]* src="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls.update(entry.strip().split(" ")[0] for entry in unescape(srcset).split(","))
    return {unescape(url) for url in urls}


def fetch_anonymously(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
        answer.read()
        return answer.status, answer.headers["Content-Type"]


def test_an_uploaded_picture_and_its_renditions_are_served_from_the_media_bucket(
    client, editor, object_storage, isolated_storage
):
    client.force_login(editor)
    park = upload_park(client, "lijia")
    client.logout()

    keys = object_storage.keys(MEDIA_BUCKET)
    assert park.hero_image.name in keys
    assert {key.rsplit(".", 2)[-2:][0] for key in keys if key != park.hero_image.name} == {
        "480w",
        "960w",
        "1200w",
    }
    assert object_storage.keys(PRIVATE_BUCKET) == []
    assert not any(path.is_file() for path in isolated_storage.rglob("*"))

    html = client.get(park.get_absolute_url()).content.decode()
    urls = image_urls(html)
    assert len(urls) == 7  # the picture, and WebP and JPEG at three widths
    for url in urls:
        assert url.startswith(object_storage.media_url), url
        status, content_type = fetch_anonymously(url)
        assert status == 200 and content_type.startswith("image/"), url
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image == object_storage.media_url + park.hero_image.name
    api = client.get(f"/api/v1/parks/{park.slug}/").json()
    assert api["hero_image"] == object_storage.media_url + park.hero_image.name


def test_the_same_file_name_uploaded_twice_keeps_both_pictures(client, editor, object_storage):
    client.force_login(editor)

    first = upload_park(client, "first")
    second = upload_park(client, "second")

    assert first.hero_image.name != second.hero_image.name
    keys = object_storage.keys(MEDIA_BUCKET)
    assert first.hero_image.name in keys and second.hero_image.name in keys


def article_form(section, picture, **overrides) -> dict:
    return {
        "title": "Admin story",
        "slug": "admin-story",
        "standfirst": "Written in the admin.",
        "body_markdown": "First version.",
        "status": "published",
        "section": section.pk,
        "language": "en",
        "publish_at_0": "2026-01-05",
        "publish_at_1": "10:00:00",
        "hero_image": picture,
        "hero_image_alt": "A picture",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        **overrides,
    }


def test_restoring_an_article_version_brings_its_picture_back_from_the_bucket(
    client, editor, object_storage
):
    section = Section.objects.create(name="News", name_zh_hans="新闻", slug="news")
    client.force_login(editor)
    first = SimpleUploadedFile("first.jpg", image_bytes("JPEG", size=(1200, 800)), "image/jpeg")
    second = SimpleUploadedFile("second.jpg", image_bytes("JPEG", size=(800, 600)), "image/jpeg")
    client.post("/admin/articles/article/add/", article_form(section, first))
    article = Article.objects.get(slug="admin-story")
    first_name, first_revision = article.hero_image.name, article.revisions.get()
    client.post(f"/admin/articles/article/{article.pk}/change/", article_form(section, second))
    article.refresh_from_db()
    assert (article.hero_image_width, article.hero_image_height) == (800, 600)

    restore = f"/admin/articles/article/{article.pk}/revisions/{first_revision.pk}/restore/"
    assert client.post(restore).status_code == 302

    article.refresh_from_db()
    assert article.hero_image.name == first_name
    # Its dimensions read back from the stored picture, for the page's width and height.
    assert (article.hero_image_width, article.hero_image_height) == (1200, 800)
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    urls = image_urls(html)
    assert urls and all(url.startswith(object_storage.media_url) for url in urls)
    assert all(fetch_anonymously(url)[0] == 200 for url in urls)
