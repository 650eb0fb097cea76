"""A candidate's journey from the livestream page to a submitted application, and back.

Runs against the demo's open campaign, on a phone and on a desktop.
"""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from recruitment.demo import OPEN_SLUG
from recruitment.models import Application, Campaign, StageChange
from tests.e2e.helpers import advance, install_fake_clock

CAMPAIGN = f"/en/campaigns/{OPEN_SLUG}/"
JOB = "Battery systems engineer"
JOB_SLUG = "changan-battery-systems-engineer"

# Records, across the navigation that follows a submit, whether the upload's
# progress bar was shown: on loopback the upload may finish within one frame.
WATCH_PROGRESS = """() => {
  const box = document.querySelector('[data-progress]');
  new MutationObserver(() => {
    if (!box.hidden) { sessionStorage.setItem('progressShown', '1'); }
  }).observe(box, {attributes: true});
}"""


def counter(page) -> int:
    return int(re.sub(r"\D", "", page.locator("[data-live-count]").inner_text()))


def count_every_application():
    """The demo campaign shows its counter from the first application (50 by default)."""
    Campaign.objects.filter(slug=OPEN_SLUG).update(counter_threshold=0)


def open_form_from_the_job_list(page, site):
    page.goto(site + CAMPAIGN)
    card = page.locator(".job-shelf .card", has_text=JOB)
    card.get_by_role("link", name=re.compile("^Apply")).click()
    expect(page).to_have_url(re.compile(rf"/apply/\?job={JOB_SLUG}$"))
    expect(page.get_by_label("Job")).to_have_value(JOB_SLUG)


def fill_contact_details(page, name="Li Na", email="li.na@example.com"):
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Mobile phone").fill("13812345678")
    page.get_by_label("Email").fill(email)


def give_both_consents(page):
    page.locator("#id_consent").check()
    page.locator("#id_share_consent").check()


def test_a_candidate_applies_from_the_campaign_page_and_the_counter_goes_up(
    page, site, resume_pdf
):
    count_every_application()
    page.goto(site + CAMPAIGN)
    expect(page.locator("[data-live-count]")).to_be_visible()
    before = counter(page)

    open_form_from_the_job_list(page, site)
    fill_contact_details(page)
    page.get_by_label("Résumé").set_input_files(resume_pdf)
    give_both_consents(page)
    page.evaluate(WATCH_PROGRESS)
    page.get_by_role("button", name="Send my application").click()

    expect(page).to_have_url(re.compile(r"/en/applications/[^/]+/thanks/$"))
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"LJ-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    assert page.evaluate("sessionStorage.getItem('progressShown')") == "1"
    application = Application.objects.get(reference=reference)
    assert application.job.slug == JOB_SLUG and application.resume

    page.goto(site + CAMPAIGN)
    expect(page.locator("[data-live-count]")).to_have_text(f"{before + 1} applied")


