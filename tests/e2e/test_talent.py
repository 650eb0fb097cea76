"""The talent page in a browser."""

from playwright.sync_api import expect


def test_talent_page_shows_the_hongyan_figures_and_the_honourees(page, site):
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Talent").click()
    expect(page).to_have_title("Talent programmes · Liangjiang Portal")
    hongyan = page.locator("#hongyan-project")
    expect(hongyan.get_by_role("heading", name="Hongyan Project")).to_be_visible()
    expect(hongyan.locator(".figures")).to_contain_text("147")
    expect(hongyan.locator(".figures")).to_contain_text("71")
    honours = page.locator("#zhihui-liangjiang-leading-talent")
    expect(honours.get_by_role("heading", name="Zhou Xi")).to_be_visible()
    expect(honours.get_by_role("heading", name="Yin Shaoyun")).to_be_visible()
