from __future__ import annotations

from django import forms

from core.forms import DateInput, ModelForm

from .models import LifeOutcome


class LifeOutcomeForm(ModelForm):
    class Meta:
        model = LifeOutcome
        fields = ["kind", "happened_on", "job_title", "hours_a_week", "amount", "note"]
        widgets = {"kind": forms.RadioSelect, "happened_on": DateInput()}
        help_texts = {
            "job_title": "If they started work.",
            "hours_a_week": "If they started work.",
            "amount": "If debt was repaid or reduced: how much, in pounds.",
        }
