"""Jobs, livestream campaigns and the one list of education levels."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.images import ResponsiveImageField
from portal.models import Organization

from .backoffice import staff_scope


class EducationLevel(models.TextChoices):
    """The one list of education levels: what a job asks for, what a candidate has."""

    HIGH_SCHOOL = "high-school", _("High school")
    VOCATIONAL = "vocational", _("Vocational college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


# A job asks for any education or for a level; a candidate has a level or another one.
ANY_EDUCATION = "any"
JOB_EDUCATION = [(ANY_EDUCATION, _("Any")), *EducationLevel.choices]
APPLICATION_EDUCATION = [*EducationLevel.choices, ("other", _("Other"))]


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
    salary_months = models.PositiveSmallIntegerField(
        _("months of pay a year"),
        null=True,
        blank=True,
        help_text=_("For a monthly salary: 13 when a thirteenth month is paid, and so on."),
    )
    education = models.CharField(
        _("education wanted"), max_length=20, choices=JOB_EDUCATION, default=ANY_EDUCATION
    )
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience wanted"), null=True, blank=True
    )
    headcount = models.PositiveIntegerField(_("openings"), null=True, blank=True)
    # What screening checks a résumé for (recruitment/screening.py).
    must_have = models.ManyToManyField(
        "recruitment.Skill",
        verbose_name=_("must-have skills"),
        blank=True,
        related_name="jobs_requiring",
        help_text=_("Skills every suitable candidate has; the score is mostly these."),
    )
    nice_to_have = models.ManyToManyField(
        "recruitment.Skill",
        verbose_name=_("nice-to-have skills"),
        blank=True,
        related_name="jobs_wanting",
    )
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
    cover = ResponsiveImageField(
        _("cover"),
        upload_to="campaigns/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        help_text=_("The campaign's poster or key visual, landscape (16:9 suits phones best)."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    platform = models.CharField(
        _("livestream platform"),
        max_length=100,
        blank=True,
        help_text=_(
            "The platform's name, e.g. Bilibili, Tencent Video, Douyin or WeChat Channels: "
            "well-known platforms are shown by the name readers use in each language. "
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
        "ConsentNotice",  # in .intake, which reads campaigns
        verbose_name=_("consent notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("Empty: the newest notice."),
    )
    peak_viewers = models.PositiveBigIntegerField(_("peak viewers"), null=True, blank=True)
    total_viewers = models.PositiveBigIntegerField(_("total viewers"), null=True, blank=True)
    counter_threshold = models.PositiveIntegerField(
        _("show the counter from"),
        default=50,
        help_text=_(
            "The page shows how many have applied only once there are at least this many."
        ),
    )
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
