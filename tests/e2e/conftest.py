"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

One browser for the whole session (starting Chromium is the slow part); a fresh
context, so fresh cookies, for every test. Each test that takes `page` runs twice,
on a phone-sized screen and on a desktop one. A failing test leaves a screenshot
in test-results/.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfWriter

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse the ORM calls the tests make beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, which a
# closed network refuses; none of them changes how a page renders.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEVICES = {
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Kept on the item so the page fixture's teardown knows whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    # A path, or a command name looked up on PATH.
    executable = shutil.which(CHROMIUM_PATH)
    if executable is None:
        pytest.skip(
            f"Chromium not found at {CHROMIUM_PATH}: install Debian's `chromium` package "
            "or set CHROMIUM_PATH"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(request, browser, device):
    context = browser.new_context(**DEVICES[device], locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = request.config.rootpath / "test-results"
        folder.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=folder / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture(params=list(DEVICES))
def page(request, browser):
    """A page on a phone-sized screen, then on a desktop one (the test runs once each)."""
    yield from _new_page(request, browser, request.param)


@pytest.fixture
def phone_page(request, browser):
    yield from _new_page(request, browser, "phone")


@pytest.fixture
def desktop_page(request, browser):
    yield from _new_page(request, browser, "desktop")


@pytest.fixture
def demo_content(transactional_db):
    """The demo content (`loaddemo`), in the database the live server reads."""
    call_command("loaddemo", stdout=io.StringIO())


@pytest.fixture
def site(live_server, demo_content):
    """The live server's base URL, with the demo content loaded."""
    return live_server.url


# --- Helpers for the journeys ------------------------------------------------


@pytest.fixture
def resume_pdf(tmp_path) -> Path:
    """A small, valid one-page PDF on disk, for `page.set_input_files`."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "resume.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


@pytest.fixture
def png_named_pdf(tmp_path) -> Path:
    """A PNG image renamed `.pdf`: the upload must be refused by its content."""
    from tests.conftest import image_bytes

    path = tmp_path / "resume.pdf"
    path.write_bytes(image_bytes("PNG", size=(64, 64)))
    return path
