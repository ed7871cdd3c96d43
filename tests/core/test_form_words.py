"""Words on forms: a required choice starts with none chosen, and no label says "(optional)"
itself (the field template says it for every optional field)."""

from __future__ import annotations

import importlib

import pytest
from django import forms
from django.apps import apps

from core.forms import Form, ModelForm
from journeys.forms import StepForm
from recruitment.forms import CheckForm

pytestmark = pytest.mark.usefixtures("scoped")


def _all_forms():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
    seen, todo = set(), [Form, ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [f for f in seen if not getattr(getattr(f, "_meta", None), "abstract", False)]


@pytest.mark.parametrize("form_class", [CheckForm, StepForm])
def test_a_required_radio_choice_starts_with_none_chosen(form_class, world):
    form = form_class()
    radios = [f for f in form if isinstance(f.field.widget, forms.RadioSelect) and f.field.required]
    assert radios
    for bound in radios:
        html = str(bound)
        assert "---------" not in html, bound.name
        assert "checked" not in html, bound.name


def test_no_label_says_optional_itself():
    labelled = [
        (form.__name__, name, str(field.label))
        for form in _all_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if field.label and "optional" in str(field.label).lower()
    ]
    assert labelled == []


def test_a_drop_down_of_staff_shows_their_names(world):
    from matching.forms import IntroVisitForm

    world.coordinator.first_name, world.coordinator.last_name = "Dee", "Okafor"
    world.coordinator.save()
    html = str(IntroVisitForm(organisation=world.org)["worker"])
    assert "Dee Okafor" in html and f">{world.coordinator.username}<" not in html
