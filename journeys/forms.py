from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateInput
from organisations.models import Programme
from people.models import Coach


class PairForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none())
    coach = forms.ModelChoiceField(queryset=Coach.objects.none(), label="Peer coach")
    started_on = forms.DateField(label="Start date", widget=DateInput())
    planned_months = forms.IntegerField(label="Planned length (months)", min_value=1, max_value=120)

    def __init__(self, *args, coaches, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label_from_instance = lambda c: (
            f"{c} ({c.open_count} client{'s' if c.open_count != 1 else ''})"
        )
        self.fields["started_on"].initial = timezone.localdate()

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        if (value - timezone.localdate()).days > 365:
            self.add_error("started_on", "Choose a start date within the next year.")
        return value
