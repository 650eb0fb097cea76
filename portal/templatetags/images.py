import posixpath

from django import template
from django.core.files.storage import FileSystemStorage

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
        # Renditions sit beside the original and differ only by a URL-safe suffix
        # (".960w.webp"): one URL to work out instead of one per rendition.
        root = posixpath.splitext(field_file.name)[0]
        base = storage.url(root)
        src = base + field_file.name[len(root) :]

        def rendition_url(rendition_width, rendition_ext):
            return base + rendition_name("", rendition_width, rendition_ext)
    else:
        src = field_file.url

        def rendition_url(rendition_width, rendition_ext):
            return storage.url(rendition_name(field_file.name, rendition_width, rendition_ext))

    def srcset(rendition_ext):
        return ", ".join(f"{rendition_url(w, rendition_ext)} {w}w" for w in widths)

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
