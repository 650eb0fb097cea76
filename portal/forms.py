import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import ContactMessage, UpdateRequest

MAX_LINKS = 3
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard and screen
    readers) but form-filling robots fill in; a filled one marks the post as spam."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage"), "").strip())


def _check_links(text: str) -> str:
    if len(_LINK.findall(text)) > MAX_LINKS:
        raise forms.ValidationError(
            _("Please include at most %(count)d links."),
            code="too_many_links",
            params={"count": MAX_LINKS},
        )
    return text


class ContactMessageForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"email": _("We use it only to answer you.")}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(
                _("Please write a little more (at least 10 characters)."), code="too_short"
            )
        return _check_links(message)


class UpdateRequestForm(HoneypotMixin, forms.ModelForm):
    source_url = forms.URLField(
        label=_("Supporting link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("A page that confirms the change, such as the official website."),
    )

    class Meta:
        model = UpdateRequest
        fields = ["name", "email", "role", "changes", "source_url"]
        widgets = {"changes": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "changes": _("What is wrong or missing on this profile, and what it should say."),
            "email": _("We use it only to ask about your request."),
        }

    def clean_changes(self):
        changes = self.cleaned_data["changes"].strip()
        if len(changes) < 10:
            raise forms.ValidationError(
                _("Please describe the change (at least 10 characters)."), code="too_short"
            )
        return _check_links(changes)
