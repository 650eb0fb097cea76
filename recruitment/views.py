"""Public recruitment pages: jobs, campaigns, the application form and the status page."""

import json
import logging
import secrets
import time
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from .api import RETRY_AFTER_DB, request_too_large
from .filters import JobFilter
from .forms import PublicApplicationForm, ResumeUploadForm
from .models import Application, Campaign, Job, TalentProgramme, private_storage
from .net import client_ip
from .services import (
    DATABASE_UNAVAILABLE,
    IntakeError,
    _count_key,
    application_add_resume,
    application_erase,
    application_submit,
    application_withdraw,
    applications_received,
    consent_notice_for,
    rate_limit_check,
)
from .validators import MSG_TOO_BIG

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


class CampaignDetailView(DetailView):
    queryset = Campaign.objects.all()
    template_name = "recruitment/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        context["jobs"] = campaign.jobs.open().with_organization().order_by("title")
        context["applications_received"] = applications_received(campaign)
        context["stream_state"] = campaign.stream_state_at()
        return context


# --- Applying -------------------------------------------------------------------


def _error_page(request, campaign, message, status, retry_after=None):
    response = render(
        request,
        "recruitment/intake_error.html",
        {"campaign": campaign, "message": message},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


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
def _apply(request, slug):
    try:
        campaign = get_object_or_404(Campaign, slug=slug)
        notice = consent_notice_for(campaign)
        if request.method != "POST":
            form = PublicApplicationForm(
                initial=_initial_from_query(request, campaign), campaign=campaign
            )
            status = 200
        else:
            try:
                rate_limit_check(client_ip(request))
            except IntakeError as exc:
                return _error_page(request, campaign, exc.message, exc.status, exc.retry_after)
            form = PublicApplicationForm(request.POST, request.FILES, campaign=campaign)
            status = 400
            if form.is_valid():
                token = form.cleaned_data.get("form_token")
                result = application_submit(
                    campaign=campaign,
                    data=form.cleaned_data,
                    resume=form.cleaned_data.get("resume"),
                    idempotency_key=f"form:{token}" if token else None,
                )
                return redirect("recruitment:application-confirmation", result.status_token)
    except IntakeError as exc:
        return _error_page(request, campaign, exc.message, exc.status, exc.retry_after)
    except (OperationalError, InterfaceError):
        logger.warning("database unavailable during intake")
        return _error_page(request, None, DATABASE_UNAVAILABLE, 503, RETRY_AFTER_DB)
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
        },
        status=status,
    )


@csrf_exempt  # checked by _apply, after the size cap: the CSRF check would read the body
def apply(request, slug):
    if request.method == "POST" and request_too_large(request):
        return _error_page(request, None, MSG_TOO_BIG, 413)
    return _apply(request, slug)


