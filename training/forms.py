from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateInput, Form, VersionedModelForm, not_in_future
from organisations.models import Programme

from .models import Agreement, Module


class ModuleForm(VersionedModelForm):
    required_for = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Required before coaching in",
    )

    class Meta:
        model = Module
        fields = ["name", "description", "refresh_every_months", "accredited", "awarding_body"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_for"].queryset = Programme.objects.all()
        if self.instance.pk:
            self.fields["required_for"].initial = list(self.instance.required_for.all())

    def clean(self):
        data = super().clean()
        if data.get("accredited") and not data.get("awarding_body"):
            self.add_error("awarding_body", "Name the awarding body for an accredited course.")
        return data

    def clean_name(self):
        # The scope limits this to the organisation, as the unique constraint does.
        name = self.cleaned_data["name"].strip()
        if Module.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a module with this name.")
        return name

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ProgrammeChecksForm(Form):
    dbs_required = forms.BooleanField(label="A cleared DBS check, in date", required=False)
    references_required = forms.IntegerField(label="References received", min_value=0, max_value=5)
    recovery_guideline = forms.CharField(
        label="Recovery guideline",
        max_length=300,
        required=False,
        help_text="A guide for the coordinator's judgement about each person, for example "
        "“usually stable for 12 months”. It never rejects anyone on its own.",
    )
    modules = forms.ModelMultipleChoiceField(
        queryset=Module.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Required training"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = Module.objects.all()


class InductionForm(Form):
    module = forms.ModelChoiceField(queryset=Module.objects.none())
    planned_for = forms.DateField(label="Planned for the week of", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.all()
        self.fields["planned_for"].initial = timezone.localdate()


class CompletionForm(Form):
    module = forms.ModelChoiceField(queryset=Module.objects.none())
    completed_on = forms.DateField(label="Completed on", widget=DateInput())
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.all()
        self.fields["completed_on"].initial = timezone.localdate()

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        not_in_future(value, "The completion date")
        return value


def _review_on() -> forms.DateField:
    return forms.DateField(
        label="Review by",
        required=False,
        widget=DateInput(),
        help_text="When to look at it again. Your home page says when a review is due.",
    )


class AgreementForm(Form):
    title = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=Agreement.Kind.choices, widget=forms.RadioSelect)
    body = forms.CharField(label="The text", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))
    review_on = _review_on()

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if Agreement.objects.filter(title__iexact=title).exists():
            raise forms.ValidationError("There is already an agreement with this title. Publish a new version of it.")
        return title


class AgreementVersionForm(Form):
    body = forms.CharField(label="The new text", max_length=20000, widget=forms.Textarea(attrs={"rows": 14}))
    change_note = forms.CharField(label="What changed", max_length=300)
    review_on = _review_on()


class PaperAcknowledgementForm(Form):
    signed_on = forms.DateField(label="Date they signed", widget=DateInput())
    signed_copy = forms.FileField(
        label="The signed copy",
        help_text="A scan or a photo of the signed page: PDF, JPEG or PNG, up to 5 MB.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        not_in_future(value, "The date signed")
        return value


class AspirationForm(Form):
    text = forms.CharField(label="What would you like to learn or achieve?", max_length=500)
