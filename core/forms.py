from __future__ import annotations

import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone

from .text import multi_line, one_line


class CleanTextMixin:
    """Takes the hidden characters (core.text) out of every text field before it is validated:
    a one-line field (name, title, phone, area) loses breaks, controls and format characters; a
    paragraph (a Textarea) keeps its newlines and tabs. Passwords are left exactly as typed.

    Done on the submitted data, before any field cleans it, so "required" and "max_length" judge
    what will be stored, and a form shown again with errors shows the cleaned text. Every form in
    the project derives from Form or ModelForm below (tests/core/test_text.py checks).
    """

    def full_clean(self):
        if self.is_bound:
            self.data = self._without_hidden_characters(self.data)
        super().full_clean()

    def _without_hidden_characters(self, data):
        data = data.copy()  # a QueryDict copy is mutable; a dict copy is ours to change
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            clean = multi_line if isinstance(field.widget, forms.Textarea) else one_line
            key = self.add_prefix(name)
            if isinstance(data, QueryDict):
                if key in data:
                    data.setlist(key, [clean(v) if isinstance(v, str) else v for v in data.getlist(key)])
            elif isinstance(data.get(key), str):
                data[key] = clean(data[key])
        return data


def _display_name(instance) -> str:
    """A person in a drop-down by their name: a sign-in shows its person's name, not its username."""
    display_name = getattr(instance, "display_name", None)
    return display_name() if callable(display_name) else str(instance)


class NamesMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and type(field).label_from_instance is (
                forms.ModelChoiceField.label_from_instance
            ):
                field.label_from_instance = _display_name


class Form(CleanTextMixin, NamesMixin, forms.Form):
    pass


class ModelForm(CleanTextMixin, NamesMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A model field's choices come with a blank "---------", which a radio group shows as a
        # choice of its own, already picked. A required choice starts with none picked instead.
        for field in self.fields.values():
            if not (field.required and isinstance(field.widget, forms.RadioSelect)):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            else:
                field.choices = [choice for choice in field.choices if choice[0] != ""]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedModelForm(ModelForm):
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
