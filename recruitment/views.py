"""Public recruitment pages: jobs, campaigns, the application form and the status page."""

import functools
import logging
import secrets
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView
from django_filters.views import FilterView

from portal.images import rendition_name, rendition_widths
from portal.jsonld import json_ld_text
from portal.net import client_ip

from . import live, livestream, posters
from .answers import answers_refusals, refuse_if_too_large
from .filters import JobFilter
from .forms import PublicApplicationForm, ResumeUploadForm, watch_for_interrupted_upload
from .live import applications_received
from .models import Application, Campaign, Job, private_storage
from .services import (
    IdempotencyKeyReused,
    IntakeError,
    UpdateLinkInvalid,
    application_add_resume,
    application_erase,
    application_request_review,
    application_submit,
    application_withdraw,
    consent_notice_for,
    pending_update_confirm,
    pending_update_from_link,
    rate_limit_check,
)
from .validators import EXTENSIONS, PDF, download_filename

logger = logging.getLogger(__name__)


# --- Jobs and campaigns -----------------------------------------------------------


class JobListView(FilterView):
    filterset_class = JobFilter
    queryset = Job.objects.open().with_organization().order_by("-created_at", "pk")
    template_name = "recruitment/job_list.html"
    paginate_by = 20


class JobDetailView(DetailView):
    queryset = Job.objects.open().with_organization().prefetch_related("campaigns")
    template_name = "recruitment/job_detail.html"


