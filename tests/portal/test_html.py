"""`portal.html`: the fast helpers give exactly what Django's give."""

import datetime

import pytest
from django.utils import formats, html, translation
from django.utils.safestring import mark_safe

from portal.html import format_html, local_date

HOSTILE = [
    '<script>alert("x")</script>',
    'it\'s & "quoted" <b>',
    mark_safe("<b>already safe</b>"),
    42,
    None,
    "重庆 <两江>",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_format_html_escapes_as_django_does(value):
    template = '<a href="{}" title="{}">{}</a>'
    assert format_html(template, value, value, value) == html.format_html(
        template, value, value, value
    )
    assert hasattr(format_html(template, value, value, value), "__html__")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_local_date_is_the_languages_date_format(language):
    when = datetime.datetime(2020, 6, 12, 10, 30, tzinfo=datetime.UTC)
    with translation.override(language):
        assert local_date(when) == formats.date_format(when, "DATE_FORMAT")
        assert local_date(when.date()) == formats.date_format(when, "DATE_FORMAT")


def test_local_date_in_a_language_given_is_that_languages_whatever_is_active():
    day = datetime.date(2021, 3, 4)
    with translation.override("en"):
        english = formats.date_format(day, "DATE_FORMAT")
    with translation.override("zh-hans"):
        chinese = formats.date_format(day, "DATE_FORMAT")
    assert english != chinese
    with translation.override("en"):
        # The first call fills the memory for zh-hans: it must hold the Chinese date.
        assert local_date(day, "zh-hans") == chinese
    with translation.override("zh-hans"):
        assert local_date(day) == chinese
        assert local_date(day, "en") == english
