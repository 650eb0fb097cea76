"""The image pipeline shared by every public picture (parks, logos, articles).

An upload is opened with Pillow (whose pixel limit refuses decompression
bombs), checked to be a JPEG, PNG, WebP or GIF by its content, turned upright,
stripped of EXIF and other metadata by re-encoding, and stored with WebP and
JPEG/PNG renditions at a few widths. Templates show it with the
`{% responsive_image %}` tag (`portal/templatetags/images.py`).
"""

import io
import posixpath
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITION_WIDTHS = (480, 960, 1600)
MAX_STORED_WIDTH = 2400
MAX_UPLOAD_BYTES = 15 * 1024 * 1024


def _open(data: bytes) -> Image.Image:
    """Open and fully decode an image, or raise ValidationError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF image."), code="image_format"
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has too many pixels. Upload a smaller image."), code="image_too_large"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a valid image, or it is damaged."), code="image_invalid"
        ) from None
    return image


def validate_image(value) -> None:
    """Field validator: the upload must be a real, reasonably sized image."""
    if value is None or getattr(value, "_committed", True):
        return
    if value.size and value.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("An image may be at most 15 MB."), code="image_file_too_big")
    value.seek(0)
    _open(value.read())
    value.seek(0)


def _save_format(image: Image.Image) -> tuple[str, str]:
    has_alpha = image.mode in ("RGBA", "LA", "P") and (
        image.mode != "P" or "transparency" in image.info
    )
    return ("PNG", "png") if has_alpha else ("JPEG", "jpg")


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=80, method=4)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def normalise(data: bytes) -> tuple[Image.Image, bytes, str]:
    """Upright, metadata-free, bounded image: (image, encoded bytes, extension)."""
    image = _open(data)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if _save_format(image)[0] == "PNG" else "RGB")
    if image.width > MAX_STORED_WIDTH:
        height = round(image.height * MAX_STORED_WIDTH / image.width)
        image = image.resize((MAX_STORED_WIDTH, height), Image.Resampling.LANCZOS)
    fmt, ext = _save_format(image)
    # Re-encoding from pixels drops EXIF (GPS positions, camera serials) and ICC junk.
    return image, _encode(image, fmt), ext


def rendition_name(name: str, width: int, ext: str) -> str:
    root, _ext = posixpath.splitext(name)
    return f"{root}.{width}w.{ext}"


def rendition_widths(original_width: int) -> list[int]:
    widths = [w for w in RENDITION_WIDTHS if w < original_width]
    return [*widths, original_width] if original_width else widths


def make_renditions(storage, name: str, image: Image.Image) -> None:
    fmt, ext = _save_format(image)
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS)
        )
        for rendition_fmt, rendition_ext in (("WEBP", "webp"), (fmt, ext)):
            target = rendition_name(name, width, rendition_ext)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(_encode(resized, rendition_fmt)))


class ResponsiveImageField(models.ImageField):
    """An ImageField that validates, cleans and renders every new upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        if validate_image not in self.validators:
            self.validators.append(validate_image)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Assigning a file reads its dimensions with Pillow, which raises on a
        # decompression bomb before any validator runs; leave the dimensions
        # empty so that validate_image can refuse the upload with a message.
        try:
            super().update_dimension_fields(instance, force, *args, **kwargs)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            for name in (self.width_field, self.height_field):
                if name:
                    setattr(instance, name, None)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            file.seek(0)
            image, data, ext = normalise(file.read())
            root, _ext = posixpath.splitext(posixpath.basename(file.name))
            file.save(f"{root}.{ext}", ContentFile(data), save=False)
            make_renditions(file.storage, file.name, image)
            # The dimensions of what was stored, from the pixels in hand: reading them back
            # would fetch the file again (from object storage, a whole download).
            if self.width_field:
                setattr(model_instance, self.width_field, image.width)
            if self.height_field:
                setattr(model_instance, self.height_field, image.height)
            return file
        return super().pre_save(model_instance, add)
