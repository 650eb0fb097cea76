"""/campaigns/<slug>/poster.png: the picture viewers post in WeChat groups and Moments."""

import io
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from recruitment import livestream, posters
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db

POSTER = "/{language}/campaigns/liangjiang-live/poster.png"


def poster(client, language="en"):
    response = client.get(POSTER.format(language=language))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return response, Image.open(io.BytesIO(response.content))


def test_the_poster_is_a_portrait_png_for_chats_kept_by_browsers_and_the_cache(client, campaign):
    response, image = poster(client)

    assert image.format == "PNG" and image.size == posters.POSTER_SIZE
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert 'filename="liangjiang-live-poster.png"' in response["Content-Disposition"]


def test_the_poster_carries_a_qr_code_to_the_apply_form_counted_as_the_poster(client, campaign):
    with mock.patch.object(livestream, "qr_code", wraps=livestream.qr_code) as qr_code:
        poster(client)

    url = qr_code.call_args.args[0]
    assert url.startswith("http") and "/campaigns/liangjiang-live/apply/?" in url
    assert "utm_source=poster" in url and "/en/" not in url  # opens in the scanner's language


def test_the_poster_is_drawn_once_per_campaign_version_and_language(client, campaign):
    with mock.patch.object(posters, "draw_poster", wraps=posters.draw_poster) as draw:
        first = poster(client)[0].content
        again = poster(client)[0].content
        assert draw.call_count == 1 and again == first
        campaign.title = "Liangjiang talent livestream, second round"
        campaign.save()
        poster(client)
        assert draw.call_count == 2


def test_the_poster_shows_the_cover_when_there_is_one(client, campaign):
    plain = poster(client)[1]
    campaign.cover = ContentFile(image_bytes(size=(1600, 900), color="#c0392b"), name="c.jpg")
    campaign.save()

    covered = poster(client)[1].convert("RGB")

    assert covered.getpixel((450, 200)) != plain.convert("RGB").getpixel((450, 200))
    red, green, blue = covered.getpixel((450, 200))
    assert red > 150 and green < 100 and blue < 100


def test_a_cover_file_gone_from_storage_still_gives_a_poster(client, campaign):
    campaign.cover = ContentFile(image_bytes(size=(1600, 900)), name="c.jpg")
    campaign.save()
    campaign.cover.storage.delete(campaign.cover.name)

    assert poster(client)[1].size == posters.POSTER_SIZE


@pytest.mark.parametrize(
    "path",
    [
        "/en/campaigns/nope/poster.png",
        "/zh-hans/campaigns/nope/poster.png",
        "/en/campaigns/liangjiang-live/poster.jpg",
        "/en/campaigns/liangjiang-live/poster.png/extra",
    ],
)
def test_a_poster_for_an_unknown_campaign_or_address_is_404(client, campaign, path):
    assert client.get(path).status_code == 404


def test_the_unprefixed_poster_address_goes_to_the_readers_language(client, campaign):
    response = client.get("/campaigns/liangjiang-live/poster.png", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response.status_code == 302
    assert response["Location"].endswith("/zh-hans/campaigns/liangjiang-live/poster.png")


def test_without_a_font_for_chinese_the_chinese_poster_is_drawn_in_english(client, campaign):
    with mock.patch.object(posters, "cjk_font_path", return_value=None):
        assert posters.poster_language("zh-hans") == "en"
        with mock.patch.object(posters, "draw_poster", wraps=posters.draw_poster) as draw:
            poster(client, "zh-hans")
    assert draw.call_args.kwargs["language"] == "en"


def test_with_a_font_for_chinese_the_poster_is_in_chinese(client, campaign):
    with mock.patch.object(posters, "cjk_font_path", return_value="/fonts/NotoSansCJK.ttc"):
        assert posters.poster_language("zh-hans") == "zh-hans"
    assert posters.poster_language("en") == "en"


def test_the_font_lookup_asks_fontconfig_and_survives_its_absence():
    with mock.patch("subprocess.run", side_effect=FileNotFoundError):
        assert posters._fc_list(":lang=zh") == []
    found = mock.Mock(
        stdout="/usr/share/fonts/a/DejaVuSans.ttf: \n/usr/share/fonts/b/x.pcf.gz: \n"
    )
    with mock.patch("subprocess.run", return_value=found):
        assert posters._fc_list(":lang=en") == ["/usr/share/fonts/a/DejaVuSans.ttf"]


def test_a_long_title_wraps_on_words_in_english_and_anywhere_in_chinese():
    from PIL import ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    face = posters.font(30)
    lines = posters.wrap(draw, "Liangjiang talent livestream " * 6, face, 400, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(line.split()[0] in {"Liangjiang", "talent", "livestream"} for line in lines)
    chinese = posters.wrap(draw, "两江新区人才直播" * 8, face, 200, 10)
    assert len(chinese) > 1 and "".join(chinese) == "两江新区人才直播" * 8
