from __future__ import annotations

import datetime

from django import forms

from core.forms import DateInput, Form, ModelForm
from organisations.models import Programme, User
from organisations.permissions import holders
from people.models import Coach

from .models import MAX_COMMITMENTS, Attendance, Commitment, Group, GroupMember


def _required_radio(field: forms.ChoiceField, choices, message: str) -> None:
    # A required choice starts with none picked: no blank "---------" option.
    field.widget = forms.RadioSelect()
    field.choices = list(choices)
    field.error_messages["required"] = message


class GroupForm(ModelForm):
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label="Programme")
    facilitator = forms.ModelChoiceField(queryset=User.objects.none(), label="Facilitator")
    link = forms.URLField(label="Joining link (for online)", required=False, max_length=300, assume_scheme="https")

    class Meta:
        model = Group
        fields = [
            "name",
            "programme",
            "facilitator",
            "purpose",
            "channel",
            "place",
            "link",
            "weekday",
            "start_time",
            "gap_days",
            "issue_sharing",
        ]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation=organisation, kind=Programme.Kind.GROUP
        )
        self.fields["facilitator"].queryset = User.objects.filter(
            holders("groups.facilitate"), organisation=organisation, is_active=True
        ).order_by("first_name", "last_name")
        for name, message in (
            ("purpose", "Choose what the group is for."),
            ("channel", "Choose face to face or online."),
            ("issue_sharing", "Choose what members can read of each other's issues."),
            ("gap_days", "Choose how often the group meets."),
        ):
            _required_radio(self.fields[name], self._meta.model._meta.get_field(name).choices, message)
        self.fields["weekday"].choices = [("", "Choose a day"), *Group.Weekday.choices]

    def clean(self):
        data = super().clean()
        if data.get("channel") == Group.Channel.FACE_TO_FACE and not data.get("place"):
            self.add_error("place", "Say where the group meets.")
        if data.get("channel") == Group.Channel.ONLINE and not data.get("link"):
            self.add_error("link", "Give the joining link.")
        return data


