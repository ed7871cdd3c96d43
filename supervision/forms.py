from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateInput, Form, ModelForm
from organisations.models import User
from organisations.permissions import holders

from .models import Arrangement, Away, ConductConcern, LogEntry, RoleChange, WellbeingCheck
from .services import HANDOVER_CHOICES, MAX_NEW_ACTIONS


def _supervisors(organisation):
    return User.objects.filter(holders("supervision.supervise"), organisation=organisation, is_active=True).order_by(
        "first_name", "last_name"
    )


def _paragraph(label: str, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=3000, widget=forms.Textarea(attrs={"rows": rows}))


class ArrangementForm(Form):
    supervisor = forms.ModelChoiceField(queryset=User.objects.none(), label="Supervisor")
    deputy = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Deputy (covers when the supervisor is away)", required=False
    )
    rhythm_days = forms.TypedChoiceField(
        label="How often", coerce=int, choices=Arrangement.Rhythm.choices, initial=Arrangement.Rhythm.MONTHLY
    )
    starts_on = forms.DateField(label="Supervision starts on", widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation, arrangement: Arrangement | None = None, **kwargs):
        if arrangement is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "supervisor": arrangement.supervisor_id,
                "deputy": arrangement.deputy_id,
                "rhythm_days": arrangement.rhythm_days,
                "starts_on": arrangement.starts_on,
                "version": arrangement.version,
            }
        super().__init__(*args, **kwargs)
        if arrangement is not None:
            self.fields["version"].initial = arrangement.version
        self.fields["supervisor"].queryset = _supervisors(organisation)
        self.fields["deputy"].queryset = _supervisors(organisation)

    def clean(self):
        data = super().clean()
        if data.get("deputy") and data.get("deputy") == data.get("supervisor"):
            self.add_error("deputy", "The deputy covers for the supervisor, so choose someone else.")
        return data


