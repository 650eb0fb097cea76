import functools
import posixpath

from django import template
from django.core.files.storage import FileSystemStorage
from django.utils.html import escape

from portal.html import format_html
from portal.images import rendition_name, rendition_widths

register = template.Library()


def _stored_dimensions(field_file) -> tuple[int, int]:
    """Width and height from the model's dimension fields: no file is opened."""
    field = field_file.field
    instance = field_file.instance
    width = getattr(instance, field.width_field, 0) if field.width_field else 0
    height = getattr(instance, field.height_field, 0) if field.height_field else 0
    return width or 0, height or 0


@functools.lru_cache(maxsize=4096)
def _local_sources(storage, base_url, name: str, width: int, ext: str) -> tuple[str, str, str]:
    """The original's URL and both srcsets of an image in local storage.

    Renditions sit beside the original and differ only by a URL-safe suffix
    (".960w.webp"): one URL to work out. Remembered per image, as they depend
    on nothing else (`base_url` is in the key for that), and a list page shows a dozen.
    """
    root = posixpath.splitext(name)[0]
    base = storage.url(root)

    def srcset(rendition_ext):
        return ", ".join(
            f"{base}{rendition_name('', w, rendition_ext)} {w}w" for w in rendition_widths(width)
        )

    # Escaped once here rather than on every page that shows the image.
    return tuple(escape(url) for url in (base + name[len(root) :], srcset("webp"), srcset(ext)))


@register.simple_tag
def responsive_image(field_file, alt="", sizes="100vw", loading="lazy", css_class=""):
    """A <picture> with WebP and JPEG/PNG srcsets, sized to avoid layout shift.

    `loading="eager"` for the one image above the fold; lazy otherwise.
    """
    if not field_file:
        return ""
    width, height = _stored_dimensions(field_file)
    storage = field_file.storage
    ext = posixpath.splitext(field_file.name)[1].lstrip(".") or "jpg"
    widths = rendition_widths(width)

    if isinstance(storage, FileSystemStorage):
        src, webp_srcset, srcset = _local_sources(
            storage, storage.base_url, field_file.name, width, ext
        )
    else:
        src = field_file.url

        def rendition_srcset(rendition_ext):
            return ", ".join(
                f"{storage.url(rendition_name(field_file.name, w, rendition_ext))} {w}w"
                for w in widths
            )

        webp_srcset, srcset = rendition_srcset("webp"), rendition_srcset(ext)

    if not widths:
        return format_html(
            '<img src="{}" alt="{}" loading="{}" class="{}">',
            src,
            alt,
            loading,
            css_class,
        )
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async" class="{}"></picture>',
        webp_srcset,
        sizes,
        src,
        srcset,
        sizes,
        width,
        height,
        alt,
        loading,
        css_class,
    )
