"""The application form: one set of fields and messages for the HTML form and the API."""

import copy
import re
import threading

from django import forms
from django.core.files.uploadhandler import FileUploadHandler
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import APPLICATION_EDUCATION, Job, normalize_email
from .validators import sanitize_filename, validate_resume

PHONE_ALLOWED = re.compile(r"^\+?[0-9 ()\-]{6,30}$")
SOURCE_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,50}$")


def normalize_phone(value: str) -> str:
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    return ("+" if value.startswith("+") else "") + digits


class NormalizedEmailField(forms.EmailField):
    """An email address in its one normal spelling (models.normalize_email), IP literals refused.

    Normalised before Django's validation, so `li＠example．com` is checked as
    the address it stands for.
    """

    default_error_messages = {
        "ip_literal": _("Use an email address with a domain name, not an IP address."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalize_email(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value.rpartition("@")[2].startswith("["):
            raise forms.ValidationError(self.error_messages["ip_literal"], code="ip_literal")


MSG_UPLOAD_INTERRUPTED = _(
    "The upload of your résumé was cut off before it finished. "
    "Please choose the file again and send the form once more."
)


class InterruptedUploadDetector(FileUploadHandler):
    """Notices a file part that the request's body ends in the middle of.

    Django's multipart parser drops such a file without a word, so a cut-off
    upload would look like an application without a résumé. Install it with
    `watch_for_interrupted_upload` before the body is read.
    """

    interrupted = False

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # for the handlers after this one

    def file_complete(self, file_size):
        return None  # the next handlers build the file

    def upload_interrupted(self):
        self.interrupted = True


def watch_for_interrupted_upload(request) -> InterruptedUploadDetector:
    detector = InterruptedUploadDetector(request)
    request.upload_handlers.insert(0, detector)
    return detector


class ApplicationForm(forms.Form):
    """Validates an application for one campaign; `cleaned_data` feeds `application_submit`.

    `upload_interrupted` (from InterruptedUploadDetector) refuses a body that
    ended in the middle of the résumé, whatever else it carried.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=100)
    email = NormalizedEmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    job = forms.ModelChoiceField(
        label=_("Job"),
        queryset=Job.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any job in this campaign"),
        error_messages={"invalid_choice": _("This job is not part of this campaign.")},
    )
    resume = forms.FileField(
        label=_("Résumé"),
        required=False,
        help_text=_("PDF, DOC or DOCX, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.doc,.docx,application/pdf,application/msword,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    city = forms.CharField(label=_("City where you live"), max_length=100, required=False)
    education = forms.ChoiceField(
        label=_("Highest education"),
        choices=[("", "—"), *APPLICATION_EDUCATION],
        required=False,
    )
    school = forms.CharField(label=_("School or university"), max_length=200, required=False)
    major = forms.CharField(label=_("Major"), max_length=200, required=False)
    graduation_year = forms.IntegerField(
        label=_("Graduation year"), min_value=1950, required=False
    )
    years_experience = forms.IntegerField(
        label=_("Years of work experience"), min_value=0, max_value=60, required=False
    )
    cover_letter = forms.CharField(
        label=_("A few words to the employer"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source = forms.CharField(max_length=50, required=False, widget=forms.HiddenInput)
    utm_source = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    utm_medium = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I agree that the portal's operator processes my application as described above."),
        error_messages={"required": _("Please agree to the processing of your application.")},
    )
    share_consent = forms.BooleanField(
        label=_("I agree that my application is provided to the employer(s) named above."),
        error_messages={
            "required": _("Please agree that your application goes to the named employers.")
        },
    )

    def __init__(self, *args, campaign, upload_interrupted=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.resume_check = None
        self.upload_interrupted = upload_interrupted
        configure_for_campaign(self.fields, campaign)

    def clean(self):
        cleaned_data = super().clean()
        if self.upload_interrupted:
            # This message instead of "please attach your résumé": the candidate did.
            self.errors.pop("resume", None)
            self.add_error("resume", MSG_UPLOAD_INTERRUPTED)
        return cleaned_data

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        digits = re.sub(r"\D", "", value)
        if not PHONE_ALLOWED.match(value.strip()) or not 6 <= len(digits) <= 20:
            raise forms.ValidationError(
                _("Enter a phone number with digits only, e.g. 13812345678 or +86 138 1234 5678.")
            )
        return normalize_phone(value)

    def clean_source(self):
        value = self.cleaned_data["source"].strip()
        if value and not SOURCE_PATTERN.match(value):
            raise forms.ValidationError(
                _("Use letters, digits, dots, dashes or underscores for the source.")
            )
        return value.lower()

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        if not upload:
            return None
        self.resume_check = upload.resume_check = validate_resume(upload)
        return upload

    def resume_original_name(self) -> str:
        upload = self.cleaned_data.get("resume")
        return sanitize_filename(upload.name) if upload else ""


def configure_for_campaign(fields, campaign) -> None:
    """Adapt the application form's fields to `campaign`: its jobs, whether a résumé is needed."""
    fields["job"].queryset = campaign.jobs.all()
    latest_year = timezone.now().year + 6
    fields["graduation_year"].validators.append(MaxValueValidator(latest_year))
    fields["graduation_year"].widget.attrs["max"] = latest_year
    if not campaign.allow_contact_only:
        fields["resume"].required = True
        fields["resume"].error_messages["required"] = _(
            "Please attach your résumé (PDF, DOC or DOCX)."
        )
    else:
        fields["resume"].help_text = _(
            "PDF, DOC or DOCX, at most 10 MB. No file at hand? Apply now and add it later "
            "from your status page."
        )


class _SharedFields(dict):
    """Fields that a form instance uses as they are instead of deep-copying them."""

    def __deepcopy__(self, memo):
        return dict(self)


_intake_fields: dict[tuple, _SharedFields] = {}
_intake_fields_lock = threading.Lock()


class IntakeApplicationForm(ApplicationForm):
    """ApplicationForm for the intake API: the same fields, validators and messages.

    A form deep-copies all of its fields for every instance (the HTML form
    needs that: it renders them and sets per-request values). The API only
    validates, and validating reads a field without changing it, so during a
    burst the fields configured for a campaign are built once and shared by
    the requests, read-only. They are rebuilt when the campaign is saved
    (its `updated_at` changes) and each new year (the graduation year's bound).
    """

    def __init__(self, *args, campaign, upload_interrupted=False, **kwargs):
        # BaseForm.__init__ deep-copies `base_fields`; this instance's copy is shallow.
        self.base_fields = self._fields_for(campaign)
        forms.Form.__init__(self, *args, **kwargs)
        self.campaign = campaign
        self.resume_check = None
        self.upload_interrupted = upload_interrupted

    @classmethod
    def _fields_for(cls, campaign) -> _SharedFields:
        year = timezone.now().year
        key = (cls, campaign.pk, campaign.updated_at, campaign.allow_contact_only, year)
        fields = _intake_fields.get(key)
        if fields is None:
            fields = _SharedFields(copy.deepcopy(cls.base_fields))
            configure_for_campaign(fields, campaign)
            with _intake_fields_lock:
                if len(_intake_fields) > 64:
                    _intake_fields.clear()
                _intake_fields[key] = fields
        return fields


class PublicApplicationForm(ApplicationForm):
    """The HTML form: a honeypot for bots and a one-time token against double submission."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    notice = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.fields["notice"].initial = notice.fingerprint

    def clean(self):
        cleaned_data = super().clean()
        shown = cleaned_data.get("notice")
        if shown and shown != self.notice.fingerprint:
            # The consent must be to the text that was shown: ask again.
            self.data = self.data.copy()
            self.data["notice"] = self.notice.fingerprint
            for name in ("consent", "share_consent"):
                self.data.pop(name, None)
            self.add_error(
                None,
                _(
                    "The privacy notice has changed since you opened this page. "
                    "Please read it again and tick the boxes once more."
                ),
            )
        return cleaned_data

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Your application could not be accepted."))
        return ""


class ResumeUploadForm(forms.Form):
    """Adding or replacing the résumé later, from the status page."""

    resume = forms.FileField(
        label=_("Résumé"),
        help_text=_("PDF, DOC or DOCX, at most 10 MB."),
        error_messages={"required": _("Please attach your résumé (PDF, DOC or DOCX).")},
    )

    def clean_resume(self):
        upload = self.cleaned_data["resume"]
        self.resume_check = upload.resume_check = validate_resume(upload)
        return upload
