"""The image pipeline, through the admin (as editors use it) and model saves."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from portal.models import Organization, Park
from portal.validators import validate_uscc
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CameraMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (29.0, 39.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 37.0, 0.0)
    data = image_bytes("JPEG", size=(1200, 800), exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def png_with_transparency() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (640, 400), (11, 92, 173, 128)).save(out, "PNG")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares huge dimensions: a decompression bomb's calling card."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def stored_files(tmp_path) -> list[str]:
    media = tmp_path / "media"
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


def park_form(upload) -> dict:
    return {
        # Each translated field has a column per language; English is required.
        "name_en": "Test Park",
        "slug": "test-park",
        "kind": "park",
        "summary_en": "A park for testing.",
        "hero_image": upload,
        "hero_image_caption_en": "A caption",
        "key_figures-TOTAL_FORMS": "0",
        "key_figures-INITIAL_FORMS": "0",
    }


def test_an_editor_uploads_a_jpeg_and_its_gps_position_is_removed(
    client, editor, isolated_storage
):
    client.force_login(editor)
    upload = SimpleUploadedFile("holiday.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post("/admin/portal/park/add/", park_form(upload))
    assert response.status_code == 302
    park = Park.objects.get(slug="test-park")
    assert (park.hero_image_width, park.hero_image_height) == (1200, 800)
    with Image.open(park.hero_image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert "exif" not in stored.info
    files = stored_files(isolated_storage)
    assert any(name.endswith(".480w.webp") for name in files)
    assert any(name.endswith(".480w.jpg") for name in files)
    assert any(name.endswith(".1200w.webp") for name in files)


def test_a_transparent_png_stays_png_with_webp_renditions(client, park):
    park.hero_image = SimpleUploadedFile("logo.png", png_with_transparency())
    park.full_clean()
    park.save()
    assert park.hero_image.name.endswith(".png")
    html = client.get(park.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/parks/' in html
    assert ".480w.webp 480w, /media/parks/" in html
    assert ".640w.png 640w" in html


def test_the_park_page_offers_webp_with_a_jpeg_fallback(client, park):
    park.hero_image = SimpleUploadedFile("photo.jpg", image_bytes("JPEG", size=(1600, 900)))
    park.save()
    html = client.get(park.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html
    assert ".960w.webp 960w" in html
    assert ".960w.jpg 960w" in html
    assert 'width="1600" height="900"' in html


def test_an_organisation_logo_is_rendered_responsively(client, organization):
    organization.logo = SimpleUploadedFile("logo.png", png_with_transparency())
    organization.save()
    html = client.get(organization.get_absolute_url()).content.decode()
    assert '<picture><source type="image/webp"' in html


def truncated_jpeg() -> bytes:
    data = image_bytes("JPEG", size=(800, 600))
    return data[: len(data) // 2]


BAD_UPLOADS = [
    ("not-an-image.jpg", b"%PDF-1.4 this is not a picture at all", "not a valid image"),
    ("truncated.jpg", truncated_jpeg(), "not a valid image, or it is damaged"),
    ("bomb.png", png_header_only(20000, 20000), "too many pixels"),
    ("empty.png", b"", "not a valid image"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS)
def test_a_bad_image_is_refused_by_model_validation(park, name, data, message):
    park.hero_image = SimpleUploadedFile(name, data)
    with pytest.raises(ValidationError) as caught:
        park.full_clean()
    assert message in " ".join(caught.value.message_dict["hero_image"])


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS)
def test_a_bad_image_in_the_admin_gets_a_message_and_nothing_is_stored(
    client, editor, isolated_storage, name, data, message
):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    response = client.post("/admin/portal/park/add/", park_form(upload))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["hero_image"])
    assert "image" in errors.lower() or "file is empty" in errors
    assert not Park.objects.filter(slug="test-park").exists()
    assert stored_files(isolated_storage) == []


# Real, published codes of well-known companies (not built with the function under
# test): each check character was verified independently of portal.validators, by
# GB 32100-2015, and so was the embedded organisation code's, by GB 11714.
VALID_USCC = [
    "91520000214434146R",  # Kweichow Moutai Co., Ltd.
    "91100000100003962T",  # Industrial and Commercial Bank of China Limited
    "911000001000013428",  # Bank of China Limited: a digit as check character
    "9144030071526726XG",  # Tencent Technology (Shenzhen) Co., Ltd.: X in the organisation code
    "91440300192317458F",  # BYD Company Limited
]


@pytest.mark.parametrize("code", VALID_USCC)
def test_valid_credit_codes_pass(code):
    validate_uscc(code)
    validate_uscc(code.lower())


def _wrong_check(code: str) -> str:
    wrong = next(c for c in "0123456789" if c != code[-1])
    return code[:-1] + wrong


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", "exactly 18 characters"),
        ("91500000MA5U7A5Q3", "exactly 18 characters"),
        (VALID_USCC[0] + "0", "exactly 18 characters"),
        ("91500000MA5U7A5QIR", "only digits and capital letters"),
        ("91500000MA5U7A5QOR", "only digits and capital letters"),
        ("91500000MA5U7A5Q3!", "only digits and capital letters"),
        ("9150000０MA5U7A5Q3R", "only digits and capital letters"),
        (_wrong_check(VALID_USCC[0]), "check character is wrong"),
        (_wrong_check(VALID_USCC[1]), "check character is wrong"),
    ],
)
def test_invalid_credit_codes_are_refused_with_the_reason(code, error):
    with pytest.raises(ValidationError) as caught:
        validate_uscc(code)
    assert error in caught.value.messages[0]


def test_an_organisation_with_a_bad_credit_code_does_not_validate(organization):
    organization.credit_code = _wrong_check(VALID_USCC[0])
    with pytest.raises(ValidationError) as caught:
        organization.full_clean()
    assert "credit_code" in caught.value.message_dict
    organization.credit_code = VALID_USCC[0]
    organization.full_clean()
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_each_use_of_a_picture_keeps_its_own_alt_text_escaped(park):
    from portal.templatetags.images import responsive_image

    park.hero_image = SimpleUploadedFile("photo.jpg", image_bytes("JPEG", size=(1600, 900)))
    park.save()
    first = responsive_image(park.hero_image, alt='The "park" <at dusk>', loading="eager")
    second = responsive_image(park.hero_image, alt="")

    assert 'alt="The &quot;park&quot; &lt;at dusk&gt;" loading="eager"' in first
    assert 'alt="" loading="lazy"' in second
    assert first.split("<img")[0] == second.split("<img")[0]  # the same sources
    assert 'width="1600" height="900"' in second


def test_a_picture_in_remote_storage_takes_each_address_from_the_storage(park):
    from django.core.files.storage import Storage

    from portal.templatetags.images import responsive_image

    class SignedStorage(Storage):
        def url(self, name):
            return f"https://cdn.example.cn/{name}?sig=abc&expires=60"

    park.hero_image = SimpleUploadedFile("photo.jpg", image_bytes("JPEG", size=(1600, 900)))
    park.save()
    park.hero_image.storage = SignedStorage()
    html = responsive_image(park.hero_image)

    root = park.hero_image.name.rsplit(".", 1)[0]
    assert f"https://cdn.example.cn/{root}.480w.webp?sig=abc&amp;expires=60 480w" in html
    assert f'src="https://cdn.example.cn/{park.hero_image.name}?sig=abc&amp;expires=60"' in html
