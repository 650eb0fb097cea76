"""The campaign page a viewer taps: cover, state, time, counter, job cards, the bar on phones."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from recruitment import livestream
from recruitment.models import Campaign, EducationLevel, Job
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db

PAGE = "/{language}/campaigns/liangjiang-live/"


def page(client, language="en"):
    response = client.get(PAGE.format(language=language))
    assert response.status_code == 200
    return response.content.decode()


def schedule(campaign, *, starts_in, hours=2, **fields):
    campaign.stream_starts_at = timezone.now() + starts_in
    campaign.stream_ends_at = campaign.stream_starts_at + timedelta(hours=hours)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save()


def with_cover(campaign):
    campaign.cover = ContentFile(image_bytes(size=(1600, 900)), name="poster.jpg")
    campaign.save()
    return campaign


def with_applications(campaign, count):
    """Applications counted by the live counter (recorded elsewhere, as a historic campaign's)."""
    campaign.recorded_applications = count
    campaign.save()


def job_card(html, slug):
    return next(
        card for card in html.split('<li class="card job-card') if f'data-job="{slug}"' in card
    )


# --- The cover ----------------------------------------------------------------------


def test_the_cover_leads_the_page_in_responsive_renditions_and_previews_in_chats(client, campaign):
    schedule(campaign, starts_in=timedelta(days=1))
    with_cover(campaign)

    html = page(client)

    cover = re.search(r'<div class="cover-image">(.*?)</div>', html, re.S).group(1)
    assert 'type="image/webp"' in cover and ".480w.webp 480w" in cover
    assert 'loading="eager"' in cover and 'width="1600" height="900"' in cover
    assert html.index('class="cover-image"') < html.index("<h1>")
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image.startswith("http") and og_image.endswith(".960w.jpg")


def test_a_campaign_without_a_cover_still_has_a_share_image(client, campaign):
    html = page(client)

    assert 'class="cover-image"' not in html
    assert re.search(r'<meta property="og:image" content="http[^"]+"', html)


@pytest.mark.parametrize(
    ("starts_in", "replay", "language", "badge"),
    [
        (timedelta(hours=3), "", "en", "Upcoming livestream"),
        (timedelta(hours=3), "", "zh-hans", "直播预告"),
        (
            -timedelta(minutes=5),
            "",
            "en",
            '<span class="live-dot" aria-hidden="true"></span>Live<',
        ),
        (
            -timedelta(minutes=5),
            "",
            "zh-hans",
            '<span class="live-dot" aria-hidden="true"></span>直播中<',
        ),
        (-timedelta(hours=5), "https://www.bilibili.com/video/BV1", "en", ">Replay<"),
        (-timedelta(hours=5), "https://www.bilibili.com/video/BV1", "zh-hans", ">直播回放<"),
        (-timedelta(hours=5), "", "en", ">The livestream has ended<"),
    ],
)
def test_the_cover_says_whether_the_stream_is_coming_live_or_a_replay(
    client, campaign, starts_in, replay, language, badge
):
    schedule(campaign, starts_in=starts_in, replay_url=replay)

    assert badge in page(client, language)


@pytest.mark.parametrize(
    ("language", "host", "when"),
    [
        ("en", "Hosted by Liangjiang New Area", "June 5, 2026, 7 p.m., Beijing time"),
        ("zh-hans", "主办：两江新区", "北京时间 2026年6月5日 19:00"),
    ],
)
def test_the_cover_names_the_host_and_the_time_in_beijing_time_for_the_script_to_localise(
    client, campaign, language, host, when
):
    starts = timezone.make_aware(timezone.datetime(2026, 6, 5, 19, 0))
    Campaign.objects.filter(pk=campaign.pk).update(
        stream_starts_at=starts,
        stream_ends_at=starts + timedelta(hours=2),
        host_en="Liangjiang New Area",
        host_zh_hans="两江新区",
    )

    html = page(client, language)

    assert host in html
    assert re.search(
        rf'<time datetime="2026-06-05T19:00:00\+08:00" data-local-time>{when}</time>', html
    )


# --- The counter -----------------------------------------------------------------------


def test_below_its_threshold_the_counter_is_hidden(client, campaign):
    with_applications(campaign, 49)

    html = page(client)

    assert re.search(r'<span data-live-count data-threshold="50"[^>]* hidden></span>', html)
    assert "applied" not in re.sub(r'data-[a-z-]+="[^"]*"', "", html)
    assert not re.search(r"\b49 applied|49人", html)


@pytest.mark.parametrize(
    ("language", "count", "threshold", "shown"),
    [
        ("en", 57, 50, "More than 50 applied"),
        ("zh-hans", 57, 50, "超过50人已投递"),
        ("en", 1234, 50, "More than 1,200 applied"),
        ("en", 12, 10, "More than 10 applied"),
        ("en", 3, 0, "3 applied"),
        ("zh-hans", 60, 50, "60人已投递"),
    ],
)
def test_from_its_threshold_the_counter_says_more_than_a_round_figure(
    client, campaign, language, count, threshold, shown
):
    campaign.counter_threshold = threshold
    with_applications(campaign, count)

    assert f">{shown}<" in page(client, language)


@pytest.mark.parametrize(
    ("language", "applied", "watched"),
    [
        ("en", "More than 30,000 applied", "5,517,000 watched"),
        ("zh-hans", "超过3万人已投递", "551.7万人观看"),
    ],
)
def test_the_viewers_and_applications_recorded_for_a_campaign_read_as_round_figures(
    client, campaign, language, applied, watched
):
    campaign.recorded_applications = 30_001
    campaign.total_viewers = 5_517_000
    campaign.save()

    html = page(client, language)

    assert f">{applied}<" in html and f">{watched}<" in html


@pytest.mark.parametrize(
    ("count", "figure"),
    [(0, 0), (9, 9), (57, 50), (100, 100), (1234, 1200), (30_017, 30_000), (5_517_000, 5_500_000)],
)
def test_the_round_figure_is_never_above_the_count(count, figure):
    assert livestream.rounded_down(count) == figure


# --- Job cards ------------------------------------------------------------------------


def test_a_job_card_carries_what_viewers_compare_jobs_by(client, campaign, employers):
    employers[1].logo = ContentFile(image_bytes(fmt="PNG", size=(600, 600)), name="boe.png")
    employers[1].save()
    Job.objects.filter(slug="display-engineer").update(
        salary_min=10000,
        salary_max=18000,
        salary_months=13,
        education=EducationLevel.BACHELOR,
        experience_years=3,
        headcount=20,
        title_zh_hans="显示工艺工程师",
        city_zh_hans="重庆",
    )

    english = page(client)
    card = job_card(english, "display-engineer")
    for expected in (
        "CNY 10,000–18,000 a month, 13 months a year",
        "BOE",
        "Chongqing",
        "Bachelor&#x27;s degree or above",
        "3+ years of experience",
        "Hiring 20",
        'href="/en/campaigns/liangjiang-live/apply/?job=display-engineer"',
    ):
        assert expected in card, expected
    assert re.search(r'<img src="/media/logos/boe[^"]*\.(png|jpg)"[^>]*alt=""', card)

    chinese = page(client, "zh-hans")
    card = job_card(chinese, "display-engineer")
    for expected in ("10-18K·13薪", "重庆", "本科及以上", "3年以上经验", "招20人"):
        assert expected in card, expected


def test_a_job_that_needs_no_experience_and_any_education_says_so(client, campaign):
    Job.objects.filter(slug="battery-engineer").update(experience_years=0, education="any")

    assert "No experience needed" in page(client) and "Any education" in page(client)
    assert "经验不限" in page(client, "zh-hans") and "学历不限" in page(client, "zh-hans")


def test_the_jobs_list_uses_the_same_card_without_the_campaigns_apply_button(client, campaign):
    Job.objects.filter(slug="battery-engineer").update(headcount=6)

    html = client.get("/en/jobs/").content.decode()

    assert 'class="card job-card" data-job="battery-engineer"' in html
    assert "Hiring 6" in html and "/apply/" not in html


# --- While live -------------------------------------------------------------------------


def test_while_live_the_player_comes_before_the_title_and_the_phone_bar_offers_the_job_on_stage(
    client, campaign
):
    campaign.platform = "Bilibili"
    campaign.stream_url = "https://player.bilibili.com/player.html?bvid=BV1x"
    campaign.now_presenting = campaign.jobs.get(slug="display-engineer")
    campaign.save()

    html = page(client)

    assert html.index("<iframe") < html.index("<h1>")
    assert 'loading="lazy"' not in re.search(r"<iframe[^>]*>", html).group()
    bar = re.search(r'<div class="sticky-apply".*?</div>', html, re.S).group()
    assert "Now presenting" in bar and "Display engineer" in bar
    assert 'href="/en/campaigns/liangjiang-live/apply/?job=display-engineer"' in bar


def test_while_live_without_a_job_on_stage_the_bar_applies_to_the_campaign(client, campaign):
    bar = re.search(r'<div class="sticky-apply".*?</div>', page(client), re.S).group()

    assert "data-sticky-label hidden" not in bar  # hidden is written before the data attribute
    assert re.search(r'<span class="sticky-label" hidden data-sticky-label>', bar)
    assert 'href="/en/campaigns/liangjiang-live/apply/"' in bar


def test_a_link_only_stream_is_offered_as_watch_on_the_platform_above_the_jobs(client, campaign):
    campaign.platform_en, campaign.platform_zh_hans = "Douyin", "抖音"
    campaign.stream_url = "https://live.douyin.com/12345"
    campaign.save()

    english, chinese = page(client), page(client, "zh-hans")

    assert re.search(r'href="https://live.douyin.com/12345"[^>]*>Watch on Douyin<', english)
    assert english.index("Watch on Douyin") < english.index('id="jobs-heading"')
    assert "在抖音观看" in chinese


@pytest.mark.parametrize("starts_in", [timedelta(hours=3), -timedelta(hours=5)])
def test_before_and_after_the_stream_there_is_no_bar(client, campaign, starts_in):
    schedule(campaign, starts_in=starts_in)

    assert "sticky-apply" not in page(client)


# --- Platform names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "chinese", "shown_en", "shown_zh"),
    [
        ("bilibili", "", "on Bilibili", "哔哩哔哩"),
        ("  tencent   VIDEO ", "", "on Tencent Video", "腾讯视频"),
        ("", "视频号", "on WeChat Channels", "视频号"),
        ("Douyin", "抖音直播", "on Douyin", "抖音"),
        ("wechat-channels", "", "on WeChat Channels", "视频号"),
        ("Kuaishou", "", "on Kuaishou", "快手"),
        ("Our own app", "我们的应用", "on Our own app", "我们的应用"),
    ],
)
def test_platforms_are_named_as_people_say_them(
    client, campaign, english, chinese, shown_en, shown_zh
):
    schedule(campaign, starts_in=timedelta(hours=3), platform_en=english, platform_zh_hans=chinese)

    assert f"<li>{shown_en}</li>" in page(client)
    assert shown_zh in page(client, "zh-hans")
    for internal in ("wechat-channels", "tencent-video"):
        assert f">{internal}" not in page(client) and f"on {internal}" not in page(client)


