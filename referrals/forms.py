from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from core.forms import ModelForm, VersionedModelForm, not_in_future

from .models import Referral, Service


class ServiceForm(VersionedModelForm):
    website = forms.URLField(
        required=False, assume_scheme="https", max_length=200, help_text="For example https://www.example.org"
    )

    class Meta:
        model = Service
        fields = ["name", "kind", "description", "area", "phone", "email", "website", "how_to_refer", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "how_to_refer": forms.Textarea(attrs={"rows": 3})}


class ReferralForm(ModelForm):
    # Declared so the (scoped) directory is only queried inside a request's organisation scope.
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label="Service")

    class Meta:
        model = Referral
        fields = ["service", "kind", "reason", "made_on"]
        widgets = {"kind": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Referral.Kind.choices  # no empty "-----" radio
        self.fields["service"].queryset = Service.objects.filter(active=True)
        self.fields["service"].empty_label = "Choose a service"
        self.fields["service"].help_text = "From your organisation's directory of other services."
        self.fields["made_on"].initial = timezone.localdate
        self.fields["made_on"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def changed_values(self) -> dict:
        return dict(self.cleaned_data)

    def clean_made_on(self) -> datetime.date:
        made_on = self.cleaned_data["made_on"]
        not_in_future(made_on, "The date")
        return made_on


class OutcomeForm(VersionedModelForm):
    class Meta:
        model = Referral
        fields = ["outcome", "outcome_on", "outcome_notes"]
        widgets = {"outcome": forms.RadioSelect, "outcome_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_on"].help_text = "When you heard. Leave empty while still waiting."

    def clean_outcome_on(self) -> datetime.date | None:
        outcome_on = self.cleaned_data.get("outcome_on")
        not_in_future(outcome_on, "The date")
        return outcome_on

    def clean(self) -> dict:
        data = super().clean()
        outcome, outcome_on = data.get("outcome"), data.get("outcome_on")
        if outcome == Referral.Outcome.OPEN:
            data["outcome_on"] = None
        elif outcome and not outcome_on and "outcome_on" not in self.errors:
            self.add_error("outcome_on", "Give the date you heard what happened.")
        elif outcome_on and outcome_on < self.instance.made_on:
            self.add_error(
                "outcome_on",
                f"The outcome cannot be before the referral was made ({self.instance.made_on:%-d %b %Y}).",
            )
        return data
