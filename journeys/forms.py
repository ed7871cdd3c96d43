from __future__ import annotations

from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from core.forms import DateInput, Form, ModelForm, VersionedModelForm, not_in_future
from organisations.models import Programme
from people.models import Coach

from .models import SCALE, ActionStep, CheckIn, ClientFeedback, Ending, Goal, ProgrammeStage, Relationship, Review


class PairForm(Form):
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


class RelationshipChangeForm(Form):
    """A change to a relationship, carrying the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, relationship: Relationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.relationship = relationship
        self.fields["version"].initial = relationship.version

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class KindForm(RelationshipChangeForm):
    kind = forms.ChoiceField(
        label="Way of working",
        choices=Relationship.Kind.choices,
        widget=forms.RadioSelect,
        help_text="Relationships often change shape. Neither way of working is better than another.",
    )
    reason = forms.CharField(label="What changed", max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = self.relationship.kind


class PauseForm(RelationshipChangeForm):
    reason = forms.CharField(label="Why is it paused?", max_length=300)
    expected_return_on = forms.DateField(label="When do you expect to start again?", required=False, widget=DateInput())


class ExtendForm(RelationshipChangeForm):
    planned_end_on = forms.DateField(label="New planned end date", widget=DateInput())
    reason = forms.CharField(label="Why is it being extended?", max_length=2000, widget=forms.Textarea)
    beyond_maximum_reason = forms.CharField(
        label="Why go beyond the programme's longest length?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.relationship.programme
        longest_end = self.relationship.started_on + relativedelta(months=programme.max_months)
        self.fields[
            "planned_end_on"
        ].help_text = f"{programme} lasts at most {programme.max_months} months: up to {longest_end:%-d %b %Y}."
        self.fields[
            "beyond_maximum_reason"
        ].help_text = (
            "Only if the new date is later than that. Say why this pair needs longer than the programme allows."
        )


class EndingForm(RelationshipChangeForm):
    ended_on = forms.DateField(label="Date it ended", widget=DateInput())
    what_changed = forms.CharField(
        label="What changed for the client", max_length=5000, widget=forms.Textarea, required=False
    )
    achieved_goals = forms.ModelMultipleChoiceField(
        label="Goals achieved", queryset=Goal.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    partly_achieved_goals = forms.ModelMultipleChoiceField(
        label="Goals partly achieved", queryset=Goal.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    client_reflection = forms.CharField(
        label="The client's reflections", max_length=5000, widget=forms.Textarea, required=False
    )
    coach_reflection = forms.CharField(
        label="The coach's reflections", max_length=5000, widget=forms.Textarea, required=False
    )
    reason = forms.ChoiceField(label="Why did it end?", choices=Ending.Reason.choices, widget=forms.RadioSelect)
    reason_detail = forms.CharField(
        label="More about the reason", max_length=2000, widget=forms.Textarea, required=False
    )
    next_step = forms.ChoiceField(label="What happens next?", choices=Ending.NextStep.choices, widget=forms.RadioSelect)
    case_study_consent_on = forms.DateField(
        label="Date the client agreed to a case study",
        required=False,
        widget=DateInput(),
        help_text="Only write a case study if the client has agreed to it.",
    )
    case_study = forms.CharField(
        label="Anonymised case study",
        max_length=10000,
        widget=forms.Textarea,
        required=False,
        help_text="No names, places or details that could identify anyone. We have started one for you to edit. "
        "When you save, we take out every name and place we know of, and a coordinator reviews it before "
        "it is published.",
    )

    PLANNED_ONLY = ("what_changed", "achieved_goals", "partly_achieved_goals", "case_study_consent_on", "case_study")
    UNPLANNED_ONLY = ("reason", "reason_detail", "next_step")

    def __init__(self, *args, planned: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned = planned
        for name in self.UNPLANNED_ONLY if planned else self.PLANNED_ONLY:
            if name not in ("what_changed",):
                del self.fields[name]
        goals = self.relationship.goals.all()
        for name in ("achieved_goals", "partly_achieved_goals"):
            if name in self.fields:
                self.fields[name].queryset = goals
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        value = self.cleaned_data["ended_on"]
        not_in_future(value, "The end date")
        return value

    def clean_case_study_consent_on(self):
        value = self.cleaned_data.get("case_study_consent_on")
        not_in_future(value, "The consent date")
        return value

    def clean(self):
        data = super().clean()
        if self.planned and data.get("case_study") and not data.get("case_study_consent_on"):
            self.add_error("case_study_consent_on", "Record when the client agreed before writing a case study.")
        both = set(data.get("achieved_goals") or []) & set(data.get("partly_achieved_goals") or [])
        if both:
            self.add_error("partly_achieved_goals", "A goal is either achieved or partly achieved, not both.")
        return data


class GoalForm(VersionedModelForm):
    status_note = forms.CharField(label="Why the status changed", max_length=500, required=False)

    class Meta:
        model = Goal
        fields = [
            "title",
            "category",
            "starting_point",
            "target",
            "baseline_score",
            "target_date",
            "agreed_on",
            "status",
        ]
        widgets = {
            "baseline_score": forms.RadioSelect,
            "starting_point": forms.Textarea(attrs={"rows": 3}),
            "target": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": "Write it as something good that will happen, in the client's words: "
            "“I'll have cleared my rent arrears”, “I get out of the flat every week”.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]
            del self.fields["status_note"]
            self.fields["agreed_on"].initial = timezone.localdate()

    def clean_agreed_on(self):
        value = self.cleaned_data["agreed_on"]
        not_in_future(value, "The date the goal was agreed")
        return value

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("version", "status_note")}


class StepForm(VersionedModelForm):
    class Meta:
        model = ActionStep
        fields = ["description", "who", "context", "frequency", "duration", "intensity", "due_on", "status"]
        widgets = {"who": forms.RadioSelect}
        help_texts = {
            "context": "For example: at the kitchen table, with my sister, at the Citizens Advice office",
            "frequency": "For example: every Sunday evening, twice a week",
            "duration": "For example: 15 minutes, for the next four weeks",
            "intensity": "For example: one letter at a time, three job applications",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in ActionStep.SPECIFICS):
            self.add_error("context", ActionStep.SPECIFICS_MESSAGE)
        return data

    def _post_clean(self):
        # The specifics rule is checked above with a fuller message; don't repeat it from the constraint.
        super()._post_clean()
        if self.errors.get("__all__"):
            self.errors["__all__"] = self.error_class([e for e in self.errors["__all__"] if "at least one of" not in e])
            if not self.errors["__all__"]:
                del self.errors["__all__"]

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class GoalRatingsMixin:
    """One radio question per goal, on the shared 1 to 5 scale."""

    rating_required = False

    def add_goal_fields(self, goals, *, label: str = "{goal}") -> None:
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=label.format(goal=goal),
                choices=SCALE if self.rating_required else [*SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                required=self.rating_required,
                empty_value=None,
            )

    def goal_fields(self) -> list:
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def ratings(self) -> dict[int, int]:
        return {
            goal.pk: self.cleaned_data[f"goal_{goal.pk}"]
            for goal in self.goals
            if self.cleaned_data.get(f"goal_{goal.pk}") is not None
        }


class CheckInForm(GoalRatingsMixin, ModelForm):
    """The coach's check-in (coordinators can record one too)."""

    class Meta:
        model = CheckIn
        fields = ["held_on", "went_well", "got_in_the_way", "coach_feedback", "next_steps", "coach_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[1:]} | {"held_on": DateInput()}

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.add_goal_fields(goals, label="How far along is “{goal}”?")

    def values(self) -> dict[str, Any]:
        """The written answers; the date and the ratings are passed on their own."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name != "held_on"}

    def _post_clean(self):
        # The service validates the whole check-in; the model's own clean needs a relationship.
        pass


class ClientCheckInForm(GoalRatingsMixin, Form):
    """The check-in a client does themselves on a phone, in plain words."""

    went_well = forms.CharField(
        label="What went well since last time?",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    got_in_the_way = forms.CharField(
        label="Was anything hard?", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label="What would you like to do next?",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_goal_fields(goals, label="How are you getting on with “{goal}”?")
        # Questions about goals first: they are the point of the check-in.
        self.order_fields([f"goal_{g.pk}" for g in self.goals] + ["went_well", "got_in_the_way", "next_steps"])

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("went_well", "got_in_the_way", "next_steps")) and not self.ratings():
            raise forms.ValidationError("Answer at least one question, so your coach knows how you are getting on.")
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("went_well", "got_in_the_way", "next_steps")}


class FeedbackForm(Form):
    coach_feedback = forms.CharField(label="Your feedback", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


class ClientFeedbackForm(ModelForm):
    class Meta:
        model = ClientFeedback
        fields = ["feeling", "comment", "wants_contact"]
        widgets = {"feeling": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feeling"].error_messages["required"] = "Choose how it is going, even if it is hard to say."


class ReviewForm(Form):
    held_on = forms.DateField(label="Date of the review", widget=DateInput())
    summary = forms.CharField(label="What the review found", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"score_{goal.pk}"] = forms.TypedChoiceField(
                label="How far along is it now?", choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label="Status", choices=Goal.Status.choices, initial=goal.status
            )
            self.fields[f"comment_{goal.pk}"] = forms.CharField(label="Comment", max_length=500, required=False)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        not_in_future(value, "The review date")
        return value

    def goal_sections(self) -> list:
        return [
            (goal, self[f"score_{goal.pk}"], self[f"status_{goal.pk}"], self[f"comment_{goal.pk}"])
            for goal in self.goals
        ]

    def goal_reviews(self) -> dict[int, dict[str, Any]]:
        return {
            goal.pk: {
                "score": self.cleaned_data[f"score_{goal.pk}"],
                "status": self.cleaned_data[f"status_{goal.pk}"],
                "comment": self.cleaned_data[f"comment_{goal.pk}"],
            }
            for goal in self.goals
        }


REVIEW_KINDS = dict(Review.Kind.choices)


class CaseStudyReviewForm(Form):
    case_study = forms.CharField(
        label="The case study",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Check nothing in it could identify anyone: names, places, dates, jobs, anything unusual.",
    )


class StageForm(RelationshipChangeForm):
    stage = forms.ModelChoiceField(
        label="Which stage are you at now?",
        queryset=ProgrammeStage.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = ProgrammeStage.objects.filter(programme_id=self.relationship.programme_id)
        self.fields["stage"].label_from_instance = lambda stage: f"{stage.number}. {stage.name}"
        self.fields["stage"].initial = self.relationship.stage_id


class ProgrammeProcessForm(Form):
    stage_names = forms.CharField(
        label="The stages of your coaching process",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One stage on each line, in order. For example: getting to know each other, planning, doing, "
        "ending. Leave it empty if the programme has no stages.",
    )
    face_to_face_weeks = forms.IntegerField(
        label="Meet face to face within (weeks)",
        required=False,
        min_value=1,
        max_value=52,
        help_text="If pairs should meet in person at least once early on, how many weeks they have. We let you "
        "know about any pair who have not. Leave it empty if meeting in person is not expected.",
    )

    def stage_list(self) -> list[str]:
        return [line for line in self.cleaned_data["stage_names"].splitlines() if line.strip()]
