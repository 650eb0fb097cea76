"""In a real browser, the Content-Security-Policy blocks nothing the site itself does."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import admin_login


@pytest.fixture
def refusals(desktop_page):
    """Every Content-Security-Policy refusal the browser reports on the page."""
    found = []
    desktop_page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_public_pages_run_their_scripts_and_the_policy_refuses_nothing(
    desktop_page, site, refusals
):
    page = desktop_page
    for path in (
        "/",
        "/en/news/",
        "/en/talent/",
        "/en/campaigns/liangjiang-talent-livestream/apply/",
    ):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    page.goto(site + "/")
    # site.js runs: the cookie notice it shows is there to close.
    page.get_by_role("region", name="Cookie notice").get_by_role("button", name="OK").click()
    expect(page.get_by_role("region", name="Cookie notice")).to_have_count(0)
    assert refusals == []


def test_an_injected_inline_script_does_not_run(desktop_page, site, refusals):
    page = desktop_page
    page.goto(site + "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.append(s); }"
    )
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in refusal for refusal in refusals)


def test_the_admin_works_under_the_policy(desktop_page, site, recruiter, refusals):
    page = desktop_page
    admin_login(page, site, recruiter.username)
    page.goto(site + "/admin/recruitment/campaign/")
    page.get_by_role("link", name="Liangjiang talent livestream", exact=False).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Open the dashboard").first.click()
    expect(page.get_by_role("heading", name="Funnel by stage")).to_be_visible()
    assert refusals == []


def test_the_api_docs_render_under_their_policy(desktop_page, site, refusals):
    page = desktop_page
    page.goto(site + "/api/docs/")
    expect(page.get_by_role("heading", name="Liangjiang Portal API", exact=False)).to_be_visible()
    # Redoc's "API docs by Redocly" link shows a logo from its CDN: refused, as is
    # everything from outside. Nothing else may be.
    assert [refusal for refusal in refusals if "https://cdn.redoc.ly/" not in refusal] == []
