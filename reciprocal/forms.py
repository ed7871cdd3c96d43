from __future__ import annotations

from django import forms

from core.forms import DateInput, ModelForm, VersionedModelForm
from people.models import Coach

from .models import WELLBEING_CHOICES, PeerReflection, ReciprocalSession

WHO = "Who coached this time"
SESSION_FIELDS = ["held_on", "coach", "focus", "goal", "what_helped"]


def _who_coached(form, pair) -> None:
    field = form.fields["coach"]
    field.queryset = Coach.objects.filter(pk__in=[pair.first_id, pair.second_id]).order_by("first_name")
    field.error_messages["required"] = "Choose who coached this time."
    field.error_messages["invalid_choice"] = "Choose one of the two peers in this pair."
    field.label_from_instance = lambda coach: f"{coach} coached {_partner(coach, pair).first_name}"
    form.fields["focus"].error_messages["required"] = "Choose what the session was about."


def _partner(coach, pair):
    return pair.second if coach.pk == pair.first_id else pair.first


class SessionForm(ModelForm):
    coach = forms.ModelChoiceField(queryset=Coach.objects.none(), label=WHO, widget=forms.RadioSelect)

    class Meta:
        model = ReciprocalSession
        fields = SESSION_FIELDS
        widgets = {
            "held_on": DateInput(),
            "focus": forms.RadioSelect,
            "what_helped": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"goal": "In a line: what the peer being coached wanted to work on."}

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        _who_coached(self, pair)
        self.fields["held_on"].error_messages["required"] = "Enter the date of the session."


class SessionEditForm(VersionedModelForm):
    coach = forms.ModelChoiceField(queryset=Coach.objects.none(), label=WHO, widget=forms.RadioSelect)

    class Meta:
        model = ReciprocalSession
        fields = SESSION_FIELDS
        widgets = {
            "focus": forms.RadioSelect,
            "what_helped": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        _who_coached(self, pair)


class ReflectionForm(ModelForm):
    wellbeing_start = forms.TypedChoiceField(
        label="How were you feeling at the start?",
        choices=WELLBEING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Optional. 1 is struggling, 5 is really well.",
    )
    wellbeing_end = forms.TypedChoiceField(
        label="And at the end?",
        choices=WELLBEING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Optional.",
    )

    class Meta:
        model = PeerReflection
        fields = ["reflection", "wellbeing_start", "wellbeing_end"]
        labels = {"reflection": "Your reflection"}
        help_texts = {"reflection": "What you noticed, learnt or will try. Only you can read this."}
        widgets = {"reflection": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        said = [cleaned.get("reflection", "").strip(), cleaned.get("wellbeing_start"), cleaned.get("wellbeing_end")]
        if not any(said):
            raise forms.ValidationError("Write your reflection, or say how you were feeling, before you save.")
        return cleaned
