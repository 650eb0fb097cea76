"""Markdown to sanitised HTML, once at save time, and the plain text search needs.

Editors write Markdown. It is rendered with `markdown`, then cleaned by `nh3`
with an allow-list: no script, no event handlers, no style, no raw images and
only http(s)/mailto links. Inline pictures are referenced by a paragraph of
their own, `[[image:KEY]]`, and replaced *after* sanitising with a figure built
from the article's own ArticleImage rows, so nothing the editor types becomes
markup that the sanitiser has not seen.
"""

import html
import math
import re

import markdown
import nh3
from django.template.loader import render_to_string

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

IMAGE_PLACEHOLDER = re.compile(r"<p>\s*\[\[image:([A-Za-z0-9_-]{1,50})\]\]\s*</p>")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str, images=None) -> str:
    """Markdown to safe HTML; `images` maps a key to an ArticleImage for figures."""
    # Demote a single "#" heading: the article title is the page's only h1.
    source = re.sub(r"(?m)^# ", "## ", source or "")
    raw = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    safe = sanitise(raw)
    images = images or {}

    def figure(match):
        image = images.get(match.group(1))
        if image is None or not image.image:
            return ""
        return render_to_string("articles/includes/figure.html", {"figure": image}).strip()

    return IMAGE_PLACEHOLDER.sub(figure, safe)


def plain_text(fragment: str) -> str:
    """Text without tags or entities, for search vectors and snippets."""
    text = nh3.clean(fragment or "", tags=set(), strip_comments=True)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def reading_minutes(text: str) -> int:
    """About 220 English words or 400 Chinese characters a minute, at least one."""
    cjk_chars = len(CJK.findall(text))
    words = len(LATIN_WORD.findall(text))
    return max(1, math.ceil(words / 220 + cjk_chars / 400))