def _application_or_404(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(
        Application.objects.select_related("campaign", "job", "job__organization"),
        status_token=token,
    )


def _private(response):
    # The URL holds the candidate's token: never cached, never sent on as a referrer.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def application_confirmation(request, token):
    application = _application_or_404(token)
    return _private(
        render(request, "recruitment/application_confirmation.html", {"application": application})
    )


@csrf_protect
def _application_status(request, token):
    application = _application_or_404(token)
    upload_form = ResumeUploadForm()
    status = 200
    if request.method == "POST" and not application.is_erased:
        action = request.POST.get("action")
        if action == "withdraw" and application.can_withdraw:
            application_withdraw(application=application)
            return redirect(application)
        if action == "erase":
            if request.POST.get("confirm_erase"):
                application_erase(application=application)
                return redirect(application)
            status = 400
        if action == "upload":
            upload_form = ResumeUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                try:
                    application_add_resume(
                        application=application, resume=upload_form.cleaned_data["resume"]
                    )
                except IntakeError as exc:
                    upload_form.add_error(None, exc.message)
                else:
                    return redirect(application)
            status = 400
    history = application.stage_changes.all()
    return _private(
        render(
            request,
            "recruitment/application_status.html",
            {
                "application": application,
                "history": history,
                "upload_form": upload_form,
                "erase_error": status == 400 and request.POST.get("action") == "erase",
            },
            status=status,
        )
    )


@never_cache
@csrf_exempt  # checked by _application_status, after the size cap
def application_status(request, token):
    if request.method == "POST" and request_too_large(request):
        return _private(_error_page(request, None, MSG_TOO_BIG, 413))
    try:
        return _application_status(request, token)
    except (OperationalError, InterfaceError):
        return _error_page(request, None, DATABASE_UNAVAILABLE, 503, RETRY_AFTER_DB)


# --- The live counter -------------------------------------------------------------

LIVE_MEMO_SECONDS = 1.0
LIVE_META_SECONDS = 5
_live_memo: dict[str, tuple[float, dict]] = {}


def _live_meta(slug):
    """What live.json needs about a campaign, shared through the cache for a few seconds."""
    key = f"campaign-live-meta:{slug}"
    meta = cache.get(key)
    if meta is None:
        campaign = Campaign.objects.select_related("now_presenting").filter(slug=slug).first()
        if campaign is None:
            meta = {"missing": True}
        else:
            meta = {
                "id": campaign.pk,
                "starts": campaign.stream_starts_at or campaign.opens_at,
                "ends": campaign.stream_ends_at or campaign.closes_at,
                "now_presenting": (
                    campaign.now_presenting.slug if campaign.now_presenting else None
                ),
                "recorded": campaign.recorded_applications or 0,
            }
        cache.set(key, meta, LIVE_META_SECONDS)
    return meta


def _live_payload(slug):
    meta = _live_meta(slug)
    if meta.get("missing"):
        return None
    count = cache.get(_count_key(meta["id"]))
    if count is None:
        count = applications_received(Campaign(pk=meta["id"]))
    now = timezone.now()
    state = "upcoming" if now < meta["starts"] else "live" if now < meta["ends"] else "ended"
    return {
        "state": state,
        "applications_received": count + meta["recorded"],
        "now_presenting": meta["now_presenting"] if state == "live" else None,
    }


def live_json(request, slug):
    """Polled by every viewer of a livestream: no database query per request.

    Each process keeps the answer for a second; behind that the cache holds the
    campaign's times for a few seconds and the counter, incremented on every
    accepted application and rebuilt from the database only when missing.
    """
    now = time.monotonic()
    memo = _live_memo.get(slug)
    if memo is not None and memo[0] > now:
        payload = memo[1]
    else:
        payload = _live_payload(slug)
        if payload is None:
            raise Http404
        if len(_live_memo) > 1000:
            _live_memo.clear()
        _live_memo[slug] = (now + LIVE_MEMO_SECONDS, payload)
    response = JsonResponse(payload)
    response["Cache-Control"] = "public, max-age=2"
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
        version = get_object_or_404(application.resume_versions, pk=version_id)
        name, original = version.file.name, version.original_name
        content_type = version.content_type
    else:
        name, original = application.resume.name, application.resume_original_name
        content_type = application.resume_content_type
    if not name or application.quarantined and (not version_id or name == application.resume.name):
        raise Http404  # the quarantined file itself is never handed out, not even as a version
    inline = request.GET.get("inline") == "1" and content_type == "application/pdf"
    try:
        handle = private_storage().open(name, "rb")
    except OSError:
        raise Http404 from None
    audit(
        request,
        AuditLog.Action.VIEW_RESUME if inline else AuditLog.Action.DOWNLOAD_RESUME,
        application=application,
        detail=f"version {version_id}" if version_id else "",
    )
    filename = original or f"{application.reference}{PurePosixPath(name).suffix}"
    response = FileResponse(handle, as_attachment=not inline, filename=filename)
    if inline:
        response["Content-Type"] = "application/pdf"
        # Only this response may be framed, and only by the admin on the same site.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Talent programmes (/talent/) -------------------------------------------

# The characters json_script escapes, so a value can never close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _json_ld(data) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


class TalentView(ListView):
    """Every talent programme with its figures and honourees, on one page."""

    template_name = "recruitment/talent.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return TalentProgramme.objects.with_honourees()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = _json_ld(self.structured_data(context["programmes"]))
        return context

    def structured_data(self, programmes) -> dict:
        """schema.org Person entries: each honouree, the honour and where they work."""

        # Absolute URLs on the canonical host, like the page's <link rel="canonical">.
        def build(path):
            return settings.SITE_URL + path

        people = []
        for programme in programmes:
            for honouree in programme.honourees.all():
                person = {
                    "@type": "Person",
                    "@id": build(honouree.get_absolute_url()),
                    "name": honouree.name,
                    "award": f"{programme.name} ({honouree.year})",
                }
                if honouree.title:
                    person["jobTitle"] = honouree.title
                if honouree.organization:
                    person["worksFor"] = {
                        "@type": "Organization",
                        "name": honouree.organization.name,
                        "url": build(honouree.organization.get_absolute_url()),
                    }
                people.append(person)
        return {"@context": "https://schema.org", "@graph": people}
