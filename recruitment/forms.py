from __future__ import annotations

from django import forms

from core.forms import VersionedModelForm, not_in_future

from .models import Check


class CheckForm(VersionedModelForm):
    certificate_number = forms.CharField(
        label="Certificate number",
        max_length=40,
        required=False,
        help_text="Stored encrypted. Leave empty to keep the number already recorded.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Check
        fields = ["kind", "level", "referee", "requested_on", "cleared_on", "renewal_due_on", "notes"]
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"level": "For DBS checks.", "referee": "For references."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Never put the stored number back into the page.
        self.initial.pop("certificate_number", None)

    def clean_requested_on(self):
        value = self.cleaned_data["requested_on"]
        not_in_future(value, "The date requested")
        return value

    def clean_cleared_on(self):
        value = self.cleaned_data.get("cleared_on")
        not_in_future(value, "The date cleared")
        return value

    def clean_certificate_number(self):
        value = self.cleaned_data.get("certificate_number", "").strip().replace(" ", "")
        if value and not value.isalnum():
            raise forms.ValidationError("Use only the letters and numbers on the certificate.")
        return value

    def changed_values(self) -> dict:
        values = super().changed_values()
        if self.cleaned_data.get("certificate_number"):
            values["certificate_number"] = self.cleaned_data["certificate_number"]
        return values