def may_control(request) -> bool:
    """Whether the page links staff to the control page. A reader without a session
    is never signed in: the session is not looked up, so the page stays one for all."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.has_perm("recruitment.change_campaign")


class CampaignDetailView(DetailView):
    """The livestream page: before, during and after the stream (`stream_state`).

    Anonymous visitors get the page from the cache (`cache_for_readers` in urls.py);
    signed-in staff get it freshly rendered, with the link to the control page.
    """

    queryset = Campaign.objects.all()
    template_name = "recruitment/campaign_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        livestream.keep_page_while_right(request, self.object)
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        state = campaign.stream_state_at()
        jobs = list(campaign.jobs.open().with_organization().order_by("title"))
        presenting = None
        if state == "live" and campaign.now_presenting_id:
            presenting = next((j for j in jobs if j.pk == campaign.now_presenting_id), None)
        if presenting:
            # The job on stage comes first, its apply button within thumb's reach.
            jobs.remove(presenting)
            jobs.insert(0, presenting)
        starts, ends = livestream.stream_times(campaign)
        page_url = livestream.absolute(campaign.get_absolute_url())
        received = applications_received(campaign)
        context.update(
            jobs=jobs,
            presenting=presenting,
            employers=sorted({job.organization.name for job in jobs}),
            applications_received=received,
            # Below the campaign's threshold a count discourages more than it helps.
            show_counter=received >= campaign.counter_threshold,
            applied_figure=livestream.rounded_down(received),
            platform_name=livestream.platform_name(campaign, get_language() or "en"),
            cover_share_url=_cover_share_url(campaign),
            stream_state=state,
            countdown=_countdown(starts) if state == "upcoming" else None,
            stream_starts=starts,
            stream_ends=ends,
            # The player is chosen by the platform's English name (Bilibili, YouTube...),
            # whatever the reader's language shows.
            player=livestream.player_for(
                campaign.platform_en or campaign.platform, campaign.stream_url
            ),
            programme=livestream.programme_items(campaign.programme),
            accepting=campaign.is_accepting(),
            page_url=page_url,
            weibo_share_url="https://service.weibo.com/share/share.php?"
            + urlencode({"url": page_url, "title": campaign.title}),
            can_control=may_control(self.request),
        )
        context["structured_data"] = json_ld_text(
            {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": campaign.title,
                "description": campaign.description,
                "startDate": starts.isoformat(),
                "endDate": ends.isoformat(),
                "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
                "eventStatus": "https://schema.org/EventScheduled",
                "location": {"@type": "VirtualLocation", "url": page_url},
                "organizer": {
                    "@type": "Organization",
                    "name": campaign.host or str(settings.SITE_NAME),
                },
                "url": page_url,
            }
        )
        return context


def _cover_share_url(campaign) -> str:
    """The absolute address of the cover's mid-sized rendition, for chat apps' previews."""
    if not campaign.cover:
        return ""
    widths = rendition_widths(campaign.cover_width or 0)
    name = campaign.cover.name
    if widths:
        width = min(widths, key=lambda w: abs(w - 960))
        ext = name.rsplit(".", 1)[-1]
        url = campaign.cover.storage.url(rendition_name(name, width, ext))
    else:
        url = campaign.cover.url
    return url if url.startswith(("http://", "https://")) else livestream.absolute(url)


def _countdown(starts) -> dict:
    seconds = max(0, int((starts - timezone.now()).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return {"days": days, "hours": hours, "minutes": minutes, "seconds": seconds}


# --- Applying -------------------------------------------------------------------


def _initial_from_query(request, campaign):
    query = request.GET
    initial = {"form_token": secrets.token_urlsafe(16)}
    job = query.get("job")
    if job and campaign.jobs.filter(slug=job).exists():
        initial["job"] = job
    initial["source"] = (query.get("channel") or query.get("source") or "")[:50]
    for name in ("utm_source", "utm_medium", "utm_campaign"):
        initial[name] = query.get(name, "")[:100]
    return initial


@csrf_protect
def _apply(request, slug, upload):
    campaign = get_object_or_404(Campaign, slug=slug)
    notice = consent_notice_for(campaign)
    if request.method != "POST":
        form = PublicApplicationForm(
            initial=_initial_from_query(request, campaign), campaign=campaign, notice=notice
        )
        status = 200
    else:
        rate_limit_check(client_ip(request))
        data, files = request.POST, request.FILES  # read the body: `upload` knows now
        form = PublicApplicationForm(
            data, files, campaign=campaign, notice=notice, upload_interrupted=upload.interrupted
        )
        status = 400
        if form.is_valid():
            token = form.cleaned_data.get("form_token")
            submit = functools.partial(
                application_submit,
                campaign=campaign,
                data=form.cleaned_data,
                resume=form.cleaned_data.get("resume"),
            )
            try:
                result = submit(idempotency_key=f"form:{token}" if token else None)
            except IdempotencyKeyReused:
                # The page was sent once more with other details (after going
                # back): a request of its own, not a double click.
                result = submit(idempotency_key=None)
            if result.status_token:
                return redirect("recruitment:application-confirmation", result.status_token)
            # The email has an application already: this browser learns nothing of it.
            return render(
                request,
                "recruitment/update_requested.html",
                {"campaign": campaign, "message": result.body["detail"]},
                status=result.status_code,
            )
    if not campaign.is_accepting():
        status = 409 if request.method == "POST" else 200
    return render(
        request,
        "recruitment/application_form.html",
        {
            "campaign": campaign,
            "form": form,
            "notice": notice,
            "employers": campaign.employer_names(),
            "accepting": campaign.is_accepting(),
            "retention_days": settings.APPLICATION_RETENTION_DAYS,
        },
        status=status,
    )


@never_cache  # each page carries its own one-time form token: never share it through a cache
@csrf_exempt  # checked by _apply, after the size cap: the CSRF check would read the body
@answers_refusals()
def apply(request, slug):
    refuse_if_too_large(request)
    return _apply(request, slug, watch_for_interrupted_upload(request))


def _application_or_404(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(
        Application.objects.select_related("campaign", "job", "job__organization"),
        status_token=token,
    )


def private(view):
    """The URL holds the candidate's token: never cached, never sent on as a referrer.

    strict-origin, not no-referrer: with no-referrer browsers send `Origin: null`
    on the page's own forms, and the CSRF check then refuses withdraw and erase.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "strict-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@never_cache
@private
def application_confirmation(request, token):
    application = _application_or_404(token)
    return render(
        request, "recruitment/application_confirmation.html", {"application": application}
    )


@csrf_protect
def _application_status(request, token):
    application = _application_or_404(token)
    upload_form = ResumeUploadForm()
    status = 200
    if request.method == "POST" and not application.is_erased:
        action = request.POST.get("action")
        if action == "withdraw" and application.can_withdraw:
            if not request.POST.get("confirm_withdraw"):
                # One more step, which works without JavaScript: withdrawing is for good.
                return render(
                    request,
                    "recruitment/application_withdraw.html",
                    {"application": application},
                )
            application_withdraw(application=application)
            messages.success(request, _("Your application has been withdrawn."))
            return redirect("recruitment:application-status", application.status_token)
        if action == "request_review":
            application_request_review(application=application)
            messages.success(
                request, _("A recruiter will review your application in person, not by keyword.")
            )
            return redirect("recruitment:application-status", application.status_token)
        if action == "erase":
            if request.POST.get("confirm_erase"):
                application_erase(application=application)
                messages.success(request, _("Your personal data and résumé have been erased."))
                return redirect("recruitment:application-status", application.status_token)
            status = 400
        if action == "upload":
            rate_limit_check(client_ip(request))
            upload_form = ResumeUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                try:
                    application_add_resume(
                        application=application, resume=upload_form.cleaned_data["resume"]
                    )
                except IntakeError as exc:
                    upload_form.add_error(None, exc.message)
                else:
                    return redirect("recruitment:application-status", application.status_token)
            status = 400
    return render(
        request,
        "recruitment/application_status.html",
        {
            "application": application,
            "history": application.stage_history,
            "upload_form": upload_form,
            "erase_error": status == 400 and request.POST.get("action") == "erase",
        },
        status=status,
    )


