"""What only a browser shows on every page: language switch, skip link, cookie notice."""

from playwright.sync_api import expect


def test_language_switch_turns_the_home_page_into_chinese(page, site):
    page.goto(site + "/")
    page.select_option("#language-select", "zh-hans")
    # Picking a language submits the form at once (site.js); no button press needed.
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".site-nav").get_by_role("link", name="新闻")).to_be_visible()
    expect(page.locator(".site-nav").get_by_role("link", name="人才")).to_be_visible()
    assert page.url == site + "/"


def test_skip_link_takes_keyboard_users_to_the_content(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")


def test_cookie_notice_goes_when_acknowledged_and_stays_gone(page, site):
    page.goto(site + "/")
    notice = page.get_by_role("region", name="Cookie notice")
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="OK").click()
    expect(notice).to_have_count(0)
    page.goto(site + "/talent/")
    expect(page.get_by_role("heading", name="Talent programmes", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Cookie notice")).to_have_count(0)
