"""A Content-Security-Policy on every HTML page, strict enough that inline script never runs."""

import re
from pathlib import Path

import pytest

from recruitment.livestream import EMBED_PLATFORMS

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [REPO / "templates", *REPO.glob("*/templates")]

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def assert_no_inline_script(directives):
    script = directives.get("script-src", directives["default-src"])
    assert "'self'" in script
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert "data:" not in script and "*" not in script and "https:" not in script


@pytest.mark.parametrize(
    "path", ["/", "/en/news/", "/en/talent/", "/en/search/?q=x", "/no-such-page/"]
)
def test_public_pages_allow_no_inline_script_or_style(client, path):
    response = client.get(path)
    directives = policy(response)
    assert_no_inline_script(directives)
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


def test_a_page_served_from_the_cache_carries_the_policy_too(client):
    client.get("/en/news/")
    assert_no_inline_script(policy(client.get("/en/news/")))


def test_the_admin_carries_the_policy(client, django_user_model):
    assert_no_inline_script(policy(client.get("/admin/login/")))
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw-long-1")
    client.force_login(boss)
    for path in ("/admin/", "/admin/recruitment/application/", "/admin/articles/article/add/"):
        assert_no_inline_script(policy(client.get(path)))


def test_the_api_docs_relax_only_their_styles(client):
    response = client.get("/api/docs/")
    directives = policy(response)
    assert_no_inline_script(directives)
    assert "'unsafe-inline'" in directives["style-src"]  # Redoc injects its styles
    html = response.content.decode()
    assert "<redoc spec-url=" in html
    assert "fonts.googleapis.com" not in html  # nothing from a CDN


def test_json_and_files_carry_no_page_policy(client):
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_every_player_host_the_campaign_page_frames_is_allowed(client):
    frame_src = policy(client.get("/en/"))["frame-src"]
    for hosts in EMBED_PLATFORMS.values():
        for host in hosts:
            assert f"https://{host}" in frame_src


def templates():
    for folder in TEMPLATE_DIRS:
        yield from sorted(folder.rglob("*.html"))


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", list(templates()), ids=lambda p: str(p.relative_to(REPO)))
def test_templates_hold_no_inline_script_or_style(template):
    source = template.read_text()
    for attributes in SCRIPT.findall(source):
        # A script is our static file, or data the browser never runs (JSON-LD).
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, template
    assert not EVENT_HANDLER.search(source), template
    assert not STYLE.search(source), template
