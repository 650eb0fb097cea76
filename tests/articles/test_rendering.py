"""The body is rendered once at save time and nothing hostile survives sanitising."""

from html.parser import HTMLParser

import pytest
from django.utils import translation

from articles.models import ArticleImage
from tests.conftest import image_bytes

HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "avascript"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ('<svg onload="alert(1)"></svg>', "onload"),
    ('<div onclick="steal()">x</div>', "onclick"),
    ("![x](https://tracker.example/pixel.gif)", "<img"),
    ('<form action="https://evil.example"><input name="p"></form>', "<form"),
    ("<object data='x.swf'></object>", "<object"),
    ("<!-- secret --> text", "secret"),
    ('[[image:missing" onerror="x]]', "onerror"),
]


class Elements(HTMLParser):
    """Every tag and attribute in a fragment, as a browser would see them."""

    def __init__(self, fragment):
        super().__init__()
        self.found = []
        self.feed(fragment)

    def handle_starttag(self, tag, attrs):
        self.found.append(tag)
        for name, value in attrs:
            self.found.append(f"{tag}[{name}={(value or '').strip().lower()}]")

    def handle_comment(self, data):
        self.found.append(f"<!--{data}-->")


@pytest.mark.parametrize(("markdown", "forbidden"), HOSTILE)
def test_hostile_markdown_is_neutralised(client, make_article, markdown, forbidden):
    article = make_article(body_markdown=f"Before.\n\n{markdown}\n\nAfter.")
    elements = " ".join(Elements(article.body_html).found).lower()
    assert forbidden.lower() not in elements
    assert "[on" not in elements and "[style=" not in elements
    page = client.get(article.get_absolute_url()).content.decode()
    assert "After." in page


def test_markdown_headings_links_and_lists_are_kept(make_article):
    article = make_article(
        body_markdown="# Top\n\n## Sub\n\n* one\n* two\n\n[site](https://example.com) **bold**"
    )
    html = article.body_html
    assert "<h2>Top</h2>" in html and "<h2>Sub</h2>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">site</a>' in html
    assert "<strong>bold</strong>" in html


def test_inline_image_placeholder_becomes_a_responsive_figure(client, make_article):
    from django.core.files.uploadedfile import SimpleUploadedFile

    article = make_article(body_markdown="Intro.\n\n[[image:plant]]\n\nOutro.")
    ArticleImage.objects.create(
        article=article,
        key="plant",
        image=SimpleUploadedFile("p.jpg", image_bytes(size=(1200, 800))),
        caption="factory of Chang'an Automobile",
        credit="Illustration",
    )
    article.refresh_from_db()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<figure" in article.body_html
    assert "factory of Chang&#x27;an Automobile" in html
    assert 'type="image/webp"' in html and "srcset=" in html
    assert 'loading="lazy"' in html
    assert "Illustration" in html


def test_reading_time_is_shown_in_the_readers_language(client, make_article):
    article = make_article(body_markdown=" ".join(["word"] * 900))
    short = make_article(title="Short", body_markdown="A few words.")
    assert (article.reading_minutes, short.reading_minutes) == (5, 1)

    def reading_time(story, language):
        with translation.override(language):
            return client.get(story.get_absolute_url()).content.decode()

    assert "<span>5 minutes read</span>" in reading_time(article, "en")
    assert "<span>1 minute read</span>" in reading_time(short, "en")
    assert "<span>阅读约需 5 分钟</span>" in reading_time(article, "zh-hans")