@pytest.mark.parametrize("word", ["Livestream", "网络直播", "live stream"])
def test_a_word_that_names_no_platform_is_not_shown_as_one(client, campaign, word):
    schedule(campaign, starts_in=timedelta(hours=3), platform_en=word, platform_zh_hans=word)

    assert f"on {word}" not in page(client)
    assert word not in re.sub(r"<script.*?</script>", "", page(client, "zh-hans"), flags=re.S)


# --- Sharing -------------------------------------------------------------------------------


def test_desktop_readers_get_a_qr_code_to_open_the_page_on_a_phone(client, campaign):
    html = page(client)

    share = re.search(r'<div class="share-phone">.*?</div>', html, re.S).group()
    src = re.search(r'<img class="share-qr" src="([^"]+)"', share).group(1)
    assert src == "/campaigns/liangjiang-live/qr.svg?channel=campaign-page"
    assert "Scan with your phone" in share
    code = client.get(src)
    assert code.status_code == 200 and code["Content-Type"] == "image/svg+xml"
    assert 'href="/en/campaigns/liangjiang-live/poster.png"' in html
    assert "扫码" in page(client, "zh-hans") and "保存海报" in page(client, "zh-hans")


def test_the_page_with_cover_logos_and_the_job_on_stage_stays_within_its_queries(
    client, campaign, employers, django_assert_max_num_queries
):
    with_cover(campaign)
    for employer in employers:
        employer.logo = ContentFile(image_bytes(fmt="PNG", size=(300, 300)), name="logo.png")
        employer.save()
    campaign.now_presenting = campaign.jobs.first()
    campaign.save()

    with django_assert_max_num_queries(4):
        assert client.get(PAGE.format(language="en")).status_code == 200
    # The next reader gets the kept page: not one query.
    with django_assert_max_num_queries(0):
        assert client.get(PAGE.format(language="en")).status_code == 200


@pytest.mark.parametrize(
    ("count", "language", "shown"),
    [
        (0, "en", None),
        (49, "en", None),
        (75, "en", "More than 70 applied"),
        (75, "zh-hans", "超过70人已投递"),
    ],
)
def test_the_home_page_box_counts_applications_only_from_the_threshold(
    client, campaign, count, language, shown
):
    with_applications(campaign, count)

    html = client.get(f"/{language}/").content.decode()

    box = re.search(r'<section class="home-campaign.*?</section>', html, re.S).group()
    assert "received so far" not in box
    if shown is None:
        assert "applied" not in box and "投递" not in box.replace("立即申请", "")
    else:
        assert f"<p>{shown}</p>" in box
