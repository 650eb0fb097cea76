"""What the campaign page is built from: the player, the calendar entry and the QR codes.

Pure functions of a campaign, so the views stay thin and each rule is tested on its own.
"""

import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from portal.languages import unprefixed
from portal.pages import keep_for_at_most, keep_until

from . import ical


# The livestream platforms viewers know, each with the names people call it by
# (in any language, compared without case or spaces) and the name it goes by in each
# of the site's languages. The campaign's platform field is free text: these only
# decide how a known platform is named and whether its player may be framed.
@dataclass(frozen=True)
class Platform:
    key: str
    english: str
    chinese: str
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.chinese if language.startswith("zh") else self.english


PLATFORMS = (
    Platform("bilibili", "Bilibili", "哔哩哔哩", ("b站", "哔哩哔哩", "bilibili live", "b站直播")),
    Platform("tencent-video", "Tencent Video", "腾讯视频", ("腾讯视频", "tencentvideo", "v.qq")),
    Platform("douyin", "Douyin", "抖音", ("抖音", "抖音直播", "tiktok china")),
    Platform(
        "wechat-channels",
        "WeChat Channels",
        "视频号",
        ("视频号", "微信视频号", "weixin channels", "wechat video channel", "channels"),
    ),
    Platform("kuaishou", "Kuaishou", "快手", ("快手", "快手直播")),
    Platform("weibo", "Weibo", "微博", ("微博", "微博直播", "sina weibo")),
    Platform("youku", "Youku", "优酷", ("优酷",)),
    Platform("iqiyi", "iQIYI", "爱奇艺", ("爱奇艺",)),
    Platform("huya", "Huya", "虎牙", ("虎牙", "虎牙直播")),
    Platform("douyu", "Douyu", "斗鱼", ("斗鱼", "斗鱼直播")),
    Platform("youtube", "YouTube", "YouTube", ("油管",)),
    Platform("vimeo", "Vimeo", "Vimeo"),
)
# Words that name no platform at all ("on Livestream" tells a viewer nothing).
NO_PLATFORM = {"livestream", "live stream", "online", "网络直播", "直播", "线上直播", "在线直播"}


def _folded(name: str) -> str:
    return re.sub(r"[\s\-_·.]+", "", name.lower())


_BY_NAME = {
    _folded(alias): platform
    for platform in PLATFORMS
    for alias in (platform.key, platform.english, platform.chinese, *platform.aliases)
}
_NO_PLATFORM = {_folded(word) for word in NO_PLATFORM}


def known_platform(*names: str) -> Platform | None:
    """The known platform any of `names` (the field in each language) stands for."""
    for name in names:
        platform = _BY_NAME.get(_folded(name or ""))
        if platform:
            return platform
    return None


def platform_name(campaign, language: str) -> str:
    """The platform as readers of `language` call it ("哔哩哔哩", "Bilibili"), or ""
    when the field names none; an unknown platform as the campaign's editors wrote it."""
    names = (campaign.platform_en, campaign.platform_zh_hans)
    platform = known_platform(*names)
    if platform:
        return platform.name(language)
    shown = campaign.platform_zh_hans if language.startswith("zh") else campaign.platform_en
    shown = (shown or campaign.platform_en or campaign.platform_zh_hans or "").strip()
    return "" if _folded(shown) in _NO_PLATFORM else shown


# Platforms whose players may be framed, with the hosts their player URLs come from.
# Only these are ever put in an <iframe>: a typo in the admin then shows a link, not
# somebody else's page inside ours.
EMBED_PLATFORMS = {
    "bilibili": {"player.bilibili.com"},
    "youtube": {"www.youtube-nocookie.com", "www.youtube.com"},
    "vimeo": {"player.vimeo.com"},
    "tencent-video": {"v.qq.com"},
    "youku": {"player.youku.com"},
}


@dataclass(frozen=True)
class Player:
    """How the page shows the stream: `iframe`, `hls` (a <video>), `link`, or `none`."""

    kind: str
    url: str = ""


def player_for(platform: str, url: str) -> Player:
    """Choose the player by the campaign's platform field and check its URL.

    An iframe only for a known embeddable platform whose https URL is on that
    platform's player host; an https `.m3u8` address plays in a <video>; any
    other address is a plain link (the platform's own app or page).
    """
    if not url:
        return Player("none")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Player("none")  # never a javascript: or data: address, even as a link
    secure = parts.scheme == "https"
    known = known_platform(platform)
    hosts = EMBED_PLATFORMS.get(known.key) if known else None
    if secure and hosts and parts.hostname in hosts and not parts.username:
        return Player("iframe", url)
    if secure and parts.path.lower().endswith(".m3u8"):
        return Player("hls", url)
    return Player("link", url)


