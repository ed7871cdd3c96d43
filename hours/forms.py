from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms

from core.forms import DateInput, Form, ModelForm

from .models import QUARTER, Absence, HoursSettings, TimesheetLine

# Quarter hours from 15 minutes to 12 hours: a drop-down nobody can get wrong on a phone.
DURATIONS = [("", "Choose how long")] + [
    (m, f"{m // 60} h {m % 60:02d} min" if m >= 60 else f"{m} min") for m in range(QUARTER, 12 * 60 + 1, QUARTER)
]


class LineForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="What kind of work",
        choices=[(k, label) for k, label in TimesheetLine.Kind.choices if k in TimesheetLine.BY_HAND],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of work it was."},
    )
    day = forms.DateField(label="Which day", widget=DateInput(), error_messages={"required": "Choose the day."})
    minutes = forms.TypedChoiceField(
        label="How long",
        choices=DURATIONS,
        coerce=int,
        error_messages={"required": "Choose how long it took, in quarter hours."},
    )
    note = forms.CharField(label="What it was", max_length=200, required=False)

    def __init__(self, *args, week: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].help_text = f"A day in the week starting {week:%-d %B}."


# Travel to and from a meeting: up to four hours, in quarter hours.
TRAVEL_MINUTES = list(range(0, 4 * 60 + 1, QUARTER))


class TravelForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.TypedChoiceField(
        label="Travel time", choices=[(m, m) for m in TRAVEL_MINUTES], coerce=int, required=False, empty_value=0
    )


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="What needs looking at",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs looking at, so the coach knows what to change."},
    )


class AgreementForm(Form):
    weekly_hours = forms.DecimalField(
        label="Agreed hours a week",
        min_value=Decimal("0"),
        max_value=Decimal("60"),
        decimal_places=2,
        max_digits=4,
        error_messages={"required": "Enter the hours agreed each week."},
    )
    starts_on = forms.DateField(
        label="From the week of", widget=DateInput(), help_text="It applies from the Monday of that week."
    )
    note = forms.CharField(label="What was agreed, in a line", max_length=300, required=False)

    def clean_starts_on(self):
        value = self.cleaned_data["starts_on"]
        if abs((value - datetime.date.today()).days) > 2 * 366:
            raise forms.ValidationError("Choose a date within two years of today.")
        return value


class PayrollForm(Form):
    starts_on = forms.DateField(label="First day of the pay period", widget=DateInput())
    ends_on = forms.DateField(label="Last day of the pay period", widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last day must be on or after the first day.")
        return data


class AbsenceForm(ModelForm):
    class Meta:
        model = Absence
        fields = ["kind", "starts_on", "ends_on", "minutes_late", "reason"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "reason": forms.TextInput,
        }
        labels = {"starts_on": "On (or from)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose what kind of absence it was."
        self.fields["minutes_late"].help_text = "Only for a late start."
        self.fields["minutes_late"].widget.attrs.update({"min": 1, "max": 600})

    def _post_clean(self):
        # The service checks the rules between the fields; the model's own are checked there too.
        pass


class SettingsForm(ModelForm):
    class Meta:
        model = HoursSettings
        fields = ["absences_count", "absences_days", "over_percent", "late_after_minutes"]
        help_texts = {
            "absences_count": "Absences and late starts, together.",
            "absences_days": "When a coach reaches that many in this many days, their supervisor's home suggests a "
            "supportive conversation.",
        }

    def _post_clean(self):
        pass
