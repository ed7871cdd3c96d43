"""The leaving and break page for a coach (journeys.away)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.forms import DateInput, Form
from core.views import form_page, posted
from organisations.permissions import require
from people.selectors import get_coach_for_user

from . import away


class CoachAwayForm(Form):
    """One choice per open relationship, and for a break its dates and reason."""

    starts_on = forms.DateField(label="First day of the break", widget=DateInput())
    returns_on = forms.DateField(label="Back on", widget=DateInput(), help_text="The break ends by itself on this day.")
    reason = forms.CharField(label="Reason", max_length=300, help_text="For example: a family matter, an operation.")

    def __init__(self, *args, kind: str, relationships, suggested: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.relationships = kind, relationships
        if kind == away.LEAVING:
            for name in ("starts_on", "returns_on", "reason"):
                del self.fields[name]
        else:
            self.fields["starts_on"].initial = timezone.localdate()
            # Arriving from an absence just recorded (hours), the break's dates are already known.
            for name, value in (suggested or {}).items():
                if name in ("starts_on", "returns_on", "reason") and value:
                    self.fields[name].initial = value
        for relationship in relationships:
            self.fields[f"relationship_{relationship.pk}"] = forms.ChoiceField(
                label=f"{relationship.client} ({relationship.programme}, {relationship.get_status_display().lower()})",
                choices=away.choices_for(kind),
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose what happens to {relationship.client}'s relationship."},
            )

    def decisions(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data[f"relationship_{r.pk}"] for r in self.relationships}

    def dates(self) -> dict:
        if self.kind == away.LEAVING:
            return {}
        return {name: self.cleaned_data[name] for name in ("starts_on", "returns_on", "reason")}


@login_required
def coach_away(request, coach_id: int, kind: str):
    if kind not in (away.LEAVING, away.BREAK):
        raise Http404
    coach = get_coach_for_user(request.user, coach_id, write=True)
    require(request.user, "relationships.edit")
    relationships = list(away.open_relationships(coach))
    form = CoachAwayForm(posted(request), kind=kind, relationships=relationships, suggested=request.GET.dict())
    leaving = kind == away.LEAVING
    return form_page(
        request,
        form,
        save=lambda: away.coach_away(coach=coach, kind=kind, decisions=form.decisions(), **form.dates()),
        template="journeys/coach_away.html",
        context={"coach": coach, "kind": kind, "relationships": relationships, "leaving": leaving},
        message=lambda _: f"{coach} has left." if leaving else f"{coach}'s break has been recorded.",
        success_url=lambda _: reverse("people:coach_detail", args=[coach.pk]),
    )
