"""Recruitment: talent programmes, jobs, livestream campaigns and résumé intake."""

import re
import secrets
import unicodedata
import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.models import Organization


class TalentProgrammeQuerySet(models.QuerySet):
    def with_honourees(self):
        """Programmes with their honourees and organisations in two queries."""
        return self.prefetch_related(
            models.Prefetch("honourees", queryset=Honouree.objects.select_related("organization"))
        )


class TalentProgramme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    selected_count = models.PositiveIntegerField(
        _("talents selected"),
        null=True,
        blank=True,
        help_text=_("How many people the programme has selected so far, where published."),
    )
    high_level_count = models.PositiveIntegerField(
        _("high-level talents"),
        null=True,
        blank=True,
        help_text=_("How many of them count as high-level talents, where published."),
    )
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figures and honours were published."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first on the talent page.")
    )

    objects = TalentProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent programme")
        verbose_name_plural = _("talent programmes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("recruitment:talent") + f"#{self.slug}"


class Honouree(models.Model):
    programme = models.ForeignKey(
        TalentProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="honourees",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title or role"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honourees",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year the honour is for, e.g. 2019.")
    )
    announced_on = models.DateField(
        _("announced on"),
        null=True,
        blank=True,
        help_text=_("When the honour was announced, which may be in the following year."),
    )
    citation = models.TextField(_("citation"), blank=True)

    class Meta:
        verbose_name = _("honouree")
        verbose_name_plural = _("honourees")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("recruitment:talent") + f"#honouree-{self.pk}"


# --- Jobs and livestream campaigns -------------------------------------------


class JobQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Job.Status.OPEN)

    def visible_to(self, user):
        """The jobs a staff member may see (see `staff_scope`)."""
        scope = staff_scope(user)
        if scope.everything:
            return self
        if scope.organization_id is None:
            return self.none()
        return self.filter(organization_id=scope.organization_id)

    def with_organization(self):
        return self.select_related("organization")


