from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from core.forms import DateInput, Form, ModelForm

from .models import ReportSettings
from .selectors import LONGEST_PERIOD


def last_quarter(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last whole calendar quarter before today's (1 July to 30 September, say)."""
    today = today or timezone.localdate()
    this_quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter - datetime.timedelta(days=1)
    return datetime.date(end.year, end.month - 2, 1), end


class PeriodForm(Form):
    """A period (both days included), a programme and optionally one coach."""

    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput(), help_text="Both days are included; up to three years.")
    programme = forms.ModelChoiceField(queryset=None, label="Programme", empty_label="All programmes", required=False)
    coach = forms.ModelChoiceField(queryset=None, label="Coach", empty_label="All coaches", required=False)

    def __init__(self, *args, programmes, coaches, programme_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["coach"].queryset = coaches
        self.fields["coach"].label_from_instance = lambda coach: f"{coach.first_name} {coach.last_name}"
        if programme_required:
            self.fields["programme"].required = True
            self.fields["programme"].empty_label = None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end of the period must be on or after its start.")
            elif end - start > LONGEST_PERIOD:
                self.add_error("end", "Choose a period of three years or less.")
        return data


def period_form(data, *, programmes, coaches, programme_required: bool = False) -> PeriodForm:
    start, end = last_quarter()
    initial = {"start": start, "end": end}
    if data is not None and not any(data.get(k) for k in ("start", "end", "programme", "coach")):
        data = None
    return PeriodForm(
        data, programmes=programmes, coaches=coaches, programme_required=programme_required, initial=initial
    )


class SettingsForm(ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["threshold"]

    def _post_clean(self):
        pass
