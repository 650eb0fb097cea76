"""The livestream page /campaigns/<slug>/ before, during and after the stream."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from recruitment import livestream

pytestmark = pytest.mark.django_db

PAGE = "/en/campaigns/liangjiang-live/"


def schedule(campaign, *, starts_in, hours=2, **fields):
    now = timezone.now()
    campaign.stream_starts_at = now + starts_in
    campaign.stream_ends_at = campaign.stream_starts_at + timedelta(hours=hours)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save()
    return campaign


def test_before_the_stream_the_page_counts_down_offers_the_calendar_and_apply(
    client, campaign, django_assert_max_num_queries
):
    schedule(
        campaign,
        starts_in=timedelta(days=2, hours=3, minutes=30),
        programme="19:00 Opening by the host\n19.10 Chang'an presents its jobs\nQuestions",
    )

    with django_assert_max_num_queries(4):
        response = client.get(PAGE)

    html = response.content.decode()
    assert "Upcoming livestream" in html
    assert re.search(r'data-unit="days">2<', html) and re.search(r'data-unit="hours">03<', html)
    assert f'data-countdown="{int(campaign.stream_starts_at.timestamp())}"' in html
    assert 'href="/en/campaigns/liangjiang-live/calendar.ics"' in html
    assert '<span class="programme-time">19:10</span> Chang&#x27;an presents its jobs' in html
    assert "<li>Questions</li>" in html
    assert 'href="/en/campaigns/liangjiang-live/apply/?job=battery-engineer"' in html
    assert "<iframe" not in html and "<video" not in html


def test_the_countdown_is_not_shown_once_the_stream_is_live(client, campaign):
    html = client.get(PAGE).content.decode()

    assert ">Live<" in html
    assert "data-countdown" not in html


@pytest.mark.parametrize(
    "platform, url, expected",
    [
        ("Bilibili", "https://player.bilibili.com/player.html?bvid=BV1x", "iframe"),
        ("YouTube", "https://www.youtube-nocookie.com/embed/abc", "iframe"),
        ("  tencent   VIDEO ", "https://v.qq.com/txp/iframe/player.html?vid=x", "iframe"),
        ("", "https://cdn.example.com/live/stream.m3u8", "hls"),
        ("Douyin", "https://cdn.example.com/live/STREAM.M3U8?token=1", "hls"),
        ("Douyin", "https://live.douyin.com/12345", "link"),
        ("Livestream", "https://player.bilibili.com/player.html", "link"),  # unknown platform
        ("Bilibili", "http://player.bilibili.com/player.html", "link"),  # not https
        ("Bilibili", "https://player.bilibili.com.evil.example/p", "link"),  # look-alike host
        ("Bilibili", "https://player.bilibili.com@evil.example/p", "link"),  # credentials trick
        ("YouTube", "https://evil.example/embed/abc", "link"),  # typo in the host
        ("", "http://cdn.example.com/live.m3u8", "link"),  # HLS over plain http
        ("YouTube", "javascript:alert(1)", "none"),
        ("YouTube", "", "none"),
    ],
)
def test_the_player_is_chosen_by_platform_and_only_trusted_https_hosts_are_framed(
    platform, url, expected
):
    assert livestream.player_for(platform, url).kind == expected


@pytest.mark.parametrize(
    "platform, url, shows, hides",
    [
        (
            "Bilibili",
            "https://player.bilibili.com/player.html?bvid=BV1x",
            '<iframe src="https://player.bilibili.com/player.html?bvid=BV1x"',
            "<video",
        ),
        ("", "https://cdn.example.com/live.m3u8", "<video controls playsinline", "<iframe"),
        ("Douyin", "https://live.douyin.com/1", 'href="https://live.douyin.com/1"', "<iframe"),
        (
            "YouTube",
            "https://evil.example/embed/x",
            'href="https://evil.example/embed/x"',
            "<iframe",
        ),
    ],
)
def test_during_the_stream_the_page_embeds_or_links_the_player(
    client, campaign, platform, url, shows, hides
):
    campaign.platform, campaign.stream_url = platform, url
    campaign.save()

    html = client.get(PAGE).content.decode()

    assert shows in html
    assert hides not in html


def test_during_the_stream_the_job_on_stage_comes_first_and_is_highlighted(client, campaign):
    campaign.now_presenting = campaign.jobs.get(slug="display-engineer")
    campaign.save()

    html = client.get(PAGE).content.decode()

    shelf = html[html.index("data-job-shelf") :]
    assert shelf.index('data-job="display-engineer"') < shelf.index('data-job="battery-engineer"')
    assert 'class="card job-card is-presenting" data-job="display-engineer"' in html


def test_before_the_stream_no_job_is_highlighted(client, campaign):
    schedule(campaign, starts_in=timedelta(hours=5))
    campaign.now_presenting = campaign.jobs.get(slug="display-engineer")
    campaign.save()

    assert "is-presenting" not in client.get(PAGE).content.decode()


def test_after_the_stream_the_page_shows_the_replay_totals_and_that_applications_are_open(
    client, campaign
):
    schedule(
        campaign,
        starts_in=-timedelta(hours=5),
        replay_url="https://www.bilibili.com/video/BV1replay",
        total_viewers=5_517_000,
        peak_viewers=312_000,
        recorded_applications=30_000,
    )

    html = client.get(PAGE).content.decode()

    assert ">Replay<" in html
    assert 'href="https://www.bilibili.com/video/BV1replay"' in html
    assert "5,517,000 watched" in html and "312,000" in html and "30,000 applied" in html
    assert "Open until" in html and "Apply now" in html


def test_after_the_window_closes_the_page_says_so_and_offers_no_apply_button(
    client, closed_campaign
):
    html = client.get("/en/campaigns/june-5/").content.decode()

    assert "Closed on" in html
    assert "/apply/" not in html


def test_the_page_previews_well_in_chat_apps(client, campaign):
    campaign.description = "Enterprises present their open positions live."
    campaign.save()

    html = client.get(PAGE).content.decode()

    assert '<meta property="og:title" content="Liangjiang talent livestream">' in html
    assert 'og:description" content="Enterprises present their open positions live.' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'og:image" content="http' in html
    assert "https://service.weibo.com/share/share.php?url=http" in html
    assert (
        f'id="share-url" type="url" value="{settings.SITE_URL}/en/campaigns/liangjiang-live/"'
        in html
    )


def test_staff_who_may_change_campaigns_see_the_control_link_and_the_public_does_not(
    client, campaign, recruiter
):
    assert "/presenting/" not in client.get(PAGE).content.decode()

    client.force_login(recruiter)

    assert 'href="/en/campaigns/liangjiang-live/presenting/"' in client.get(PAGE).content.decode()


def test_an_unknown_campaign_is_404(client, db):
    assert client.get("/en/campaigns/nope/").status_code == 404


# --- The page's weight ----------------------------------------------------------------

BUDGET_BYTES = 100 * 1024


def test_the_page_with_its_css_and_js_weighs_under_100_kb(client, campaign):
    campaign.description = "Enterprises present their open positions live. " * 20
    campaign.programme = "\n".join(f"19:{m:02d} Item {m}" for m in range(0, 60, 5))
    campaign.save()
    html = client.get(PAGE).content

    assets = re.findall(rb'<(?:link rel="stylesheet" href|script src)="/static/([^"]+)"', html)
    total = len(html)
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(handle.read())

    assert {b"css/site.css", b"js/site.js", b"js/campaign.js"} <= set(assets)
    assert total < BUDGET_BYTES, f"{total} bytes"


@pytest.mark.parametrize(
    "starts_in, first", [(timedelta(hours=3), "Programme"), (-timedelta(minutes=5), "Jobs")]
)
def test_during_the_stream_the_jobs_come_before_the_programme(client, campaign, starts_in, first):
    schedule(campaign, starts_in=starts_in, programme="19:00 Opening")

    html = client.get(PAGE).content.decode()

    headings = re.findall(r"<h2[^>]*>(Programme|Jobs)</h2>", html)
    assert headings[0] == first and len(headings) == 2


def test_the_page_describes_the_stream_as_an_online_event_for_search_engines(client, campaign):
    campaign.title = "Talent </script><script>alert(1)</script> live"
    campaign.save()

    html = client.get(PAGE).content.decode()

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "Event"
    assert data["name"] == campaign.title
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["startDate"] == campaign.stream_starts_at.isoformat()
    assert data["location"]["url"].endswith("/en/campaigns/liangjiang-live/")
    assert "<script>alert(1)" not in html
