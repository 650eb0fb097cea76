"""Pictures of a campaign drawn with Pillow: the demo's covers and the poster to share.

The poster (`/campaigns/<slug>/poster.png`) is what viewers post in WeChat groups
and Moments, where a link cannot be scripted: the cover, the title, the time of
the stream and a QR code to the application form, in the reader's language.
Chinese needs a font with CJK glyphs; fontconfig says whether the machine has one
(Debian: `apt-get install fonts-noto-cjk`). Without one, the poster is drawn in
English rather than as rows of empty boxes.
"""

import functools
import io
import re
import subprocess
import textwrap

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

from . import livestream

POSTER_SIZE = (900, 1200)
COVER_SIZE = (1600, 900)
INK = (29, 35, 48)
MUTED = (77, 85, 102)
ACCENT = (11, 92, 173)
WHITE = (255, 255, 255)
ILLUSTRATION = "Illustration"
ILLUSTRATION_ZH = "示意图"


def _fc_list(pattern: str) -> list[str]:
    try:
        found = subprocess.run(  # noqa: S603 - a fixed command, no shell
            ["fc-list", pattern, "file"],  # noqa: S607 - fontconfig from the PATH
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = (line.split(":")[0].strip() for line in found.splitlines())
    return sorted(path for path in paths if path.lower().endswith((".ttf", ".otf", ".ttc")))


def _preferred(paths: list[str], *hints: str) -> str | None:
    for hint in hints:
        for path in paths:
            if hint.lower() in path.lower():
                return path
    return paths[0] if paths else None


# The fonts are a fact about the machine, looked up once per process.
@functools.cache
def cjk_font_path() -> str | None:
    """A font file with Chinese glyphs on this machine, or None."""
    return _preferred(
        _fc_list(":lang=zh"), "NotoSansCJK", "SourceHanSans", "wqy-microhei", "Sans", ""
    )


@functools.cache
def latin_font_path() -> str | None:
    return _preferred(_fc_list(":lang=en"), "DejaVuSans.ttf", "LiberationSans-Regular", "Sans")


def can_draw_chinese() -> bool:
    return cjk_font_path() is not None


def _needs_cjk(text: str) -> bool:
    return any(ord(char) > 0x2FFF for char in text)


@functools.cache
def font(size: int, cjk: bool = False) -> ImageFont.ImageFont:
    path = cjk_font_path() if cjk else latin_font_path()
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def _font_for(text: str, size: int) -> ImageFont.ImageFont:
    return font(size, cjk=_needs_cjk(text) and can_draw_chinese())


def wrap(draw: ImageDraw.ImageDraw, text: str, face, width: int, max_lines: int) -> list[str]:
    """Lines of `text` that fit `width` pixels: Latin words kept whole, CJK broken anywhere."""
    tokens = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+|.", text)
    lines, line = [], ""
    for token in tokens:
        candidate = line + token
        if line and draw.textlength(candidate, font=face) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip()[:-1] + "…"
    return lines


# --- The demo's covers ------------------------------------------------------------


def draw_cover(title: str, subtitle: str, colour: str, title_zh: str = "") -> bytes:
    """A plain cover in the style of the demo's other illustrations: a motif (a screen
    with the play sign and the waves of a broadcast), the title, and the credit."""
    width, height = COVER_SIZE
    image = Image.new("RGB", COVER_SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([980, 170, 1460, 500], radius=28, outline=WHITE, width=8)
    draw.polygon([(1170, 250), (1170, 420), (1300, 335)], fill=WHITE)
    draw.line([(1120, 500), (1080, 580)], fill=WHITE, width=8)
    draw.line([(1320, 500), (1360, 580)], fill=WHITE, width=8)
    for radius in (40, 80, 120):  # the broadcast's waves, to the screen's right
        draw.arc([1460 - radius, 335 - radius, 1460 + radius, 335 + radius], -40, 40, WHITE, 7)
    y = 150
    for line in textwrap.wrap(title, width=22)[:3]:
        draw.text((90, y), line, fill=WHITE, font=font(64))
        y += 84
    if title_zh and can_draw_chinese():
        draw.text((90, y + 10), title_zh, fill=WHITE, font=font(56, cjk=True))
        y += 80
    draw.text((90, y + 30), subtitle, fill=(230, 236, 245), font=font(36))
    draw.rectangle([0, height - 120, width, height], fill=(0, 0, 0))
    credit = f"{ILLUSTRATION} · {ILLUSTRATION_ZH}" if can_draw_chinese() else ILLUSTRATION
    draw.text((90, height - 90), credit, fill=(200, 200, 200), font=_font_for(credit, 32))
    image = image.resize((1200, 675), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- The poster to share -------------------------------------------------------------


def _cover_image(campaign, size: tuple[int, int]) -> Image.Image | None:
    if not campaign.cover:
        return None
    try:
        with campaign.cover.open("rb") as handle:
            image = Image.open(handle)
            image.load()
    except (OSError, ValueError):
        return None  # a missing or damaged file: the poster without its picture
    return ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)


def poster_language(language: str) -> str:
    """The language the poster is drawn in: the reader's, or English where the
    machine has no font for Chinese."""
    if language.startswith("zh") and not can_draw_chinese():
        return "en"
    return language


def draw_poster(campaign, *, language: str) -> bytes:
    """The campaign's poster as a PNG: cover, title, stream time, host and QR code."""
    language = poster_language(language)
    width, height = POSTER_SIZE
    margin = 56
    with translation.override(language):
        title = getattr(campaign, f"title_{language.replace('-', '_')}") or campaign.title_en
        title = title or campaign.title
        host = (campaign.host_zh_hans if language.startswith("zh") else campaign.host_en) or ""
        starts, _ends = livestream.stream_times(campaign)
        when = formats.date_format(timezone.localtime(starts), "DATETIME_FORMAT")
        when = _("%(when)s, Beijing time") % {"when": when}
        platform = livestream.platform_name(campaign, language)
        if platform:
            when = f"{when} · {platform}"
        scan = _("Scan to apply")
        scan_more = _("Open the jobs and apply on your phone")
        site = str(settings.SITE_NAME)

    image = Image.new("RGB", POSTER_SIZE, WHITE)
    draw = ImageDraw.Draw(image)
    cover_height = round(width * 9 / 16)
    cover = _cover_image(campaign, (width, cover_height))
    if cover is None:
        draw.rectangle([0, 0, width, cover_height], fill=ACCENT)
        draw.polygon([(400, 170), (400, 340), (530, 255)], fill=WHITE)
    else:
        image.paste(cover, (0, 0))

    y = cover_height + 40
    title_font = _font_for(title, 58)
    for line in wrap(draw, title, title_font, width - 2 * margin, 3):
        draw.text((margin, y), line, fill=INK, font=title_font)
        y += 74
    y += 6
    when_font = _font_for(when, 30)
    for line in wrap(draw, when, when_font, width - 2 * margin, 2):
        draw.text((margin, y), line, fill=ACCENT, font=when_font)
        y += 42
    if host:
        host_font = _font_for(host, 28)
        draw.text((margin, y + 4), host, fill=MUTED, font=host_font)

    code_size = 260
    code = Image.open(
        io.BytesIO(livestream.qr_code(livestream.apply_link(campaign, channel="poster"), "png"))
    )
    code = code.convert("RGB").resize((code_size, code_size), Image.Resampling.NEAREST)
    code_top = height - margin - code_size
    image.paste(code, (margin, code_top))
    text_left = margin + code_size + 36
    scan_font = _font_for(scan, 44)
    draw.text((text_left, code_top + 40), scan, fill=INK, font=scan_font)
    more_font = _font_for(scan_more, 28)
    more_y = code_top + 110
    for line in wrap(draw, scan_more, more_font, width - text_left - margin, 3):
        draw.text((text_left, more_y), line, fill=MUTED, font=more_font)
        more_y += 40
    site_font = _font_for(site, 24)
    draw.text((text_left, code_top + code_size - 30), site, fill=MUTED, font=site_font)

    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
