"""Every page lives under its language: `/en/...` and `/zh-hans/...` (portal/urls.py).

The same page in another language is the same path under the other prefix: the
URL patterns are not translated. The path without a prefix redirects to the
reader's language (LocaleMiddleware: the language cookie, else Accept-Language,
else `LANGUAGE_CODE`), which makes it the address to print or to put in a QR code.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import get_language, get_language_info


def split_prefix(path: str) -> tuple[str, str] | None:
    """`(language, rest)` of a path below the script prefix, or None for a path that
    names no language (the API, feeds, a short link)."""
    script_prefix = get_script_prefix()
    if not path.startswith(script_prefix):
        return None
    language, slash, rest = path[len(script_prefix) :].partition("/")
    if not slash or language not in dict(settings.LANGUAGES):
        return None
    return language, rest


def unprefixed(path: str) -> str:
    """`path` without its language prefix: the address that suits every reader."""
    parts = split_prefix(path)
    return path if parts is None else get_script_prefix() + parts[1]


def in_language(path: str, language: str) -> str:
    """`path` (which names a language) in `language`."""
    parts = split_prefix(path)
    return path if parts is None else f"{get_script_prefix()}{language}/{parts[1]}"


def alternates(request) -> list[dict]:
    """The page of `request` in every language, the reader's own marked `current`.

    Each: `code`, `name` (in that language), `path` (the query string kept, for the
    language switch) and `url` (absolute, without the query: for
    `<link rel="alternate">`). Empty on a path that names no language.
    """
    if split_prefix(request.path) is None:
        return []
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    result = []
    for code, _name in settings.LANGUAGES:
        path = in_language(request.path, code)
        result.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "path": f"{path}?{query}" if query else path,
                "url": settings.SITE_URL + path,
                "current": code == current,
            }
        )
    return result


def site_language(code: str | None = None) -> str:
    """One of the site's languages for a language code (the active one by default):
    Chinese for any Chinese, English otherwise."""
    code = (get_language() if code is None else code) or ""
    return "zh-hans" if code.lower().startswith("zh") else "en"


def same_in_every_language(view):
    """Mark a view whose successful answers are the same whatever the reader's language
    (the live counter, QR codes): it does not vary on Accept-Language
    (`portal.middleware.LocaleMiddleware`), so a shared cache keeps one copy of it, not
    one per browser's way of spelling its languages. Its errors still speak the reader's
    language, and vary."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.same_in_every_language = True
        return response

    return wrapper