@never_cache
@csrf_exempt  # checked by _application_status, after the size cap
@private
@answers_refusals()
def application_status(request, token):
    refuse_if_too_large(request)
    return _application_status(request, token)


@csrf_protect
def _application_update(request, signed):
    pending = pending_update_from_link(signed)
    if pending is None:
        raise UpdateLinkInvalid()
    application = pending.application
    if request.method == "POST":
        application = pending_update_confirm(pending=pending)
        messages.success(request, _("Your application has been updated."))
        return redirect("recruitment:application-status", application.status_token)
    data = pending.data
    job = application.campaign.jobs.filter(pk=data.get("job")).first() if data.get("job") else None
    return render(
        request,
        "recruitment/application_update.html",
        {"pending": pending, "application": application, "data": data, "job": job},
    )


@never_cache
@private
@answers_refusals(heading=gettext_lazy("This link cannot be used"))
def application_update(request, signed):
    """The emailed single-use link that applies a repeated application (GET shows, POST applies).

    Applying needs the press of a button: mail scanners that open links must not
    change an application.
    """
    if len(signed) > 200:
        raise Http404
    return _application_update(request, signed)


# --- The live counter -------------------------------------------------------------


def live_json(request, slug):
    """Polled by every viewer of a livestream: no database query per request.

    Each process keeps the answer for a second; behind that the cache holds the
    campaign's times for a few seconds and the counter, incremented on every
    accepted application and rebuilt from the database only when missing.
    """
    payload = live.live_state(slug)
    if payload is None:
        raise Http404
    response = JsonResponse(payload)
    # Browsers and shared caches (a CDN's edge) alike: a reading at most a few seconds old.
    response["Cache-Control"] = "public, max-age=2, s-maxage=2, stale-while-revalidate=2"
    return response


def campaign_calendar(request, slug):
    """The stream as an iCalendar event, for "add to calendar"."""
    campaign = get_object_or_404(Campaign, slug=slug)
    response = HttpResponse(
        livestream.campaign_calendar(campaign), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}.ics"'
    response["Cache-Control"] = "public, max-age=300"
    return response


QR_CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _link_problem(campaign, job: str, channel: str):
    """A 400 naming what is wrong with a QR code's or short link's job or channel, or None."""
    if job and not campaign.jobs.filter(slug=job).exists():
        return _plain_400(_("There is no job “%(job)s” in this campaign.") % {"job": job[:100]})
    if channel and not livestream.CHANNEL_PATTERN.match(channel):
        return _plain_400(
            _(
                "A channel is a short name of lower-case letters, digits and dashes, "
                "e.g. “poster” or “stream-overlay”."
            )
        )
    return None


def campaign_qr(request, slug, kind):
    """A QR code to the apply form; `?job=` and `?channel=` are recorded with the application."""
    campaign = get_object_or_404(Campaign, slug=slug)
    job = request.GET.get("job", "")
    channel = request.GET.get("channel", "")
    if problem := _link_problem(campaign, job, channel):
        return problem
    url = livestream.apply_link(campaign, job=job, channel=channel)
    response = HttpResponse(livestream.qr_code(url, kind), content_type=QR_CONTENT_TYPES[kind])
    name = "-".join(part for part in (campaign.slug, job, channel) if part)
    response["Content-Disposition"] = f'inline; filename="{name}.{kind}"'
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


POSTER_SECONDS = 24 * 3600


