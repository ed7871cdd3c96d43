from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version it was opened at, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


def not_in_future(value: datetime.date | None, what: str) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")
