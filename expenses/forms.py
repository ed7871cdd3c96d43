from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from core.forms import DateInput, Form, ModelForm

from .models import MOST_A_CLAIM, MOST_MILES, ExpenseClaim, MileageRate, PaymentMethod, ProgrammeExpenses
from .receipts import MAX_BYTES


def _amount(label: str = "Amount (£)", *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0.01"),
        max_value=MOST_A_CLAIM,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0.01"}),
        error_messages={
            "required": "Enter the amount, like 12.50.",
            "invalid": "Enter the amount in pounds and pence, like 12.50.",
            "min_value": "Enter an amount more than £0.",
            "max_value": f"That is more than £{MOST_A_CLAIM:,}: check the amount.",
            "max_decimal_places": "Enter pounds and pence: at most two numbers after the point.",
            "max_digits": f"That is more than £{MOST_A_CLAIM:,}: check the amount.",
        },
    )


class ReceiptInput(forms.ClearableFileInput):
    """Opens the camera on a phone, or lets someone choose a photo or a PDF."""

    clear_checkbox_label = "Take the receipt off"

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*,application/pdf", "capture": "environment", **(attrs or {})})


class ClaimForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(
        label="What was it for",
        choices=[(k, v) for k, v in ExpenseClaim.Category.choices if k != ExpenseClaim.Category.MILEAGE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the expense was for."},
    )
    spent_on = forms.DateField(
        label="Date you spent it", widget=DateInput(), error_messages={"required": "Enter the date you spent it."}
    )
    amount = _amount()
    description = forms.CharField(label="In a few words", max_length=200, required=False)
    relationship = forms.ModelChoiceField(
        label="Who was it for", queryset=None, required=False, empty_label="Nobody in particular"
    )
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=None,
        required=False,
        help_text="Only if it was for nobody in particular.",
        empty_label="Choose the programme",
    )
    payment_method = forms.ChoiceField(
        label="How would you like it paid",
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like it paid."},
    )
    advance = forms.ModelChoiceField(
        label="Paid from an advance you were given", queryset=None, required=False, empty_label="No"
    )
    receipt = forms.FileField(
        label="Photo of the receipt",
        required=False,
        widget=ReceiptInput,
        help_text="Take a photo with your phone, or choose a photo or PDF (up to 10 MB).",
    )

    mileage = False

    def __init__(self, *args, relationships, programmes, advances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].queryset = relationships
        self.fields["relationship"].label_from_instance = lambda r: f"{r.client} ({r.programme})"
        self.fields["programme"].queryset = programmes
        self.fields["advance"].queryset = advances
        if not advances.exists():
            del self.fields["advance"]

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is too big: it can be up to 10 MB. A photo from your phone is fine.")
        return upload

    def clean_spent_on(self):
        value = self.cleaned_data["spent_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Choose today or a day before: expenses are claimed once spent.")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("relationship") and not data.get("programme") and "programme" not in self.errors:
            self.add_error("programme", "Choose the programme this is for, or who it was for.")
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("receipt", None)
        data.pop("version", None)
        data.setdefault("advance", None)
        return data


class MileageForm(ClaimForm):
    category = forms.CharField(widget=forms.HiddenInput, initial=ExpenseClaim.Category.MILEAGE, required=False)
    amount = None
    spent_on = forms.DateField(
        label="Date of the journey", widget=DateInput(), error_messages={"required": "Enter the date of the journey."}
    )
    miles = forms.DecimalField(
        label="Miles driven for work",
        min_value=Decimal("0.1"),
        max_value=MOST_MILES,
        max_digits=6,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": "0.1"}),
        error_messages={
            "required": "Enter the miles you drove for work, like 12.5.",
            "invalid": "Enter the miles as a number, like 12.5.",
            "min_value": "Enter the miles you drove for work, like 12.5.",
            "max_value": f"That is more than {MOST_MILES:,} miles: check the number.",
            "max_decimal_places": "Enter miles to one number after the point at most, like 12.5.",
            "max_digits": f"That is more than {MOST_MILES:,} miles: check the number.",
        },
    )
    passengers = forms.TypedChoiceField(
        label="Passengers on work business", choices=[(n, n) for n in range(9)], coerce=int, initial=0
    )
    receipt = forms.FileField(
        label="A receipt or map",
        required=False,
        widget=ReceiptInput,
        help_text="Not needed for mileage.",
    )

    mileage = True
    field_order = ["spent_on", "miles", "passengers", "description", "relationship", "programme", "payment_method"]

    def clean_category(self):
        return ExpenseClaim.Category.MILEAGE


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(VersionForm):
    over_budget = forms.BooleanField(label="Approve it over the budget", required=False)


class RejectForm(VersionForm):
    reason = forms.CharField(
        label="Why it is not approved",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why, so the coach knows what to change."},
    )


class ReverseForm(VersionForm):
    reason = forms.CharField(
        label="Why it is being reversed",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is being reversed."},
    )


class PayForm(VersionForm):
    paid_on = forms.DateField(label="Paid on", widget=DateInput(), error_messages={"required": "Enter the date paid."})
    method = forms.ChoiceField(label="Paid by", choices=PaymentMethod.choices, widget=forms.RadioSelect)
    reference = forms.CharField(label="Payment reference", max_length=100, required=False)


class RulesForm(ModelForm):
    class Meta:
        model = ProgrammeExpenses
        fields = ["who_may_claim", "limit_per_claim", "limit_per_month", "budget"]
        widgets = {"who_may_claim": forms.RadioSelect}

    def _post_clean(self):
        # The service checks the rules between the fields.
        pass


class MileageRateForm(ModelForm):
    class Meta:
        model = MileageRate
        fields = ["starts_on", "first_rate", "band_miles", "after_rate", "passenger_rate"]
        widgets = {"starts_on": DateInput()}
        labels = {
            "first_rate": "£ a mile, up to the band",
            "after_rate": "£ a mile, after the band",
            "passenger_rate": "£ a mile extra for each passenger",
        }

    def _post_clean(self):
        pass


class AdvanceForm(Form):
    coach = forms.ModelChoiceField(label="Coach", queryset=None, error_messages={"required": "Choose the coach."})
    programme = forms.ModelChoiceField(label="Programme", queryset=None)
    amount = _amount()
    given_on = forms.DateField(label="Given on", widget=DateInput())
    method = forms.ChoiceField(label="Given as", choices=PaymentMethod.choices, widget=forms.RadioSelect)
    reconcile_by = forms.DateField(label="Receipts due by", widget=DateInput())
    purpose = forms.CharField(label="What it is for", max_length=300)

    def __init__(self, *args, coaches, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches
        self.fields["programme"].queryset = programmes


class ReconcileForm(VersionForm):
    returned = forms.DecimalField(
        label="Handed back (£)", min_value=Decimal("0"), max_digits=9, decimal_places=2, initial=Decimal("0.00")
    )
    note = forms.CharField(label="Note", max_length=500, required=False)


class ExportForm(Form):
    starts_on = forms.DateField(label="From", widget=DateInput())
    ends_on = forms.DateField(label="To", widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end:
            if end < start:
                self.add_error("ends_on", "The last day must be on or after the first day.")
            elif (end - start).days > 370:
                self.add_error("ends_on", "Export at most a year at a time.")
        return data
