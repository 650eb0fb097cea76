"""Candidates and their applications, and the consent notices they agree to."""

import re
import secrets
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .backoffice import staff_scope
from .jobs import APPLICATION_EDUCATION, Campaign, Job
from .search import PHONE_PATTERN, normalize_email, typed_reference

RETENTION_DAYS = getattr(settings, "APPLICATION_RETENTION_DAYS", 180)
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"LJ-{chars[:4]}-{chars[4:]}"


def new_status_token() -> str:
    return secrets.token_urlsafe(32)


def private_storage():
    return storages["private"]


def resume_upload_to(instance, filename):
    # The stored name is generated: nothing the candidate typed reaches the file system.
    ext = PurePosixPath(filename).suffix.lower()
    today = timezone.now()
    return f"resumes/{today:%Y/%m}/{uuid.uuid4().hex}{ext}"


class ConsentNotice(models.Model):
    """A version of the privacy notice shown beside the two consent boxes.

    Applications record the version and a SHA-256 of the exact text shown, so
    what a candidate agreed to can be proven after the notice changes.
    """

    version = models.CharField(_("version"), max_length=40, unique=True)
    processing_text = models.TextField(
        _("processing notice"),
        help_text=_(
            "Purpose, data, retention period and the candidate's rights. "
            "{campaign} and {retention_days} are filled in."
        ),
    )
    share_text = models.TextField(
        _("sharing notice"),
        help_text=_("What goes to the employers. {employers} is filled in with their names."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent notice")
        verbose_name_plural = _("consent notices")
        ordering = ["-created_at"]

    def __str__(self):
        return self.version

    @cached_property
    def is_cited(self) -> bool:
        """Whether a campaign names this notice or an application records agreeing to it.

        A cited notice must never change or go: what candidates agreed to is proven
        by its version and text. A new text is a new version (a new row).
        """
        agreed = models.Q(consent_version=self.version) | models.Q(
            share_consent_version=self.version
        )
        return self.campaigns.exists() or Application.objects.filter(agreed).exists()


class Candidate(models.Model):
    """One person, recognised by the normalised email address (phone as a second key)."""

    email = models.EmailField(_("email"), max_length=254, unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.full_name or f"#{self.pk}"


SHARED_WITH_EMPLOYER = models.Q(share_consent_at__isnull=False, erased_at__isnull=True)


class ApplicationQuerySet(models.QuerySet):
    def search(self, term: str):
        """The back office's search box: a reference, an email or a phone number
        exactly (indexed, instant), anything else in the name or the résumé's text."""
        term = " ".join(term.split())[:200]
        if not term:
            return self
        reference = typed_reference(term)
        if reference is not None:
            # One probe of the unique index; the changelist then counts no further.
            return self.filter(reference=reference)
        if "@" in term:
            try:
                return self.filter(email=normalize_email(term))
            except ValueError:
                return self.none()
        if PHONE_PATTERN.fullmatch(term):
            digits = re.sub(r"\D", "", term)
            return self.filter(phone=("+" if term.startswith("+") else "") + digits)
        return self.filter(
            models.Q(full_name__icontains=term) | models.Q(extracted_text__fulltext=term)
        )

    def visible_to(self, user):
        """The applications a staff member may see: the one definition of who sees what.

        Recruiters and superusers see every application. An employer's HR sees
        the applications to its organisation's jobs whose candidate agreed to
        share them with the employer, never an erased one. Anyone else: none.
        """
        scope = staff_scope(user)
        if scope.everything:
            return self
        if scope.organization_id is None:
            return self.none()
        return self.filter(SHARED_WITH_EMPLOYER, job__organization_id=scope.organization_id)


# The back office's "best match first": applications not matched yet (-1) come last,
# on every database (an index on this expression serves it).
BEST_MATCH_FIRST = (Coalesce("match_score", -1).desc(), models.F("id").desc())


class Application(models.Model):
    class Stage(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENING = "screening", _("Screening")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="applications"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text=_("Empty once the candidate's personal data has been erased."),
    )
    job = models.ForeignKey(
        Job,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True, default=new_reference)
    status_token = models.CharField(
        _("status token"), max_length=64, unique=True, default=new_status_token, editable=False
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True
    )
    # Personal data, as given in this application (blanked on erasure).
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    education = models.CharField(
        _("education"), max_length=20, choices=APPLICATION_EDUCATION, blank=True
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    major = models.CharField(_("major"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    cover_letter = models.TextField(_("cover letter"), blank=True)
    # The language the candidate applied in ("en" or "zh-hans"): what is sent to them
    # (confirmation, stage emails) is written in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en", editable=False
    )
    # Where the candidate came from.
    source = models.CharField(_("source"), max_length=50, blank=True, db_index=True)
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    # Consent records (PIPL): the notice's version, a hash of its text, the time.
    consent_version = models.CharField(_("processing consent: notice version"), max_length=40)
    consent_sha256 = models.CharField(_("processing consent: notice hash"), max_length=64)
    consent_at = models.DateTimeField(_("processing consent given"))
    share_consent_version = models.CharField(_("sharing consent: notice version"), max_length=40)
    share_consent_sha256 = models.CharField(_("sharing consent: notice hash"), max_length=64)
    share_consent_at = models.DateTimeField(_("sharing consent given"), null=True, blank=True)
    # The newest résumé (the ones it replaced are in ResumeVersion).
    resume = models.FileField(
        _("résumé"),
        storage=private_storage,
        upload_to=resume_upload_to,
        blank=True,
        max_length=200,
    )
    resume_sha256 = models.CharField(_("résumé SHA-256"), max_length=64, blank=True)
    resume_size = models.PositiveIntegerField(_("résumé size"), null=True, blank=True)
    resume_content_type = models.CharField(_("résumé type"), max_length=100, blank=True)
    resume_original_name = models.CharField(_("résumé original name"), max_length=200, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    quarantined = models.BooleanField(
        _("quarantined"),
        default=False,
        help_text=_("The file failed a deeper check: never shown to staff, never forwarded."),
    )
    quarantine_reason = models.CharField(_("quarantine reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # The Idempotency-Key of the request that created the application: its
    # retries are answered from here. Later requests keep theirs in
    # IdempotencyRecord; a burst of new applications writes one row less each.
    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)
    # SHA-256 of that request's whole body (fields and résumé): a retry is answered
    # only when it repeats the same request, never to someone who guessed the key.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Empty until the background pass has sent the confirmation, and until it has
    # read the résumé (recruitment.tasks.process_new_applications): confirmations
    # go first, so a candidate's never waits for a queue of résumés to be read.
    confirmed_at = models.DateTimeField(
        _("confirmation sent"), null=True, blank=True, editable=False
    )
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True, editable=False)
    # Assisted screening, set when the résumé is read (recruitment/screening.py): the
    # job's (or, without one, the best job's of the campaign) score and its reasons.
    match_score = models.PositiveSmallIntegerField(
        _("match"), null=True, blank=True, editable=False
    )
    match = models.JSONField(_("match details"), null=True, blank=True, editable=False)
    meets_must_haves = models.BooleanField(
        _("meets every must-have"), null=True, blank=True, editable=False
    )
    # The candidate asked that a person, not the keyword match, review the application.
    review_requested_at = models.DateTimeField(
        _("review by a person asked for"), null=True, blank=True, editable=False
    )
    suggested_job = models.ForeignKey(
        "recruitment.Job",
        verbose_name=_("suggested job"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="suggested_for",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        # One index per back-office filter, led by the campaign where lists are
        # usually narrowed to one livestream; ordered like the changelist.
        indexes = [
            models.Index(
                fields=["campaign", "stage", "-created_at", "-id"], name="app_campaign_stage"
            ),
            models.Index(fields=["campaign", "-created_at", "-id"], name="app_campaign_created"),
            models.Index(fields=["job", "-created_at", "-id"], name="app_job_created"),
            models.Index(fields=["-created_at", "-id"], name="app_created"),
            # "Best match first", unmatched last: as the filter orders them.
            models.Index("job", *BEST_MATCH_FIRST, name="app_job_match"),
            models.Index(*BEST_MATCH_FIRST, name="app_match"),
            models.Index(fields=["stage", "-created_at", "-id"], name="app_stage_created"),
            models.Index(fields=["city"], name="app_city"),
            models.Index(fields=["education"], name="app_education"),
            models.Index(fields=["email"], name="app_email"),
            models.Index(fields=["phone"], name="app_phone"),
            models.Index(fields=["full_name"], name="app_full_name"),
            # The background pass's queues: only the applications waiting for it.
            models.Index(
                fields=["id"],
                condition=models.Q(confirmed_at__isnull=True),
                name="app_waiting_for_confirmation",
            ),
            models.Index(
                fields=["id"],
                condition=models.Q(processed_at__isnull=True),
                name="app_waiting_for_processing",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "campaign"], name="application_one_per_candidate_and_campaign"
            ),
            models.UniqueConstraint(
                fields=["campaign", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="application_idempotency_key_per_campaign",
            ),
        ]

    def __str__(self):
        return self.reference

    # No get_absolute_url(): the status page belongs to whoever holds its link, and
    # Django's admin would offer that method to staff as "view on site".

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def can_withdraw(self) -> bool:
        return self.stage not in {self.Stage.WITHDRAWN, self.Stage.HIRED, self.Stage.REJECTED}

    @property
    def stage_history(self) -> list:
        """Every stage the application has been in, oldest first.

        Arriving in "received" is the application's creation and is not stored
        as a StageChange: one row less per application during a burst.
        """
        arrival = self.stage_changes.model(
            application=self, to_stage=self.Stage.RECEIVED, changed_at=self.created_at
        )
        return [arrival, *self.stage_changes.all()]

    @property
    def needs_resume(self) -> bool:
        return not self.is_erased and (not self.resume or self.quarantined)


class ResumeVersion(models.Model):
    """An earlier résumé of an application, kept when a newer one replaced it.

    The current résumé lives on the application itself, so a new application
    writes no row here.
    """

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="resume_versions",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=resume_upload_to, max_length=200
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        verbose_name = _("résumé version")
        verbose_name_plural = _("résumé versions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.application_id} {self.created_at:%Y-%m-%d %H:%M}"


def new_update_token() -> str:
    return secrets.token_urlsafe(32)


class PendingUpdate(models.Model):
    """A repeated application for the same campaign and email, until its owner confirms it.

    Knowing someone's email must not be enough to change their application, so
    the new details and résumé wait here and the address is sent a single-use
    link; only that link applies them (services.pending_update_confirm). One per
    application: a newer repeat replaces it. Deleted, with its file, when it
    expires unconfirmed (sweep_orphaned_resumes) or the application is erased.
    """

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="pending_update",
    )
    token = models.CharField(max_length=64, unique=True, default=new_update_token, editable=False)
    # The cleaned fields of the repeated application, the job by id.
    data = models.JSONField(encoder=DjangoJSONEncoder, editable=False)
    language = models.CharField(max_length=10, blank=True, editable=False)
    resume = models.FileField(
        _("résumé"),
        storage=private_storage,
        upload_to=resume_upload_to,
        blank=True,
        max_length=200,
    )
    resume_sha256 = models.CharField(max_length=64, blank=True)
    resume_size = models.PositiveIntegerField(null=True, blank=True)
    resume_content_type = models.CharField(max_length=100, blank=True)
    resume_original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    # The emailed link is signed and valid this long; the row expires with it.
    LINK_DAYS = 7
    LINK_SALT = "recruitment.pending-update"

    class Meta:
        verbose_name = _("pending update")
        verbose_name_plural = _("pending updates")

    def __str__(self):
        return f"{self.application_id} {self.created_at:%Y-%m-%d %H:%M}"

    def link(self) -> str:
        """The absolute, signed link that applies this update, as emailed to the candidate."""
        signed = signing.TimestampSigner(salt=self.LINK_SALT).sign(self.token)
        return settings.SITE_URL + reverse("recruitment:application-update", args=[signed])

    @classmethod
    def token_from_link(cls, signed: str) -> str | None:
        """The token a link carries, or None if it is forged or older than LINK_DAYS."""
        try:
            return signing.TimestampSigner(salt=cls.LINK_SALT).unsign(
                signed, max_age=timedelta(days=cls.LINK_DAYS)
            )
        except signing.BadSignature:  # SignatureExpired too
            return None


class IdempotencyRecord(models.Model):
    """The first answer to a request with an `Idempotency-Key`, replayed for its retries."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="idempotency_records"
    )
    key = models.CharField(_("key"), max_length=100)
    application = models.ForeignKey(
        Application, null=True, on_delete=models.CASCADE, related_name="idempotency_records"
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text=_(
            "SHA-256 of the applicant's email: a key is replayed only to the same person."
        ),
    )
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "key"], name="idempotency_key_per_campaign"
            )
        ]

    def __str__(self):
        return self.key