def rounded_down(count: int) -> int:
    """The round figure a "more than N applied" line gives for `count`: two significant
    digits, never above the count (57 -> 50, 1,234 -> 1,200, 30,017 -> 30,000)."""
    if count < 10:
        return count
    step = 10 ** max(1, len(str(count)) - 2)
    return count // step * step


def stream_times(campaign) -> tuple[datetime, datetime]:
    """The stream's start and end (the application window where the stream has no times)."""
    return (
        campaign.stream_starts_at or campaign.opens_at,
        campaign.stream_ends_at or campaign.closes_at,
    )


def programme_items(text: str) -> list[tuple[str, str]]:
    """The programme field as (time, what) pairs: "19:00 Opening" -> ("19:00", "Opening")."""
    items = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(\d{1,2}[:.]\d{2})\s+(.+)$", line)
        items.append((match[1].replace(".", ":"), match[2]) if match else ("", line))
    return items


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- iCalendar (RFC 5545) -------------------------------------------------------

CALENDAR_DEFAULT_HOURS = 2


def campaign_calendar(campaign) -> str:
    """One VEVENT for the stream, in UTC, with CRLF line endings and folded lines."""
    starts, ends = stream_times(campaign)
    if campaign.stream_starts_at and not campaign.stream_ends_at:
        ends = starts + timedelta(hours=CALENDAR_DEFAULT_HOURS)
    url = absolute(campaign.get_absolute_url())
    description = campaign.description.strip()
    description = f"{description}\n\n{url}" if description else url
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Liangjiang Portal//Campaigns//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:campaign-{campaign.pk}@{host}",
        f"DTSTAMP:{ical.utc(campaign.updated_at)}",
        f"DTSTART:{ical.utc(starts)}",
        f"DTEND:{ical.utc(ends)}",
        f"SUMMARY:{ical.text(campaign.title)}",
        f"DESCRIPTION:{ical.text(description)}",
        f"URL:{url}",
    ]
    if platform := platform_name(campaign, get_language() or "en"):
        lines.append(f"LOCATION:{ical.text(platform)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ical.calendar(lines)


# --- QR codes and links ----------------------------------------------------------

# A channel names where a code is shown (stream overlay, poster, a partner's site).
# It becomes the application's utm_source, so it is kept to a short, safe slug.
CHANNEL_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
QR_CHANNELS = ("stream-overlay", "poster", "partner-site")


def apply_link(
    campaign, *, job: str = "", channel: str = "", medium: str = "qr", prefixed: bool = False
) -> str:
    """The apply form's absolute URL, recording how the candidate came (QR code or short link).

    Without its language prefix unless `prefixed`: a printed code then opens the form
    in the language of the phone that scans it (the address redirects, portal/languages.py).
    """
    query = {"source": medium}
    if job:
        query["job"] = job
    if channel:
        query["utm_source"] = channel
    query["utm_medium"] = medium
    query["utm_campaign"] = campaign.slug
    path = reverse("recruitment:campaign-apply", args=[campaign.slug])
    if not prefixed:
        path = unprefixed(path)
    return absolute(path) + "?" + urlencode(query)


def short_link(campaign, *, job: str = "", channel: str = "") -> str:
    """The short address to say aloud or print: /c/<campaign>/[<job>/][?ch=<channel>]."""
    args = [campaign.slug, job] if job else [campaign.slug]
    name = "short-link-job" if job else "short-link"
    return absolute(reverse(name, args=args)) + (f"?ch={channel}" if channel else "")


def qr_code(url: str, kind: str) -> bytes:
    """The QR code of a URL as an SVG or a PNG (medium error correction, a 4-module margin)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    if kind == "svg":
        code.save(out, kind="svg", scale=8, border=4, xmldecl=False, svgclass=None, lineclass=None)
    else:
        code.save(out, kind="png", scale=10, border=4)
    return out.getvalue()


def keep_page_while_right(request, campaign) -> None:
    """A cached page showing `campaign` (portal/pages.py) is kept no longer than its next
    change of state (the stream starting or ending, applications opening or closing),
    and only seconds while applications come in, so its counter stays recent."""
    for moment in (
        campaign.stream_starts_at,
        campaign.stream_ends_at,
        campaign.opens_at,
        campaign.closes_at,
    ):
        keep_until(request, moment)
    if campaign.is_accepting():
        keep_for_at_most(request, settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS)
