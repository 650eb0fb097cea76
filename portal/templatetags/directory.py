from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

from portal.jsonld import json_ld_script

register = template.Library()


@register.filter
def json_ld(data) -> str:
    """A schema.org <script> element whose content cannot break out of it."""
    return json_ld_script(data)


@register.filter
def milestone_date(milestone) -> str:
    """The date only as precisely as the source gave it."""
    if milestone.date_precision == "year":
        return str(milestone.date.year)
    if milestone.date_precision == "month":
        return date_format(milestone.date, "YEAR_MONTH_FORMAT")
    return date_format(milestone.date, "DATE_FORMAT")


@register.filter
def osm_url(place) -> str:
    """An OpenStreetMap link for a place's WGS-84 coordinates (no tiles loaded here)."""
    lat, lon = place.latitude, place.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"


@register.filter
def figure_value(figure) -> str:
    """A key figure's value without trailing zeros: 4500, 1.454."""
    value = figure.value.normalize()
    return f"{value:,f}" if value == value.to_integral() else f"{value:f}"


@register.filter
def text_lang(text: str) -> str:
    """`zh-Hans` for text with Chinese characters, else `en`: for lang attributes."""
    return "zh-Hans" if any("\u3400" <= c <= "\u9fff" for c in str(text)) else "en"


_SCALES_EN = ((10**9, " billion"), (10**6, " million"))
_SCALES_ZH = ((10**8, "亿"), (10**4, "万"))


@register.filter
def money(programme) -> str:
    """A programme's amount the way readers say it: "RMB 1.454 billion", "人民币14.54亿元"."""
    amount, currency = programme.amount, programme.currency
    if amount is None:
        return ""
    chinese = (get_language() or "").startswith("zh")
    text = f"{amount.normalize():,f}"
    for unit, word in _SCALES_ZH if chinese else _SCALES_EN:
        if amount >= unit:
            text = f"{(amount / unit).normalize():f}{word}"
            break
    if chinese:
        return f"人民币{text}元" if currency == "CNY" else f"{text} {currency}"
    return f"{'RMB' if currency == 'CNY' else currency} {text}"