class AwayForm(ModelForm):
    class Meta:
        model = Away
        fields = ["supervisor", "starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, organisation, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _supervisors(organisation)
        if only is not None:
            choices = choices.filter(pk=only.pk)
            self.fields["supervisor"].initial = only.pk
        self.fields["supervisor"].queryset = choices

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The last day away cannot be before the first.")
        return data


class SessionForm(Form):
    held_on = forms.DateField(
        label="Date of the session", widget=DateInput(), error_messages={"required": "Give the date of the session."}
    )
    wellbeing = _paragraph("How they are")
    caseload = _paragraph("Caseload")
    going_well = _paragraph("What is going well")
    worries = _paragraph("Worries")
    development = _paragraph("Learning and development")

    def __init__(self, *args, open_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_actions = open_actions
        for action in open_actions:
            self.fields[f"done_{action.pk}"] = forms.BooleanField(label=action.text, required=False)
        for index in range(1, 4):
            self.fields[f"action_{index}"] = forms.CharField(
                label=f"New action {index}", required=False, max_length=300
            )
        self.note_fields = [self[name] for name in ("wellbeing", "caseload", "going_well", "worries", "development")]
        self.done_fields = [(action, self[f"done_{action.pk}"]) for action in open_actions]
        self.action_fields = [self[f"action_{index}"] for index in range(1, 4)]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            **{name: data[name] for name in ("wellbeing", "caseload", "going_well", "worries", "development")},
            "done_actions": [a.pk for a in self.open_actions if data.get(f"done_{a.pk}")],
            "new_actions": [data[f"action_{i}"] for i in range(1, 4) if data.get(f"action_{i}")][:MAX_NEW_ACTIONS],
        }


class RequestForm(Form):
    about = forms.CharField(label="What would you like to talk about?", required=False, max_length=500)


class LogEntryForm(ModelForm):
    share = forms.BooleanField(label="Share this entry with my supervisor", required=False)

    class Meta:
        model = LogEntry
        fields = ["written_on", "did", "learned", "want_to_learn"]
        widgets = {
            "written_on": DateInput(),
            "did": forms.Textarea(attrs={"rows": 3}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "want_to_learn": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "written_on": {"required": "Give the date."},
            "did": {"required": "Write what you did, in a line or two."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate


# A drop-down, not eleven radio buttons a question: the check stays one short screen on a phone.
SCORES = [("", "Choose 0 to 10"), (0, "0: very bad"), *[(n, str(n)) for n in range(1, 10)], (10, "10: very good")]


class WellbeingForm(Form):
    note = forms.CharField(
        label="Anything you want to add",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    shared = forms.BooleanField(label="Share this check with my supervisor", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in WellbeingCheck.QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                coerce=int,
                choices=SCORES,
                error_messages={"required": "Choose a number from 0 to 10."},
            )
        self.order_fields([name for name, _ in WellbeingCheck.QUESTIONS] + ["note", "shared"])


class RoleChangeForm(Form):
    to_role = forms.ChoiceField(label="New role", choices=RoleChange.Role.choices, widget=forms.RadioSelect())
    reason = forms.CharField(
        label="Why",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the role is changing."},
    )
    effective_on = forms.DateField(
        label="From", widget=DateInput(), error_messages={"required": "Give the date the new role starts."}
    )
    role_title = forms.CharField(label="New job title", max_length=120, required=False)

    def __init__(self, *args, relationships, current: str, role_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_title"].help_text = f"Only if it changes: now \u201c{role_title}\u201d." if role_title else ""
        self.relationships = relationships
        self.fields["to_role"].choices = [c for c in RoleChange.Role.choices if c[0] != current]
        self.fields["to_role"].error_messages["required"] = "Choose the new role."
        self.rows = []
        for relationship in relationships:
            name = f"relationship_{relationship.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{relationship.client} ({relationship.programme})",
                choices=list(HANDOVER_CHOICES.items()),
                widget=forms.RadioSelect(),
                error_messages={"required": f"Choose what happens to {relationship.client}'s relationship."},
            )
            self.rows.append(self[name])

    def decisions(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"relationship_{r.pk}"] for r in self.relationships}


class ConductConcernForm(Form):
    raised_on = forms.DateField(label="Raised on", widget=DateInput(), initial=timezone.localdate)
    concern = _paragraph("What the concern is (what happened, when, how it came to light)", required=True, rows=4)
    conversation = _paragraph("The conversation held with them (if it has happened)")
    agreed_actions = _paragraph("What was agreed")
    review_on = forms.DateField(label="Look at it again on", widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].error_messages["required"] = "Say what the concern is."


class ConductConcernUpdateForm(Form):
    conversation = _paragraph("The conversation held with them")
    agreed_actions = _paragraph("What was agreed")
    review_on = forms.DateField(label="Look at it again on", widget=DateInput(), required=False)
    outcome = forms.ChoiceField(label="Where it stands", choices=ConductConcern.Outcome.choices)
    outcome_note = _paragraph("About the outcome (needed to close it)")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *args, concern: ConductConcern, **kwargs):
        if data is None and "initial" not in kwargs:
            kwargs["initial"] = {
                "conversation": concern.conversation,
                "agreed_actions": concern.agreed_actions,
                "review_on": concern.review_on,
                "outcome": concern.outcome,
                "outcome_note": concern.outcome_note,
                "version": concern.version,
            }
        super().__init__(data, *args, **kwargs)


class ExitConversationForm(Form):
    held_on = forms.DateField(label="Held on", widget=DateInput(), initial=timezone.localdate)
    leaving_because = _paragraph("Why they are leaving (in their words if you can)", required=True)
    went_well = _paragraph("What went well")
    could_be_better = _paragraph("What could have been better")
    keep_in_touch = forms.BooleanField(label="They would like to hear about future roles", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = "Say why they are leaving, in their words if you can."
        self.fields["leaving_because"].error_messages["required"] = required
