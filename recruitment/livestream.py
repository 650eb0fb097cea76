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

from portal.languages import unprefixed
from portal.pages import keep_for_at_most, keep_until

from . import ical

# Platforms whose players may be framed, with the hosts their player URLs come from.
# Only these are ever put in an <iframe>: a typo in the admin then shows a link, not
# somebody else's page inside ours.
EMBED_PLATFORMS = {
    "bilibili": {"player.bilibili.com"},
    "youtube": {"www.youtube-nocookie.com", "www.youtube.com"},
    "vimeo": {"player.vimeo.com"},
    "tencent video": {"v.qq.com"},
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
    hosts = EMBED_PLATFORMS.get(" ".join(platform.lower().split()))
    if secure and hosts and parts.hostname in hosts and not parts.username:
        return Player("iframe", url)
    if secure and parts.path.lower().endswith(".m3u8"):
        return Player("hls", url)
    return Player("link", url)


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
    if campaign.platform:
        lines.append(f"LOCATION:{ical.text(campaign.platform)}")
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
