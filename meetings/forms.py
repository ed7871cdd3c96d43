from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import Form, VersionedModelForm
from organisations.models import User

from .models import Concern, Debrief, Intervention, Meeting


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "expected_minutes", "channel", "place_kind", "place"]
        widgets = {"starts_at": DateTimeInput(), "channel": forms.RadioSelect, "place_kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_minutes"].min_value = 5
        self.fields["expected_minutes"].widget.attrs.update(min=5, max=600)
        self.fields["place_kind"].required = False

    def clean_expected_minutes(self):
        value = self.cleaned_data["expected_minutes"]
        if not 5 <= value <= 600:
            raise forms.ValidationError("Choose a length between 5 minutes and 10 hours.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("channel") == Meeting.Channel.FACE_TO_FACE and not data.get("place_kind"):
            self.add_error("place_kind", "Say where you will meet: lone-working safety needs to know.")
        return data

    def _post_clean(self):
        # Validation needing the relationship (dates, a place) happens above and in the service.
        pass

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class RecordForm(VersionedModelForm):
    """Recording a meeting on a phone: one screen."""

    interventions = forms.ModelMultipleChoiceField(
        queryset=Intervention.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What you did together",
    )

    class Meta:
        model = Meeting
        fields = ["outcome", "notice_given", "with_staff", "notes"]
        widgets = {"outcome": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interventions"].queryset = Intervention.objects.filter(active=True)
        if self.instance.pk:
            self.fields["interventions"].initial = list(self.instance.interventions.all())

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class HelpForm(Form):
    location = forms.CharField(
        label="Share where you are",
        max_length=200,
        required=False,
        help_text="Only if you want to. For example: the café on Market Street, upstairs.",
    )


class ResolveForm(Form):
    resolution = forms.CharField(label="What happened", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ShiftForm(Form):
    staff = forms.ModelChoiceField(queryset=User.objects.none(), label="Who is on call")
    starts_at = forms.DateTimeField(label="From", widget=DateTimeInput())
    ends_at = forms.DateTimeField(label="Until", widget=DateTimeInput())
    phone = forms.CharField(label="Phone to call", max_length=30)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(organisation=organisation).exclude(
            role__in=["coach", "client"]
        )
        self.fields["staff"].label_from_instance = lambda u: u.display_name()
        self.fields["starts_at"].initial = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)


class ContactForm(Form):
    staff = forms.ModelChoiceField(queryset=User.objects.none(), label="Who")
    phone = forms.CharField(label="Phone", max_length=30)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(organisation=organisation).exclude(
            role__in=["coach", "client"]
        )
        self.fields["staff"].label_from_instance = lambda u: u.display_name()


class DebriefForm(Form):
    feeling = forms.ChoiceField(label="How are you feeling?", choices=Debrief.Feeling.choices, widget=forms.RadioSelect)
    worries = forms.CharField(
        label="Did anything worry you?", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    call_me = forms.BooleanField(label="Yes, I would like a call from staff", required=False)


class HomeAddressForm(Form):
    address = forms.CharField(
        label="Home address",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text="Only sent to staff in a safety alert about a home visit. Leave it empty to remove it.",
    )


class CantMakeItForm(Form):
    """Nothing to fill in: the button is the answer (the form carries the one-time token)."""


class ConcernForm(Form):
    severity = forms.ChoiceField(label="How serious is it?", choices=Concern.Severity.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="What happened or what worries you", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ConcernActionForm(Form):
    text = forms.CharField(label="Action taken", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ConcernCloseForm(Form):
    closure = forms.CharField(label="How it was closed", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class LeadForm(Form):
    staff = forms.ModelChoiceField(queryset=User.objects.none(), label="Add a safeguarding lead")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(organisation=organisation).exclude(
            role__in=["coach", "client"]
        )
        self.fields["staff"].label_from_instance = lambda u: u.display_name()


class RemindersForm(Form):
    meeting_reminders = forms.BooleanField(label="Email me a reminder the day before each meeting", required=False)