class Job(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class SalaryPeriod(models.TextChoices):
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")
        HOUR = "hour", _("per hour")

    class Education(models.TextChoices):
        ANY = "any", _("Any")
        HIGH_SCHOOL = "high-school", _("High school")
        VOCATIONAL = "vocational", _("Vocational college")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="jobs",
        help_text=_("The employer, from the directory."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    city = models.CharField(_("city"), max_length=100, default="Chongqing")
    salary_min = models.PositiveIntegerField(_("salary from"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to"), null=True, blank=True)
    salary_currency = models.CharField(_("currency"), max_length=3, default="CNY")
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=SalaryPeriod.choices, default=SalaryPeriod.MONTH
    )
    education = models.CharField(
        _("education wanted"), max_length=20, choices=Education.choices, default=Education.ANY
    )
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience wanted"), null=True, blank=True
    )
    headcount = models.PositiveIntegerField(_("openings"), null=True, blank=True)
    industry = models.ForeignKey(
        "portal.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recruitment:job-detail", args=[self.slug])


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


class CampaignQuerySet(models.QuerySet):
    def live_or_next(self, now=None):
        """The campaign open for applications now, else the next one to open (or None)."""
        now = now or timezone.now()
        return self.filter(closes_at__gt=now).order_by("opens_at", "pk").first()

    def accepting(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def visible_to(self, user):
        """Campaigns with at least one job of the staff member's organisation (or all)."""
        scope = staff_scope(user)
        if scope.everything:
            return self
        if scope.organization_id is None:
            return self.none()
        return self.filter(
            pk__in=Campaign.jobs.through.objects.filter(
                job__organization_id=scope.organization_id
            ).values("campaign_id")
        )


class Campaign(models.Model):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    platform = models.CharField(
        _("livestream platform"),
        max_length=100,
        blank=True,
        help_text=_(
            "Bilibili, YouTube, Vimeo, Tencent Video or Youku: their player is embedded "
            "when the livestream URL is an https address of that platform's player."
        ),
    )
    stream_url = models.URLField(
        _("livestream URL"),
        blank=True,
        help_text=_(
            "The player's address for an embeddable platform; an https .m3u8 address plays "
            "in the page; any other address is shown as a link."
        ),
    )
    replay_url = models.URLField(
        _("replay URL"),
        blank=True,
        help_text=_("Where the recording can be watched once the stream has ended."),
    )
    programme = models.TextField(
        _("running order"),
        blank=True,
        help_text=_(
            "The running order shown before and during the stream, one item a line, "
            "e.g. “19:00 Opening by the host”."
        ),
    )
    stream_starts_at = models.DateTimeField(_("stream starts"), null=True, blank=True)
    stream_ends_at = models.DateTimeField(_("stream ends"), null=True, blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    jobs = models.ManyToManyField(
        Job, verbose_name=_("jobs"), blank=True, related_name="campaigns"
    )
    now_presenting = models.ForeignKey(
        Job,
        verbose_name=_("now presenting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The job being presented on the stream right now (shown on the live page)."),
    )
    allow_contact_only = models.BooleanField(
        _("allow contact-only applications"),
        default=False,
        help_text=_("Viewers without a résumé at hand may apply and add the file later."),
    )
    consent_notice = models.ForeignKey(
        ConsentNotice,
        verbose_name=_("consent notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("Empty: the newest notice."),
    )
    peak_viewers = models.PositiveBigIntegerField(_("peak viewers"), null=True, blank=True)
    total_viewers = models.PositiveBigIntegerField(_("total viewers"), null=True, blank=True)
    recorded_applications = models.PositiveIntegerField(
        _("applications recorded elsewhere"),
        null=True,
        blank=True,
        help_text=_("For historic campaigns whose résumés were not received here."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recruitment:campaign-detail", args=[self.slug])

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return self.Status.UPCOMING
        if now < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def is_accepting(self, now=None) -> bool:
        return self.status_at(now) == self.Status.OPEN

    def stream_state_at(self, now=None) -> str:
        """`upcoming`, `live` or `ended` for the livestream (the application window if unset)."""
        now = now or timezone.now()
        starts = self.stream_starts_at or self.opens_at
        ends = self.stream_ends_at or self.closes_at
        if now < starts:
            return "upcoming"
        if now < ends:
            return "live"
        return "ended"

    def employer_names(self) -> list[str]:
        return sorted(
            set(Organization.objects.filter(jobs__campaigns=self).values_list("name", flat=True))
        )


# --- Candidates and applications ----------------------------------------------

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


# What people type for a reference: any case, with or without the dashes (or spaces).
TYPED_REFERENCE_PATTERN = re.compile(r"LJ[\s-]*([A-Z0-9]{4})[\s-]*([A-Z0-9]{4})")


def typed_reference(term: str) -> str | None:
    """`lj-ab12-cd34`, `LJAB12CD34`, `LJ AB12 CD34` → "LJ-AB12-CD34"; anything else None."""
    match = TYPED_REFERENCE_PATTERN.fullmatch(term.strip().upper())
    return f"LJ-{match[1]}-{match[2]}" if match else None


PHONE_PATTERN = re.compile(r"\+?[\d\s()-]{5,}")


def normalize_email(value: str) -> str:
    """One spelling per address, so that a duplicate is recognised however it is typed.

    NFKC folds full-width and compatibility characters (`ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ`),
    invisible format characters (zero-width spaces and joiners, soft hyphens,
    direction marks) are removed, the whole address is lower-cased and the
    domain is written in its IDNA (punycode) form, so that `例子.中国` and
    `xn--fsqu00a.xn--fiqs8s` are one domain. Raises ValueError for a domain
    that IDNA cannot encode.
    """
    value = unicodedata.normalize("NFKC", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf").strip().lower()
    local, at, domain = value.rpartition("@")
    if not at or not domain or domain.startswith("["):
        return value
    try:
        domain = ".".join(
            label.encode("idna").decode("ascii") if label else label for label in domain.split(".")
        )
    except UnicodeError:
        raise ValueError(f"not an IDNA domain: {domain!r}") from None
    return f"{local}@{domain}"


@models.TextField.register_lookup
class FullTextLookup(models.Lookup):
    """`extracted_text__fulltext="welding robot"`: all words, anywhere in the text.

    On PostgreSQL a full-text match served by the GIN index of migration 0005
    (the expression here must stay identical to the index's); elsewhere LIKE.
    """

    lookup_name = "fulltext"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            sql = (
                f"to_tsvector('simple'::regconfig, {lhs}) "
                f"@@ plainto_tsquery('simple'::regconfig, {rhs})"
            )
            return sql, (*lhs_params, *rhs_params)
        escaped = str(rhs_params[0]).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s ESCAPE '\\'", (*lhs_params, f"%{escaped}%")


# Which applications an employer may see of those to its jobs (see visible_to).
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

    class Education(models.TextChoices):
        HIGH_SCHOOL = "high-school", _("High school")
        VOCATIONAL = "vocational", _("Vocational college")
        BACHELOR = "bachelor", _("Bachelor's degree")
        MASTER = "master", _("Master's degree")
        DOCTORATE = "doctorate", _("Doctorate")
        OTHER = "other", _("Other")

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
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    major = models.CharField(_("major"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    cover_letter = models.TextField(_("cover letter"), blank=True)
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
    # Empty until a background pass has extracted the résumé's text and sent
    # the confirmation (recruitment.tasks.process_new_applications).
    processed_at = models.DateTimeField(
        _("confirmation sent"), null=True, blank=True, editable=False
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
            models.Index(fields=["stage", "-created_at", "-id"], name="app_stage_created"),
            models.Index(fields=["city"], name="app_city"),
            models.Index(fields=["education"], name="app_education"),
            models.Index(fields=["email"], name="app_email"),
            models.Index(fields=["phone"], name="app_phone"),
            models.Index(fields=["full_name"], name="app_full_name"),
            # The background pass's queue: only the applications waiting for it.
            models.Index(
                fields=["id"],
                condition=models.Q(processed_at__isnull=True),
                name="app_waiting_for_processing",
            ),
            # The dashboard's check that nothing was erased since its rollup.
            models.Index(
                fields=["campaign", "erased_at"],
                condition=models.Q(erased_at__isnull=False),
                name="app_campaign_erased",
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
    def stage_history(self) -> list["StageChange"]:
        """Every stage the application has been in, oldest first.

        Arriving in "received" is the application's creation and is not stored
        as a StageChange: one row less per application during a burst.
        """
        arrival = StageChange(
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
    link; only that link applies them (services.pending_update_apply). One per
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


class StageChange(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(
        _("from"), max_length=20, choices=Application.Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=20, choices=Application.Stage.choices)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the candidate or the system made the change."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            # The dashboard's time to first review: every application leaves
            # "received" at most once, and most stage changes are other moves.
            models.Index(
                fields=["application"],
                include=["changed_at"],
                condition=models.Q(from_stage="received"),
                name="stagechange_first_review",
            ),
        ]

    def __str__(self):
        return f"{self.from_stage or '-'} → {self.to_stage}"


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


# --- Back office: who sees what, audit, reviews, interviews, emails -----------


class StaffScope:
    """What part of the recruitment data a staff member may see."""

    __slots__ = ("everything", "organization_id")

    def __init__(self, *, everything=False, organization_id=None):
        self.everything = everything
        self.organization_id = organization_id


def staff_scope(user) -> StaffScope:
    """Superusers and Recruiters see everything; Employer HR its organisation; others nothing.

    A user linked to an organisation is scoped to it even if also a recruiter:
    the narrower grant wins. Computed once per user object (one query).
    """
    cached = getattr(user, "_recruitment_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        scope = StaffScope()
    else:
        from portal.roles import RECRUITERS

        profile = EmployerProfile.objects.filter(user_id=user.pk).values("organization_id").first()
        if profile is not None:
            scope = StaffScope(organization_id=profile["organization_id"])
        elif user.is_superuser or user.groups.filter(name=RECRUITERS).exists():
            scope = StaffScope(everything=True)
        else:
            scope = StaffScope()
    user._recruitment_scope = scope
    return scope


class DashboardRollup(models.Model):
    """The campaign dashboard's counts of the applications received before `until`.

    Kept per employer and sharing (DashboardCount) so a dashboard sums a few
    thousand rows instead of reading every application of a campaign; the
    applications received since `until` are counted live, and so are stages,
    which move. Rebuilt by a task (recruitment.dashboard.rebuild_rollup); not
    used once something it counted has changed: an application erased after
    `erased_until`, or a job moved to another employer or deleted (`employers`).
    A rollup never changes once written: a rebuild writes a new one and deletes
    all but the previous, which a dashboard may still be reading.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="dashboard_rollups"
    )
    until = models.DateTimeField()
    chart_from = models.DateTimeField(help_text="Start of the per-minute chart it counted.")
    erased_until = models.DateTimeField(null=True, blank=True)
    employers = models.JSONField(default=dict, help_text="{job id: organisation id} as counted.")
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dashboard rollup")
        verbose_name_plural = _("dashboard rollups")

    def __str__(self):
        return f"{self.campaign_id} until {self.until:%Y-%m-%d %H:%M}"


class DashboardCount(models.Model):
    """How many of a rollup's applications, to one employer's jobs, have one value."""

    rollup = models.ForeignKey(DashboardRollup, on_delete=models.CASCADE, related_name="counts")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    shared = models.BooleanField(help_text="Shared with the employer (SHARED_WITH_EMPLOYER).")
    dimension = models.CharField(max_length=10)  # job, source, city, education or minute
    value = models.CharField(max_length=200, blank=True)
    minute = models.DateTimeField(null=True, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("dashboard count")
        verbose_name_plural = _("dashboard counts")
        indexes = [
            models.Index(fields=["rollup", "organization", "shared"], name="dashboard_count_scope")
        ]

    def __str__(self):
        return f"{self.dimension}={self.value or self.minute}: {self.count}"


class EmployerProfile(models.Model):
    """Links an Employer HR account to the one organisation whose applications it sees."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="employer_profile",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="employer_profiles",
    )

    class Meta:
        verbose_name = _("employer HR profile")
        verbose_name_plural = _("employer HR profiles")

    def __str__(self):
        return f"{self.user} → {self.organization}"


class AuditLog(models.Model):
    """Who looked at or changed personal data, when and from where. Append-only."""

    class Action(models.TextChoices):
        VIEW_APPLICATION = "view-application", _("viewed an application")
        VIEW_RESUME = "view-resume", _("viewed a résumé")
        DOWNLOAD_RESUME = "download-resume", _("downloaded a résumé")
        EXPORT = "export", _("exported applications")
        STAGE_CHANGE = "stage-change", _("changed a stage")
        PURGE = "purge", _("purged expired applications")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    application = models.ForeignKey(
        "Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["application", "-at"], name="audit_application")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"


class Review(models.Model):
    """One reviewer's rating and notes on one application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="application_reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, help_text=_("1 (weak) to 5 (excellent).")
    )
    note = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.rating or '—'}"


class Interview(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("video link"), blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewers"),
        blank=True,
        related_name="interviews",
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(link=""),
                name="interview_has_place_or_link",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.place, self.link) if part)


class EmailTemplate(models.Model):
    """The email a candidate receives when the application reaches a stage."""

    class Language(models.TextChoices):
        EN = "en", _("English")
        ZH_HANS = "zh-hans", _("Simplified Chinese")

    stage = models.CharField(_("stage"), max_length=20, choices=Application.Stage.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.EN
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. Placeholders: {name}, {reference}, {campaign}, {job}, {stage}, "
            "{status_url}."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ["stage", "language"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "language"], name="email_template_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.language})"
