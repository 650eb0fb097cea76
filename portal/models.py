"""The zone directory: industries, parks, organisations, milestones, programmes, talent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.images import ResponsiveImageField
from portal.validators import validate_uscc


class Industry(models.Model):
    class Scheme(models.TextChoices):
        GBT4754_SECTION = "gbt4754-section", _("GB/T 4754-2017 section")
        GBT4754_DIVISION = "gbt4754-division", _("GB/T 4754-2017 division")
        ZONE_CHAIN = "zone-chain", _("Liangjiang key industry chain")

    scheme = models.CharField(_("scheme"), max_length=20, choices=Scheme.choices)
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_(
            "GB/T 4754-2017 code (a section letter or a two-digit division), or a short "
            "code for a zone industry chain."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="industry_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}" if self.scheme != self.Scheme.ZONE_CHAIN else self.name

    def get_absolute_url(self):
        # An industry's public page is the directory filtered by it.
        return reverse("portal:organization-list") + f"?industry={self.slug}"


class Park(models.Model):
    class Kind(models.TextChoices):
        INNOVATION_PLATFORM = "platform", _("Innovation platform")
        INDUSTRIAL_PARK = "park", _("Industrial park")
        ZONE = "zone", _("Zone")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude (WGS-84)"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude (WGS-84)"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("focus industries"), blank=True, related_name="parks"
    )
    hero_image = ResponsiveImageField(
        _("hero image"),
        upload_to="parks/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_caption = models.CharField(_("hero image caption"), max_length=300, blank=True)
    hero_image_credit = models.CharField(_("hero image credit"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("park or platform")
        verbose_name_plural = _("parks and platforms")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__isnull=False) & models.Q(longitude__isnull=False)),
                name="park_coordinates_both_or_neither",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:park-detail", kwargs={"slug": self.slug})


class KeyFigure(models.Model):
    """A dated, sourced fact about a park: "more than 20 research institutes"."""

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="key_figures"
    )
    label = models.CharField(_("label"), max_length=200, help_text=_("e.g. research institutes"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)
    qualifier = models.CharField(
        _("qualifier"),
        max_length=20,
        blank=True,
        choices=[("", _("exactly")), ("more-than", _("more than")), ("about", _("about"))],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. RMB, %"))
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source URL"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["park", "position", "id"]

    def __str__(self):
        return f"{self.value} {self.label}"


class OrganizationQuerySet(models.QuerySet):
    def search(self, text: str):
        """Organisations whose name, short name (in either language) or alias contains `text`."""
        text = (text or "").strip()
        if not text:
            return self
        # Every language's names: a reader may type the Chinese name on an English page.
        return self.filter(
            models.Q(name_en__icontains=text)
            | models.Q(name_zh_hans__icontains=text)
            | models.Q(short_name_en__icontains=text)
            | models.Q(short_name_zh_hans__icontains=text)
            | models.Q(aliases__icontains=text)
        )

    def for_listing(self):
        return self.select_related("park").prefetch_related("industries")


class Organization(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        RESEARCH_INSTITUTE = "research-institute", _("Research institute")
        UNIVERSITY = "university", _("University")
        FUND = "fund", _("Fund")
        PUBLIC_SERVICE = "public-service", _("Public service centre")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names, one per line (Chinese names, former names, abbreviations)."),
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), blank=True, related_name="organizations"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
    website = models.URLField(_("website"), blank=True)
    logo = ResponsiveImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_(
            "Optional 18-character code (GB 32100-2015); its check character is verified."
        ),
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    verified_source = models.CharField(_("verified against"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="organization_unique_credit_code",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:organization-detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def schema_type(self) -> str:
        """The schema.org type for this kind of organisation."""
        return {
            self.Kind.ENTERPRISE: "Corporation",
            self.Kind.RESEARCH_INSTITUTE: "ResearchOrganization",
            self.Kind.UNIVERSITY: "CollegeOrUniversity",
            self.Kind.PUBLIC_SERVICE: "GovernmentOrganization",
        }.get(self.kind, "Organization")


class Milestone(models.Model):
    class Kind(models.TextChoices):
        CONTRACT_SIGNED = "contract-signed", _("Contract signed")
        INAUGURATED = "inaugurated", _("Inaugurated")
        SETTLED = "settled", _("Settled")
        APPROVED_FOR_SALE = "approved-for-sale", _("Approved for sale")
        LAUNCHED = "launched", _("Launched")
        OTHER = "other", _("Other")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    date = models.DateField(_("date"), db_index=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            'How much of the date the source gives: "September 2019" is stored as '
            "2019-09-01 with precision month."
        ),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-date", "id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class SupportProgramme(models.Model):
    class Kind(models.TextChoices):
        FUND = "fund", _("Fund")
        LOAN = "loan", _("Credit or loan product")
        POLICY = "policy", _("Talent or enterprise policy")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Total size of a fund, or the total lent so far, in the currency below."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    beneficiaries = models.PositiveIntegerField(
        _("beneficiaries"),
        null=True,
        blank=True,
        help_text=_("Enterprises supported so far, where known."),
    )
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    launched = models.DateField(_("launched"), null=True, blank=True)
    manager = models.ForeignKey(
        Organization,
        verbose_name=_("managed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:programme-list") + f"#{self.slug}"


class ContactMessage(models.Model):
    """A "Leaving a message" note from the public, read by staff in the admin."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        HANDLED = "handled", _("Handled")

    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class UpdateRequest(models.Model):
    """A proposed correction to an organisation's profile, moderated by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="update_requests",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("The sender's role at the organisation."),
    )
    changes = models.TextField(_("requested changes"), max_length=5000)
    source_url = models.URLField(_("supporting link"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    staff_note = models.TextField(
        _("staff note"), blank=True, help_text=_("Internal; never shown to the sender.")
    )

    class Meta:
        verbose_name = _("update request")
        verbose_name_plural = _("update requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization} ({self.get_status_display()})"


# --- Talent programmes and their honourees (/talent/) ------------------------


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
        db_table = "recruitment_talentprogramme"  # created by the recruitment app
        verbose_name = _("talent programme")
        verbose_name_plural = _("talent programmes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:talent") + f"#{self.slug}"


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
        db_table = "recruitment_honouree"  # created by the recruitment app
        verbose_name = _("honouree")
        verbose_name_plural = _("honourees")
        ordering = ["-year", "name"]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("portal:talent") + f"#honouree-{self.pk}"
