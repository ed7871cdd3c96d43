from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django_scopes.forms import SafeModelChoiceField

from core.forms import Form, VersionedModelForm, not_in_future
from organisations.models import Programme, Role

from .models import Channel, Client, Coach, StaffMember

phone_validator = RegexValidator(
    r"^[0-9 +()\-]{6,30}$", "Enter a phone number using digits, spaces and + ( ) - only, like 07700 900123."
)


class PersonFormMixin:
    def setup_person_fields(self):
        if "phone" in self.fields:
            self.fields["phone"].validators.append(phone_validator)
            self.fields["phone"].widget.attrs.update(autocomplete="off", inputmode="tel")
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(autocomplete="off")

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        not_in_future(value, "Date of birth")
        if value and value.year < 1900:
            raise forms.ValidationError("Enter a date of birth after 1900.")
        return value

    def _post_clean(self):
        if getattr(self, "organisation", None) is not None:
            self.instance.organisation_id = self.organisation.pk
        super()._post_clean()


class ClientForm(PersonFormMixin, VersionedModelForm):
    # No status field: waiting, matched and finished follow the client's relationships (journeys
    # sets them through people.services.client_status_set), so a form opened before a pairing
    # cannot put them back.
    preferred_channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="How they like to keep in touch",
    )

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "date_of_birth",
            "area",
            "programme",
            "referral_source",
            "referral_date",
            "consent_given_on",
            "circumstances",
            "hopes",
            "interests",
            "preferred_channels",
            "language",
            "availability",
            "meeting_reminders",
            "staff_notes",
        ]
        # The programme list is read per request, inside the organisation's scope.
        field_classes = {"programme": SafeModelChoiceField}
        help_texts = {
            "circumstances": "What is going on for them, in plain words. For example: rent arrears of about £1,200.",
            "staff_notes": "Only staff see these notes. The client and their coach do not.",
        }

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.setup_person_fields()
        self.fields["programme"].queryset = Programme.objects.exclude(status=Programme.Status.CLOSED)
        self.fields["programme"].empty_label = "Not decided yet"

    def clean_referral_date(self):
        value = self.cleaned_data.get("referral_date")
        not_in_future(value, "The referral date")
        return value

    def clean_consent_given_on(self):
        value = self.cleaned_data.get("consent_given_on")
        not_in_future(value, "The date they agreed")
        return value


class CoachForm(PersonFormMixin, VersionedModelForm):
    class Meta:
        model = Coach
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "date_of_birth",
            "area",
            "employment",
            "role_title",
            "status",
            "started_on",
            "agreed_weekly_hours",
            "lived_experience",
            "interests",
            "languages",
            "availability",
        ]
        labels = {"employment": "Paid or volunteer"}

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.setup_person_fields()
        self.fields["agreed_weekly_hours"].widget.attrs.update(step="0.5", min=0, max=60)

    def clean(self):
        data = super().clean()
        born, started = data.get("date_of_birth"), data.get("started_on")
        if born and started and started <= born:
            self.add_error("started_on", "The start date must be after their date of birth.")
        return data


STAFF_ROLE_CHOICES = [(r.value, r.label) for r in (Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.FACILITATOR)]


class StaffForm(PersonFormMixin, VersionedModelForm):
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES)
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,60}$",
        max_length=60,
        help_text="What they type to sign in. Letters, numbers and . @ + - _ only.",
        error_messages={"invalid": "Use 3 to 60 letters, numbers and . @ + - _ only."},
    )

    class Meta:
        model = StaffMember
        fields = ["first_name", "last_name", "email", "phone", "job_title"]

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.setup_person_fields()
        self.fields["email"].required = True
        if self.instance.pk:
            del self.fields["username"]
            self.fields["role"].initial = self.instance.user.role

    def clean_username(self):
        from organisations.models import User

        value = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=value).exists():
            raise forms.ValidationError("That username is taken. Try adding a number or their surname.")
        return value


class SignInForm(Form):
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,60}$",
        max_length=60,
        help_text="They will get an email with a link to choose their own password.",
        error_messages={"invalid": "Use 3 to 60 letters, numbers and . @ + - _ only."},
    )

    def clean_username(self):
        from organisations.models import User

        value = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=value).exists():
            raise forms.ValidationError("That username is taken. Try adding a number.")
        return value
