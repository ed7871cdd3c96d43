from __future__ import annotations

from django import forms

from core.forms import DateInput, Form, ModelForm, VersionedModelForm, not_in_future
from people.models import Channel, Circumstance, Coach

from .models import FACTORS, ClientProfile, CoachProfile, IntroVisit, KnownConnection, Weights


class _ProfileForm(VersionedModelForm):
    circumstances = forms.MultipleChoiceField(
        label="Lived experience",
        choices=Circumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick what they have lived through or are living with.",
    )

    def __init__(self, *args, **kwargs):
        from recruitment.selectors import circumstance_choices

        super().__init__(*args, **kwargs)
        # The organisation's own list (recruitment), so an exclusion can name any of them.
        self.fields["circumstances"].choices = circumstance_choices()

    def changed_values(self) -> dict:
        values = super().changed_values()
        values["circumstances"] = list(self.cleaned_data.get("circumstances", []))
        return values


class ClientProfileForm(_ProfileForm):
    class Meta:
        model = ClientProfile
        fields = ["circumstances", "debt_size", "gender", "consider_age", "wants_coach_gender", "must_speak"]


class CoachProfileForm(_ProfileForm):
    channels = forms.MultipleChoiceField(
        label="Ways they are happy to meet",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CoachProfile
        fields = [
            "circumstances",
            "debt_size",
            "gender",
            "channels",
            "intro",
            "share_with_clients",
            "level",
            "team",
        ]

    def changed_values(self) -> dict:
        values = super().changed_values()
        values["channels"] = list(self.cleaned_data.get("channels", []))
        return values


class WeightsForm(VersionedModelForm):
    class Meta:
        model = Weights
        fields = [name for name, _ in FACTORS]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1}) for name, _ in FACTORS}


class ConnectionForm(ModelForm):
    coach = forms.ModelChoiceField(queryset=Coach.objects.none(), label="Coach who knows them")

    class Meta:
        model = KnownConnection
        fields = ["coach", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = Coach.objects.filter(status=Coach.Status.ACTIVE).order_by(
            "first_name", "last_name"
        )


class PairForm(Form):
    coach = forms.IntegerField(min_value=1, max_value=2**62)


class IntroVisitForm(ModelForm):
    worker = forms.ModelChoiceField(queryset=None, label="Staff worker who went", required=False)

    class Meta:
        model = IntroVisit
        fields = ["held_on", "worker", "client_feedback", "coach_feedback", "worker_feedback"]
        widgets = {
            "client_feedback": forms.Textarea(attrs={"rows": 2}),
            "coach_feedback": forms.Textarea(attrs={"rows": 2}),
            "worker_feedback": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        from organisations.models import STAFF_ROLES, User

        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget = DateInput()
        self.fields["worker"].queryset = User.objects.filter(organisation=organisation, role__in=STAFF_ROLES)

    def changed_values(self) -> dict:
        return dict(self.cleaned_data)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        not_in_future(held_on, "The visit date")
        return held_on


class DeclineForm(Form):
    reason = forms.CharField(
        label="Why, and what did we learn for the next match?", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