def campaign_poster(request, slug):
    """The campaign's poster to save and post in chats: cover, title, time and QR code.

    Drawn once per campaign version and language, then kept in the cache."""
    campaign = get_object_or_404(Campaign, slug=slug)
    language = posters.poster_language(get_language() or settings.LANGUAGE_CODE)
    key = (
        f"campaign-poster:{campaign.pk}:{campaign.updated_at.timestamp()}:{language}:"
        f"{settings.SITE_URL}"
    )
    image = cache.get(key)
    if image is None:
        image = posters.draw_poster(campaign, language=language)
        cache.set(key, image, POSTER_SECONDS)
    response = HttpResponse(image, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{campaign.slug}-poster.png"'
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Last-Modified"] = http_date(campaign.updated_at.timestamp())
    return response


def campaign_short_link(request, slug, job=""):
    """A short address, `/c/<campaign>/<job>/?ch=<channel>`, to the apply form.

    The application records `source=link` with the channel as its UTM source.
    """
    campaign = get_object_or_404(Campaign, slug=slug)
    channel = request.GET.get("ch", "")
    if problem := _link_problem(campaign, job, channel):
        return problem
    # In the reader's language (the short link has none): one redirect, not two.
    link = livestream.apply_link(campaign, job=job, channel=channel, medium="link", prefixed=True)
    return redirect(link)


# A version is named by its id: a positive number that fits the database's integer.
RESUME_VERSION_FIELD = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def _plain_400(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@staff_member_required
@permission_required("recruitment.change_campaign", raise_exception=True)
def campaign_presenting(request, slug):
    """The recruiter's control during the stream: which job is on stage, and the QR codes."""
    campaign = get_object_or_404(Campaign.objects.select_related("now_presenting"), slug=slug)
    jobs = list(campaign.jobs.open().with_organization().order_by("title"))
    error = ""
    if request.method == "POST":
        choice = request.POST.get("job", "")
        job = next((j for j in jobs if j.slug == choice), None)
        if choice and job is None:
            error = _("Choose one of the campaign's open jobs, or nobody.")
        else:
            campaign.now_presenting = job
            campaign.save(update_fields=["now_presenting", "updated_at"])
            live.live_state_forget(campaign.slug)
            if job:
                messages.success(request, _("Now presenting: %(job)s.") % {"job": job.title})
            else:
                messages.success(request, _("No job is highlighted now."))
            return redirect("recruitment:campaign-presenting", campaign.slug)
    codes = [("", _("The whole campaign"))] + [(job.slug, job.title) for job in jobs]
    panels = [
        {
            "label": label,
            "links": [
                {
                    "channel": channel,
                    "url": livestream.apply_link(campaign, job=job_slug, channel=channel),
                    "short_url": livestream.short_link(campaign, job=job_slug, channel=channel),
                    "query": urlencode(
                        {k: v for k, v in (("job", job_slug), ("channel", channel)) if v}
                    ),
                }
                for channel in livestream.QR_CHANNELS
            ],
        }
        for job_slug, label in codes
    ]
    response = render(
        request,
        "recruitment/campaign_presenting.html",
        {
            "campaign": campaign,
            "jobs": jobs,
            "error": error,
            "panels": panels,
            "stream_state": campaign.stream_state_at(),
        },
        status=400 if error else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff ------------------------------------------------------------------------


@login_required
@permission_required("recruitment.view_application", raise_exception=True)
def resume_download(request, pk):
    """Stream a résumé from private storage to a staff member allowed to see the application.

    `?inline=1` shows a PDF in the change page's frame (same origin only); every
    view and download is written to the audit log.
    """
    from .audit import audit
    from .models import AuditLog, staff_scope

    scope = staff_scope(request.user)
    if not scope.everything and scope.organization_id is None:
        raise PermissionDenied
    application = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
    version_id = request.GET.get("version")
    if version_id:
        try:
            version_id = RESUME_VERSION_FIELD.clean(version_id)
        except ValidationError:
            return _plain_400(
                _("“version” must be the number of one of this application’s earlier résumés.")
            )
        version = get_object_or_404(application.resume_versions, pk=version_id)
        name, original = version.file.name, version.original_name
        content_type = version.content_type
    else:
        name, original = application.resume.name, application.resume_original_name
        content_type = application.resume_content_type
    if not name or application.quarantined and (not version_id or name == application.resume.name):
        raise Http404  # the quarantined file itself is never handed out, not even as a version
    inline = request.GET.get("inline") == "1" and content_type == PDF
    try:
        # A stream from the disk or the private bucket, never a link to the bucket.
        handle = private_storage().open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    except OSError:
        logger.exception("could not read the résumé of application %s", application.pk)
        response = HttpResponse(
            _("The résumé cannot be read just now. Try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    audit(
        request,
        AuditLog.Action.VIEW_RESUME if inline else AuditLog.Action.DOWNLOAD_RESUME,
        application=application,
        detail=f"version {version_id}" if version_id else "",
    )
    # Served as the type the content check found, never as the candidate named it:
    # a PDF/HTML polyglot sent as `cv.html` is a PDF here, and its name says so.
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=download_filename(original, content_type, default=application.reference),
        content_type=content_type if content_type in EXTENSIONS else "application/octet-stream",
    )
    if inline:
        # Only this response may be framed, and only by the admin on the same site.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
