from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django_scopes.forms import SafeModelChoiceField

from core.forms import DateInput, Form, ModelForm, VersionedModelForm, not_in_future
from core.public_forms import PublicFormMixin
from organisations.models import Programme, Role

from .models import (
    Channel,
    Circumstance,
    Client,
    Coach,
    Consent,
    Professional,
    RiskAssessment,
    SelfReferral,
    StaffMember,
)

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
    debt_kinds = forms.MultipleChoiceField(
        choices=Circumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Kinds of debt or difficulty",
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
            "debt_kinds",
            "debt_amount",
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

    def clean_status(self):
        # A break has dates and a reason, and settles each client: the break page records those.
        status = self.cleaned_data.get("status")
        if status == Coach.Status.PAUSED and self.instance.pk and self.initial.get("status") != Coach.Status.PAUSED:
            raise forms.ValidationError(
                "Use the “taking a break” link above instead, so the break has its dates and reason."
            )
        return status


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


class RiskAssessmentForm(ModelForm):
    """A short risk assessment for visiting a client at home. A review starts from the last one."""

    class Meta:
        model = RiskAssessment
        fields = [
            "assessed_on",
            "level",
            "others_present",
            "animals",
            "access",
            "substance_use",
            "history",
            "what_to_do",
            "review_by",
        ]
        widgets = {
            "assessed_on": DateInput(),
            "review_by": DateInput(),
            "level": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("others_present", "animals", "access")},
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("substance_use", "history", "what_to_do")},
        }
        help_texts = {
            "others_present": "For example: a partner who works nights, a teenage son.",
            "animals": "For example: a dog that is shut in the kitchen for visits.",
            "access": "Stairs, the entry code, where to park, a way out.",
            "history": "Anything that has happened on a visit or with other services.",
            "what_to_do": "What the coach should do on a visit, and if something goes wrong.",
            "review_by": f"Leave empty for {RiskAssessment.REVIEW_MONTHS} months from the assessment.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_by"].required = False

    def clean(self):
        data = super().clean()
        if data.get("assessed_on") and data.get("review_by") and data["review_by"] <= data["assessed_on"]:
            self.add_error("review_by", "The review date must be after the date of the assessment.")
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class SelfReferralForm(PublicFormMixin, ModelForm):
    """The public form on which someone asks for a coach. It asks only for what a coordinator needs
    to accept them and what matching uses, and what they agree to, one thing at a time."""

    SIGNING_SALT = "self-referral"

    debt_kinds = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=Circumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree_store = forms.BooleanField(
        label="I agree you can keep these details to find me a peer coach",
        error_messages={"required": "We can only find you a coach if you agree we can keep your details."},
    )
    agree_contact_text = forms.BooleanField(label="You may contact me by text message", required=False)
    agree_contact_email = forms.BooleanField(label="You may contact me by email", required=False)
    agree_share = forms.BooleanField(
        label="You may share my details with the services named below, if it helps", required=False
    )
    share_with = forms.CharField(
        label="Which services?",
        max_length=300,
        required=False,
        help_text="For example: my housing officer at Riverside Homes.",
    )
    agree_case_study = forms.BooleanField(
        label="You may ask me later about an anonymous case study of how it went", required=False
    )

    class Meta:
        model = SelfReferral
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "area",
            "debt_kinds",
            "debt_amount",
            "circumstances",
            "hopes",
            "availability",
        ]
        widgets = {"circumstances": forms.Textarea(attrs={"rows": 4}), "hopes": forms.Textarea(attrs={"rows": 3})}
        labels = {"first_name": "First name", "last_name": "Last name", "email": "Email address"}
        help_texts = {
            "email": "We will use this, or your phone number, to get in touch.",
            "circumstances": "Only what you are happy to share.",
        }

    CONSENTS = {
        "agree_store": Consent.Purpose.STORE,
        "agree_contact_text": Consent.Purpose.CONTACT_TEXT,
        "agree_contact_email": Consent.Purpose.CONTACT_EMAIL,
        "agree_share": Consent.Purpose.SHARE,
        "agree_case_study": Consent.Purpose.CASE_STUDY,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_protection()
        self.fields["phone"].validators.append(phone_validator)
        self.fields["debt_amount"].widget.attrs.update(inputmode="decimal", min=0, step="0.01")

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", "Give an email address or a phone number so we can reply.")
        if data.get("share_with") and not data.get("agree_share"):
            self.add_error("agree_share", "Tick this if we may share your details with the services you named.")
        return data

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        values["consents"] = [purpose for field, purpose in self.CONSENTS.items() if self.cleaned_data.get(field)]
        values["share_with"] = self.cleaned_data.get("share_with", "") if self.cleaned_data.get("agree_share") else ""
        return values


class ConsentForm(ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "detail", "given_on", "how"]
        widgets = {"given_on": DateInput(), "purpose": forms.RadioSelect, "how": forms.RadioSelect}

    def clean_given_on(self):
        value = self.cleaned_data.get("given_on")
        not_in_future(value, "The date they agreed")
        return value

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ConsentWithdrawForm(Form):
    withdrawn_on = forms.DateField(label="Date they withdrew it", widget=DateInput())
    withdrawn_how = forms.ChoiceField(label="How they told us", choices=Consent.How.choices, widget=forms.RadioSelect)

    def clean_withdrawn_on(self):
        value = self.cleaned_data.get("withdrawn_on")
        not_in_future(value, "The date")
        return value


class ProfessionalForm(VersionedModelForm):
    class Meta:
        model = Professional
        fields = Professional.EDITABLE
        labels = {"name": "Their name"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_validator)
        if not self.instance.pk:
            del self.fields["involved"]


class AgencyMeetingForm(Form):
    held_on = forms.DateField(label="Date of the meeting", widget=DateInput())
    professionals_present = forms.ModelMultipleChoiceField(
        label="Which professionals came?",
        queryset=Professional.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    others_present = forms.CharField(
        label="Who else came?",
        max_length=300,
        required=False,
        help_text="For example: the client, their coach, a coordinator.",
    )
    summary = forms.CharField(label="What was agreed", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professionals_present"].queryset = Professional.objects.filter(client=client)
        self.fields["professionals_present"].label_from_instance = lambda p: (
            f"{p.name}, {p.get_kind_display().lower()}{f' ({p.agency})' if p.agency else ''}"
        )