class MemberForm(Form):
    coach = forms.ModelChoiceField(queryset=Coach.objects.none(), label="Who")
    team = forms.CharField(label="Their team", max_length=120)
    seniority = forms.TypedChoiceField(coerce=int, label="Seniority")
    cannot_make = forms.CharField(
        label="Dates they cannot make",
        required=False,
        max_length=400,
        help_text="Dates as 2027-01-14, separated by commas.",
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        taken = group.members.values("coach")
        self.fields["coach"].queryset = Coach.objects.filter(
            organisation=group.organisation, user__isnull=False
        ).exclude(pk__in=taken)
        _required_radio(self.fields["seniority"], GroupMember.Seniority.choices, "Choose their seniority.")

    def clean_cannot_make(self) -> list[str]:
        days = []
        for part in self.cleaned_data["cannot_make"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days.append(datetime.date.fromisoformat(part).isoformat())
            except ValueError:
                raise forms.ValidationError(f"“{part}” is not a date like 2027-01-14.") from None
        return days


class ScheduleStartForm(Form):
    first_date = forms.DateField(label="Date of the first session", widget=DateInput())


class ScheduleForm(Form):
    """The proposed series, to adjust: each session's date and who presents."""

    note = forms.CharField(label="Why a different number of sessions", required=False, max_length=300)

    def __init__(self, *args, group: Group, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(group.members.select_related("coach"))
        choices = [("", "Nobody: closing session"), *[(m.pk, m.coach.first_name) for m in self.members]]
        self.rows = []
        for index, (day, presenter) in enumerate(proposal.sessions, start=1):
            self.fields[f"date_{index}"] = forms.DateField(label=f"Session {index}", widget=DateInput(), initial=day)
            self.fields[f"presenter_{index}"] = forms.TypedChoiceField(
                label=f"Who presents at session {index}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=presenter.pk if presenter else "",
            )
            self.rows.append((self[f"date_{index}"], self[f"presenter_{index}"]))
        self.order_fields(["note"])

    def sessions(self) -> list:
        by_pk = {m.pk: m for m in self.members}
        return [
            (self.cleaned_data[f"date_{i}"], by_pk.get(self.cleaned_data[f"presenter_{i}"]))
            for i in range(1, len(self.rows) + 1)
        ]


class SessionForm(Form):
    """Running a session: who came, last presenter's feedback, today's issue and commitments."""

    issue = forms.CharField(label="The issue they brought", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    notes = forms.CharField(
        label="Your notes (members do not see these)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
    )

    def __init__(self, *args, session, members, due: list[Commitment], **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.members, self.due = members, due
        existing = {a.member_id: a.status for a in session.attendance.all()}
        for member in members:
            name = f"came_{member.pk}"
            self.fields[name] = forms.ChoiceField(label=member.coach.first_name, initial=existing.get(member.pk))
            _required_radio(
                self.fields[name], Attendance.Status.choices, f"Say whether {member.coach.first_name} came."
            )
        for commitment in due:
            outcome = f"outcome_{commitment.pk}"
            self.fields[outcome] = forms.ChoiceField(label=commitment.text, initial=commitment.outcome or None)
            _required_radio(self.fields[outcome], Commitment.Outcome.choices, "Say whether this was done.")
            self.fields[f"reflection_{commitment.pk}"] = forms.CharField(
                label="What they reflected on",
                required=False,
                max_length=2000,
                initial=commitment.reflection,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        presenter = session.presenter.coach.first_name if session.presenter_id else ""
        self.fields["issue"].error_messages["required"] = f"Write the issue {presenter} brought, in a line or two."
        if session.presenter_id:
            made = list(session.commitments_made.all())
            for index in range(1, MAX_COMMITMENTS + 1):
                self.fields[f"commitment_{index}"] = forms.CharField(
                    label=f"I will ... by the next session ({index})",
                    required=index == 1,
                    max_length=300,
                    initial=made[index - 1].text if index <= len(made) else "",
                    error_messages={"required": f"Write at least one thing {presenter} will do by the next session."},
                )
        else:
            self.fields["issue"].required = False
            self.fields["issue"].widget = forms.HiddenInput()
        self.fields["issue"].initial = session.issue
        self.fields["notes"].initial = session.notes
        self.attendance_fields = [self[f"came_{m.pk}"] for m in members]
        self.review_fields = [(c, self[f"outcome_{c.pk}"], self[f"reflection_{c.pk}"]) for c in due]
        self.commitment_fields = [self[n] for n in self.fields if n.startswith("commitment_")]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "attendance": {m.pk: data[f"came_{m.pk}"] for m in self.members},
            "reviews": {c.pk: (data[f"outcome_{c.pk}"], data[f"reflection_{c.pk}"]) for c in self.due},
            "issue": data.get("issue", ""),
            "commitments": [data[n] for n in data if n.startswith("commitment_")],
            "notes": data.get("notes", ""),
        }


def _paragraph(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EndForm(Form):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.rows = []
        for member in members:
            first = member.coach.first_name
            self.fields[f"changed_{member.pk}"] = forms.CharField(
                label=f"What changed for {first}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"keep_{member.pk}"] = forms.CharField(
                label=f"What {first} will keep using",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"ready_{member.pk}"] = forms.BooleanField(
                label=f"{first} is ready to facilitate a group of their own", required=False
            )
            self.rows.append(
                (member, [self[f"changed_{member.pk}"], self[f"keep_{member.pk}"], self[f"ready_{member.pk}"]])
            )

    def reflections(self) -> dict:
        data = self.cleaned_data
        return {
            m.pk: {
                "what_changed": data[f"changed_{m.pk}"],
                "will_keep_using": data[f"keep_{m.pk}"],
                "ready_to_facilitate": data[f"ready_{m.pk}"],
            }
            for m in self.members
        }


def _dates(text: str) -> list[str]:
    days = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            days.append(datetime.date.fromisoformat(part).isoformat())
        except ValueError:
            raise forms.ValidationError(f"“{part}” is not a date like 2027-01-14.") from None
    return sorted(set(days))


class JoinRequestForm(Form):
    """Asking to join a facilitated-group programme; a coordinator also says who (`for_someone`)."""

    coach = forms.ModelChoiceField(queryset=Coach.objects.none(), label="Who is asking to join")
    team = forms.CharField(label="Team", max_length=120)
    role = forms.CharField(label="Role", max_length=120, help_text="For example, social worker.")
    seniority = forms.TypedChoiceField(coerce=int, label="Seniority")
    location = forms.CharField(label="Where they are based", max_length=120, required=False)
    work_on = forms.CharField(
        label="What they want to work on",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cannot_make = forms.CharField(
        label="Dates they cannot make",
        required=False,
        max_length=400,
        help_text="Dates as 2027-01-14, separated by commas.",
    )

    def __init__(self, *args, organisation, for_someone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if for_someone:
            self.fields["coach"].queryset = Coach.objects.filter(
                organisation=organisation, user__isnull=False
            ).order_by("first_name", "last_name")
        else:
            del self.fields["coach"]
        _required_radio(self.fields["seniority"], GroupMember.Seniority.choices, "Choose a seniority.")

    def clean_cannot_make(self) -> list[str]:
        return _dates(self.cleaned_data["cannot_make"])


class ProposalSettingsForm(Form):
    size = forms.TypedChoiceField(
        label="People in each group",
        coerce=int,
        choices=[(n, str(n)) for n in range(3, 9)],
        initial=4,
        error_messages={"invalid_choice": "Choose a group size from 3 to 8."},
    )
    by_location = forms.BooleanField(label="From different locations too", required=False)


class ProposalConfirmForm(Form):
    """How the new groups meet: the same for each (the facilitator can change a group later)."""

    facilitator = forms.ModelChoiceField(queryset=User.objects.none(), label="Facilitator")
    channel = forms.ChoiceField(label="How the groups meet")
    place = forms.CharField(label="Where (for face to face)", max_length=200, required=False)
    link = forms.URLField(label="Joining link (for online)", required=False, max_length=300, assume_scheme="https")
    weekday = forms.TypedChoiceField(label="Usual day", coerce=int)
    start_time = forms.TimeField(label="Usual time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = User.objects.filter(
            holders("groups.facilitate"), organisation=organisation, is_active=True
        ).order_by("first_name", "last_name")
        _required_radio(self.fields["channel"], Group.Channel.choices, "Choose face to face or online.")
        self.fields["weekday"].choices = [("", "Choose a day"), *Group.Weekday.choices]

    def clean(self):
        data = super().clean()
        if data.get("channel") == Group.Channel.FACE_TO_FACE and not data.get("place"):
            self.add_error("place", "Say where the groups meet.")
        if data.get("channel") == Group.Channel.ONLINE and not data.get("link"):
            self.add_error("link", "Give the joining link.")
        return data
