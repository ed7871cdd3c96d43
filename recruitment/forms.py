from __future__ import annotations

import secrets
import time

from django import forms
from django.core import signing

from core.forms import DateInput, Form, ModelForm, VersionedModelForm, not_in_future
from people.forms import phone_validator

from .models import FORM_TOKEN_MAX_AGE, Application, Check


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

    def clean(self):
        # Said beside the field, before the database constraints answer in their own words.
        data = super().clean()
        if data.get("kind") == Check.Kind.DBS and not data.get("level"):
            self.add_error("level", "Choose the level of the DBS check.")
        if data.get("cleared_on") and data.get("requested_on") and data["cleared_on"] < data["requested_on"]:
            self.add_error("cleared_on", "The date cleared cannot be before the date requested.")
        return data

    def changed_values(self) -> dict:
        values = super().changed_values()
        if self.cleaned_data.get("certificate_number"):
            values["certificate_number"] = self.cleaned_data["certificate_number"]
        return values


class ApplicationForm(ModelForm):
    """The public form. It asks only for what a coordinator needs for a first conversation, and a
    field no person can see (if it is filled in, a robot filled it)."""

    hopes = forms.MultipleChoiceField(
        label="What would you hope to gain?",
        choices=Application.Hope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)
    started = forms.CharField(widget=forms.HiddenInput, max_length=200)

    class Meta:
        model = Application
        fields = ["first_name", "last_name", "email", "phone", "area", "lived_experience", "motivation", "availability"]
        widgets = {
            "lived_experience": forms.Textarea(attrs={"rows": 5}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "lived_experience": "Only what you are happy to share. There are no right answers.",
            "email": "We will use this, or your phone number, to get in touch.",
        }

    MIN_SECONDS = 3
    MAX_AGE = int(FORM_TOKEN_MAX_AGE.total_seconds())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # A random value per opening of the form, so each token can be spent once (services).
            self.fields["started"].initial = signing.TimestampSigner(salt="apply").sign(secrets.token_urlsafe(16))
        self.fields["phone"].validators.append(phone_validator)
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Please leave this field empty.")
        return ""

    def clean_started(self):
        signer = signing.TimestampSigner(salt="apply")
        try:
            signer.unsign(self.cleaned_data["started"], max_age=self.MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError("This form was open for too long. Please fill it in again.") from None
        except signing.BadSignature:
            raise forms.ValidationError("Something went wrong with the form. Please try again.") from None
        signed_at = signing.b62_decode(self.cleaned_data["started"].rsplit(":", 2)[1])
        if time.time() - signed_at < self.MIN_SECONDS:
            raise forms.ValidationError("That was very quick. Please check your answers and send the form again.")
        return self.cleaned_data["started"]

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", "Give an email address or a phone number so we can reply.")
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self._meta.fields, "hopes"]}


class MoveForm(Form):
    to_stage = forms.ChoiceField(label="Move to", choices=Application.Stage.choices)
    note = forms.CharField(
        label="Note",
        max_length=500,
        required=False,
        help_text="For a booking, when and where: the applicant is told. Needed to move someone back a stage.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, stage: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Not the stage they are at; the next one along is offered first.
        self.fields["to_stage"].choices = [c for c in Application.Stage.choices if c[0] != stage]
        if stage in Application.PIPELINE[:-1]:
            self.fields["to_stage"].initial = Application.PIPELINE[Application.PIPELINE.index(stage) + 1]


class ConversationForm(Form):
    held_on = forms.DateField(label="Date of the conversation", widget=DateInput())
    strengths = forms.CharField(
        label="Strengths and what they would bring",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recovery_judgement = forms.CharField(
        label="Your judgement about their recovery, for this person",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The programme's guideline is a guide, not a rule. Think about this person, not a number.",
    )
    recovery_reason = forms.CharField(
        label="The reason for that judgement",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you write a judgement.",
    )
    notes = forms.CharField(
        label="Your notes", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, questions, answers=None, exclusion_questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        self.asks_exclusion = [
            question in exclusion_questions or bool(answers.get(question, ("", ""))[1]) for question in self.questions
        ]
        for n, question in enumerate(self.questions):
            given = answers.get(question, ("", ""))
            # The question is the group's legend, so the answer's own label does not say it again.
            self.fields[f"answer_{n}"] = forms.CharField(
                label="Their answer",
                max_length=2000,
                required=False,
                initial=given[0],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if self.asks_exclusion[n]:
                self.fields[f"exclusion_{n}"] = forms.CharField(
                    label="Anyone or anything they will not work with (becomes a matching exclusion)",
                    max_length=300,
                    required=False,
                    initial=given[1],
                )

    def clean(self):
        data = super().clean()
        if data.get("recovery_judgement") and not data.get("recovery_reason"):
            self.add_error("recovery_reason", "Say why: a judgement about someone needs its reason written down.")
        return data

    def question_fields(self) -> list:
        return [
            (q, self[f"answer_{n}"], self[f"exclusion_{n}"] if self.asks_exclusion[n] else None)
            for n, q in enumerate(self.questions)
        ]

    def answers(self) -> list[tuple[str, str, str]]:
        return [
            (q, self.cleaned_data[f"answer_{n}"], self.cleaned_data.get(f"exclusion_{n}", "").strip())
            for n, q in enumerate(self.questions)
        ]

    def values(self) -> dict:
        return {
            k: self.cleaned_data[k] for k in ("held_on", "strengths", "recovery_judgement", "recovery_reason", "notes")
        }


class QuestionForm(Form):
    text = forms.CharField(label="A new question", max_length=300)
    asks_about_exclusions = forms.BooleanField(
        label="It asks about people or circumstances they would not work with",
        required=False,
        help_text="The answer can then become a matching exclusion.",
    )


class CircumstanceForm(Form):
    label = forms.CharField(
        label="A new circumstance",
        max_length=80,
        help_text="Something someone may have lived through, for example “Gambling” or “Leaving care”.",
    )


class ExclusionForm(Form):
    description = forms.CharField(
        label="Who or what they would rather not work with",
        max_length=300,
        help_text="In their words, for example “Anyone who bets heavily”.",
    )
    circumstance = forms.ChoiceField(
        label="The circumstance this rules out",
        required=False,
        help_text="Matching never suggests a client living with it. Left as “Only a note”, it is shown beside each "
        "suggestion as a warning.",
    )

    def __init__(self, *args, circumstances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circumstance"].choices = [("", "Only a note"), *circumstances]