def test_mistakes_are_shown_next_to_the_fields_and_nothing_is_created(page, site, png_named_pdf):
    open_form_from_the_job_list(page, site)
    fill_contact_details(page, name="Wang Fang", email="wang.fang@example.com")
    page.get_by_label("Résumé").set_input_files(png_named_pdf)
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_text("Please correct the marked fields.")).to_be_visible()
    consent_field = page.locator(".consent-field", has=page.locator("#id_consent"))
    expect(consent_field.locator(".errorlist")).to_contain_text(
        "Please agree to the processing of your application."
    )
    # The summary reads as a sentence, and asks for the file again (browsers drop it).
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Please agree to the processing of your application.")
    expect(summary).not_to_contain_text("described above.:")
    # (The demo campaign takes applications without a file: "if you chose one".)
    expect(summary).to_contain_text("If you chose a résumé file, choose it again")
    expect(page.get_by_text("If you chose a résumé file, please choose it again.")).to_be_visible()
    resume_field = page.locator(".field", has=page.locator("#id_resume"))
    expect(resume_field.locator(".errorlist")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Wang Fang")
    expect(page.get_by_label("Email")).to_have_value("wang.fang@example.com")
    expect(page.get_by_label("Job")).to_have_value(JOB_SLUG)
    assert not Application.objects.exists()


def test_the_candidate_opens_the_status_page_and_withdraws(page, site):
    page.goto(site + CAMPAIGN + "apply/")
    fill_contact_details(page, name="Zhao Lei", email="zhao.lei@example.com")
    give_both_consents(page)  # contact-only: the demo campaign takes the résumé later
    page.get_by_role("button", name="Send my application").click()
    expect(page).to_have_url(re.compile(r"/thanks/$"))

    page.get_by_role("link", name="Your status page").click()
    expect(page.locator(".stage")).to_have_text("Received")
    page.get_by_role("button", name="Withdraw my application").click()

    # One more step before anything changes; "no" goes back untouched.
    expect(page.get_by_role("heading", name="Withdraw your application?")).to_be_visible()
    page.get_by_role("link", name="No, keep my application").click()
    expect(page.locator(".stage")).to_have_text("Received")
    assert Application.objects.get().stage == Application.Stage.RECEIVED
    page.get_by_role("button", name="Withdraw my application").click()
    page.get_by_role("button", name="Yes, withdraw my application").click()

    expect(page.get_by_role("status")).to_contain_text("Your application has been withdrawn.")
    expect(page.locator(".stage")).to_have_text("Withdrawn")
    expect(page.get_by_role("button", name="Withdraw my application")).to_have_count(0)
    assert Application.objects.get().stage == Application.Stage.WITHDRAWN


def test_the_counter_and_the_job_on_stage_update_while_the_page_is_open(page, site):
    campaign = _go_live()
    count_every_application()
    page.goto(site + CAMPAIGN)
    expect(page.locator(".campaign-state-live")).to_have_text("Live")
    before = counter(page)
    shelf = page.locator("[data-job-shelf] > li")
    expect(shelf.first).not_to_have_attribute("data-job", JOB_SLUG)

    # A recruiter puts the job on stage; another viewer applies.
    campaign.now_presenting = campaign.jobs.get(slug=JOB_SLUG)
    campaign.save()
    from django.test import Client

    Client().post(
        f"/api/v1/campaigns/{OPEN_SLUG}/applications/",
        {
            "full_name": "Chen Jie",
            "email": "chen.jie@example.com",
            "phone": "13900000000",
            "consent": "true",
            "share_consent": "true",
        },
    )

    # The page polls live.json every five seconds: no reload.
    expect(page.locator("[data-live-count]")).to_have_text(f"{before + 1} applied", timeout=12_000)
    expect(shelf.first).to_have_attribute("data-job", JOB_SLUG, timeout=12_000)
    expect(shelf.first).to_have_class(re.compile("is-presenting"))
    expect(shelf.first.get_by_text("Now presenting")).to_be_visible()
    expect(shelf.first.get_by_role("link", name=re.compile("^Apply"))).to_be_visible()


def test_a_recruiter_opens_the_resume_and_moves_the_application_to_screening(
    desktop_page, site, recruiter, resume_pdf
):
    page = desktop_page
    page.goto(site + CAMPAIGN + "apply/")
    fill_contact_details(page, name="Sun Mei", email="sun.mei@example.com")
    page.get_by_label("Résumé").set_input_files(resume_pdf)
    give_both_consents(page)
    page.get_by_role("button", name="Send my application").click()
    reference = page.locator(".reference").inner_text()

    from tests.e2e.helpers import admin_login

    admin_login(page, site, recruiter.username)
    page.get_by_role("link", name="Applications", exact=True).first.click()
    page.locator("#searchbar").fill(reference)
    page.keyboard.press("Enter")
    page.get_by_role("link", name=reference).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("combobox", name=re.compile(r"^Move to stage")).select_option(
        label="Screening"
    )
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    application = Application.objects.get(reference=reference)
    assert application.stage == Application.Stage.SCREENING
    assert StageChange.objects.filter(
        application=application, to_stage="screening", changed_by=recruiter
    ).exists()


def test_the_language_switch_turns_the_campaign_page_and_the_form_into_chinese(page, site):
    page.goto(site + CAMPAIGN)
    page.locator(".language-switch").get_by_role("link", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert page.url == site + CAMPAIGN.replace("/en/", "/zh-hans/", 1)
    expect(page.locator(".site-nav").get_by_role("link", name="新闻")).to_be_visible()
    page.locator(f'.job-shelf a[href$="?job={JOB_SLUG}"]').click()
    expect(page).to_have_url(re.compile(r"/apply/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".site-nav").get_by_role("link", name="人才")).to_be_visible()


def test_without_javascript_the_page_shows_the_figure_and_the_form_still_works(
    browser, site, resume_pdf, settings
):
    # While applications come in, a cached campaign page is kept a few seconds; without
    # JavaScript nothing refreshes the figure, so the reader sees it once that copy ends.
    settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS = 1
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    count_every_application()
    try:
        page.goto(site + CAMPAIGN)
        expect(page.locator("[data-live-count]")).to_have_text("0 applied")
        expect(page.locator("[data-unit=days]")).to_be_visible()
        open_form_from_the_job_list(page, site)
        fill_contact_details(page, name="Liu Yang", email="liu.yang@example.com")
        page.get_by_label("Résumé").set_input_files(resume_pdf)
        give_both_consents(page)
        page.get_by_role("button", name="Send my application").click()
        expect(page.locator(".reference")).to_have_text(re.compile(r"^LJ-"))
        for _ in range(10):
            page.goto(site + CAMPAIGN)
            if page.locator("[data-live-count]").inner_text() == "1 applied":
                break
            page.wait_for_timeout(300)  # the cached copy's second is not over yet
        expect(page.locator("[data-live-count]")).to_have_text("1 applied")
    finally:
        context.close()


def _go_live():
    campaign = Campaign.objects.get(slug=OPEN_SLUG)
    campaign.stream_starts_at = timezone.now() - timedelta(minutes=10)
    campaign.stream_ends_at = timezone.now() + timedelta(hours=1)
    campaign.save()
    return campaign


def test_polling_backs_off_on_errors_and_pauses_while_the_tab_is_hidden(phone_page, site):
    _go_live()
    count_every_application()
    page = phone_page
    polls = []

    def failing(route):
        polls.append(route.request.url)
        route.fulfill(status=503, body="busy")

    page.route("**/live.json", failing)
    install_fake_clock(page)
    page.goto(site + CAMPAIGN)

    advance(page, 5_500)
    assert len(polls) == 1
    advance(page, 40_000)  # 10 s, then 20 s (plus up to 1 s each) rather than every 5 s
    assert len(polls) == 3

    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    advance(page, 60_000, step=1_000)  # the next retry was due about 40 s after the last
    assert len(polls) == 3  # nothing while nobody looks

    page.unroute("**/live.json")
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    expect(page.locator("[data-live-count]")).to_have_text("0 applied")


def test_a_viewer_on_a_phone_taps_the_bar_and_applies_to_the_job_on_stage(phone_page, site):
    campaign = _go_live()
    campaign.now_presenting = campaign.jobs.get(slug=JOB_SLUG)
    campaign.save()
    page = phone_page
    page.goto(site + CAMPAIGN)

    bar = page.locator("[data-sticky-apply]")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text(JOB)
    assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= 740  # always in reach
    bar.get_by_role("link", name="Apply").click()

    expect(page.get_by_label("Job")).to_have_value(JOB_SLUG)
    fill_contact_details(page, name="Qian Hui", email="qian.hui@example.com")
    give_both_consents(page)  # contact-only: the résumé can follow
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator(".reference")).to_have_text(re.compile(r"^LJ-"))
    assert Application.objects.get().job.slug == JOB_SLUG


def test_the_bar_follows_the_job_on_stage_without_a_reload(phone_page, site):
    campaign = _go_live()
    page = phone_page
    page.goto(site + CAMPAIGN)
    link = page.locator("[data-sticky-link]")
    expect(link).to_have_attribute("href", re.compile(r"/apply/$"))

    campaign.now_presenting = campaign.jobs.get(slug=JOB_SLUG)
    campaign.save()

    expect(link).to_have_attribute(
        "href", re.compile(rf"/apply/\?job={JOB_SLUG}$"), timeout=12_000
    )
    expect(page.locator("[data-sticky-title]")).to_have_text(JOB)


def test_a_desktop_viewer_finds_the_qr_code_to_open_the_page_on_a_phone(desktop_page, site):
    page = desktop_page
    page.goto(site + CAMPAIGN)

    code = page.get_by_role("img", name="QR code to apply in this campaign")
    code.scroll_into_view_if_needed()
    expect(code).to_be_visible()
    page.wait_for_function("() => document.querySelector('.share-qr').naturalWidth > 0")
    expect(page.get_by_text("Scan with your phone")).to_be_visible()
    expect(page.locator("[data-sticky-apply]")).to_have_count(0)  # not live: no bar
    poster = page.request.get(site + CAMPAIGN + "poster.png")
    assert poster.ok and poster.headers["content-type"] == "image/png"


def test_on_a_phone_the_desktop_qr_code_is_not_shown(phone_page, site):
    phone_page.goto(site + CAMPAIGN)

    expect(phone_page.locator(".share-qr")).to_be_hidden()
    expect(phone_page.get_by_role("link", name="Save the poster")).to_be_visible()
