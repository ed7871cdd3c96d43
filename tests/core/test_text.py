"""Hidden characters (Unicode Cc and Cf) are taken out of what people type, once, centrally."""

from __future__ import annotations

import importlib
import inspect
import logging
import unicodedata

import pytest
from django import forms
from django.apps import apps
from hypothesis import given
from hypothesis import strategies as st

from core import forms as core_forms
from core.text import for_log, multi_line, one_line

DISGUISED = "Sam \u202enrenuT"  # shows as "Sam Turner" reversed: a name passing for another


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_one_line_drops_direction_overrides_and_control_characters():
    assert one_line(DISGUISED) == "Sam nrenuT"
    assert one_line("Jade\x1b[31m Wilson\x07") == "Jade[31m Wilson"
    assert one_line("\u2066Jade\u2069 \u200bWilson\ufeff") == "Jade Wilson"
    assert one_line("Jade\r\nWilson\tMBE") == "Jade  Wilson MBE"


def test_joiners_in_emoji_and_in_names_are_kept():
    family = "\U0001f469\u200d\U0001f467"
    assert one_line(f"Priya {family}") == f"Priya {family}"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a zero-width non-joiner
    assert one_line(persian) == persian


def test_multi_line_keeps_newlines_and_tabs_and_drops_the_rest():
    assert multi_line("Went well:\r\n\t- rent paid\x1b[2J\u202e") == "Went well:\n\t- rent paid[2J"
    assert multi_line("one\rtwo\u2028three") == "one\ntwo\nthree"


def _hidden_left(text: str, allowed: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in allowed]


@given(st.text())
def test_nothing_hidden_survives(text):
    assert _hidden_left(one_line(text), "\u200c\u200d") == []
    assert _hidden_left(multi_line(text), "\n\t\u200c\u200d") == []
    assert one_line(one_line(text)) == one_line(text)
    assert multi_line(multi_line(text)) == multi_line(text)


def test_for_log_escapes_instead_of_dropping():
    assert for_log("GET /a\x1b[2Jb\u202e\n") == "GET /a\\x1b[2Jb\\u202e\\n"


# --- forms ------------------------------------------------------------------------------------


class _Sample(core_forms.Form):
    name = forms.CharField(max_length=20)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)


def test_forms_clean_one_line_fields_and_paragraphs_differently():
    form = _Sample(data={"name": DISGUISED, "notes": "a\r\nb\x1b", "secret": "p\x1bw"})
    assert form.is_valid()
    assert form.cleaned_data == {"name": "Sam nrenuT", "notes": "a\nb", "secret": "p\x1bw"}


def test_a_name_of_only_hidden_characters_is_missing():
    form = _Sample(data={"name": "\u202e\u200b\x1b"})
    assert not form.is_valid()
    assert "name" in form.errors


def _project_forms():
    for config in apps.get_app_configs():
        if "site-packages" in config.path:  # only our own apps
            continue
        for module_name in ("forms", "forms_auth", "views"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _, klass in inspect.getmembers(module, inspect.isclass):
                if issubclass(klass, forms.BaseForm) and klass.__module__ == module.__name__:
                    yield klass


def test_every_form_in_the_project_strips_hidden_characters():
    found = list(_project_forms())
    assert len(found) > 30
    missing = [f"{k.__module__}.{k.__name__}" for k in found if not issubclass(k, core_forms.CleanTextMixin)]
    assert missing == [], "Derive these from core.forms.Form or core.forms.ModelForm"


# --- where names end up -----------------------------------------------------------------------


def test_a_disguised_name_typed_on_a_page_is_stored_and_audited_plainly(as_role, world):
    from core.models import AuditEntry
    from people.models import Coach

    response = as_role("coordinator").post(
        "/coaches/new/",
        {
            "first_name": "\u202eGracia",
            "last_name": "Obi\x1b]0;pwned\x07",
            "employment": "volunteer",
            "role_title": "Peer Coach",
            "status": "active",
            "agreed_weekly_hours": "4",
            "meeting_reminders": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    coach = Coach.objects.get(first_name="Gracia")
    assert coach.last_name == "Obi]0;pwned"
    entry = AuditEntry.objects.filter(object_id=str(coach.pk)).latest("created_at")
    assert entry.object_label == "Gracia Obi]0;pwned"


def test_the_audit_label_of_a_record_stored_before_cleaning_is_plain(world):
    from core import audit
    from people.models import Coach

    Coach.objects.filter(pk=world.coach.pk).update(last_name="Tur\u202ener\x1b")
    world.coach.refresh_from_db()
    entry = audit.record(
        action="people.coach.viewed", organisation=world.org, obj=world.coach, changes={"notes": ["a\x1b\nb", "c"]}
    )
    assert entry.object_label == "Sam Turner"
    assert entry.changes == {"notes": ["a\nb", "c"]}


def test_console_logs_show_escape_codes_escaped():
    from core.logs import PlainFormatter

    assert any(isinstance(h.formatter, PlainFormatter) for h in logging.getLogger().handlers)
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/a\x1b[2J\nFAKE",), None
    )
    assert PlainFormatter("%(message)s").format(record) == "Not Found: /a\\x1b[2J\\nFAKE"
