import posixpath

from django import template
from django.utils.html import format_html

from portal.images import rendition_name, rendition_widths
from portal.siteurl import absolute_url

register = template.Library()


def _stored_dimensions(field_file) -> tuple[int, int]:
    """Width and height from the model's dimension fields: no file is opened."""
    field = field_file.field
    instance = field_file.instance
    width = getattr(instance, field.width_field, 0) if field.width_field else 0
    height = getattr(instance, field.height_field, 0) if field.height_field else 0
    return width or 0, height or 0


def _picture(src, rendition_url, name, width, height, alt, sizes, loading, css_class):
    ext = posixpath.splitext(name)[1].lstrip(".") or "jpg"
    widths = rendition_widths(width)
    if not widths:
        return format_html(
            '<img src="{}" alt="{}" loading="{}" class="{}">',
            src,
            alt,
            loading,
            css_class,
        )

    def srcset(rendition_ext):
        return ", ".join(f"{rendition_url(w, rendition_ext)} {w}w" for w in widths)

    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async" class="{}"></picture>',
        srcset("webp"),
        sizes,
        src,
        srcset(ext),
        sizes,
        width,
        height,
        alt,
        loading,
        css_class,
    )


@register.simple_tag
def responsive_image(field_file, alt="", sizes="100vw", loading="lazy", css_class=""):
    """A <picture> with WebP and JPEG/PNG srcsets, sized to avoid layout shift.

    `loading="eager"` for the one image above the fold; lazy otherwise.
    """
    if not field_file:
        return ""
    width, height = _stored_dimensions(field_file)
    storage = field_file.storage
    name = field_file.name

    def rendition_url(rendition_width, rendition_ext):
        return storage.url(rendition_name(name, rendition_width, rendition_ext))

    return _picture(
        field_file.url, rendition_url, name, width, height, alt, sizes, loading, css_class
    )


@register.filter
def absolute(url):
    """A media URL as an absolute one: on `SITE_URL`, or as it is when object storage
    (or its CDN) serves it from another host."""
    return absolute_url(url) if url else ""
