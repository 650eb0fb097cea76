"""What only a browser shows on every page: language switch, skip link, cookie notice."""

from playwright.sync_api import expect

from tests.e2e.helpers import admin_login


def test_language_switch_turns_the_home_page_into_chinese(page, site):
    page.goto(site + "/")
    # The unprefixed address sends the browser to its own language.
    assert page.url == site + "/en/"
    page.locator(".language-switch").get_by_role("link", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".site-nav").get_by_role("link", name="新闻")).to_be_visible()
    expect(page.locator(".site-nav").get_by_role("link", name="人才")).to_be_visible()
    assert page.url == site + "/zh-hans/"


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
    page.goto(site + "/en/talent/")
    expect(page.get_by_role("heading", name="Talent programmes", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Cookie notice")).to_have_count(0)
    # Remembered by the browser alone: the server sees no cookie for it.
    assert [cookie["name"] for cookie in page.context.cookies()] == []


def test_chinese_stays_chosen_on_the_next_page(phone_page, site):
    page = phone_page
    page.goto(site + "/en/")
    page.locator(".language-switch").get_by_role("link", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator(".site-nav").get_by_role("link", name="人才").click()
    expect(page).to_have_url(site + "/zh-hans/talent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("人才计划")
    # The choice is kept (site.js): an address without a language now opens in Chinese.
    page.goto(site + "/news/")
    expect(page).to_have_url(site + "/zh-hans/news/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_admin_login_helper_signs_a_recruiter_in(desktop_page, live_server, recruiter):
    admin_login(desktop_page, live_server.url, recruiter.username)
    expect(desktop_page.locator("#user-tools")).to_contain_text("recruiter")
