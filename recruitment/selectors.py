from __future__ import annotations

from django.db.models import QuerySet

from core.access import get_or_404
from organisations.permissions import require
from people.models import Circumstance

from .models import (
    DEFAULT_EXCLUSION_QUESTIONS,
    DEFAULT_QUESTIONS,
    Application,
    Check,
    MatchingExclusion,
    OrganisationCircumstance,
    SuitabilityQuestion,
)


def get_check_for_user(user, check_id, *, write: bool = False) -> Check:
    require(user, "checks.edit" if write else "checks.view")
    return get_or_404(Check.objects.select_related("coach"), check_id)


def check_list(user, *, coach_id: int | None = None, waiting: bool = False) -> QuerySet[Check]:
    """The checks this user may see (never their certificate numbers: see certificate_viewed)."""
    require(user, "checks.view")
    checks = Check.objects.select_related("coach")
    if coach_id:
        checks = checks.filter(coach_id=coach_id)
    if waiting:
        checks = checks.filter(cleared_on__isnull=True)
    return checks


def checks_waiting(user) -> QuerySet[Check]:
    """Checks requested and not yet back, the longest wait first."""
    return check_list(user, waiting=True).order_by("requested_on")


def pipeline(user) -> dict[str, list[Application]]:
    """Applicants by stage, each with their checks, so waits can be shown without more queries."""
    stages: dict[str, list[Application]] = {value: [] for value, _ in Application.Stage.choices}
    for application in application_list(user).prefetch_related("coach__checks"):
        stages[application.stage].append(application)
    return stages


def application_list(user, *, stage: str = "") -> QuerySet[Application]:
    """Everyone in the pipeline, longest in their stage first; `stage` narrows it to one stage."""
    require(user, "checks.view")
    applications = Application.objects.select_related("coach")
    if stage in Application.Stage.values:
        applications = applications.filter(stage=stage)
    return applications


def get_application_for_user(user, application_id, *, write: bool = False) -> Application:
    require(user, "checks.edit" if write else "checks.view")
    return get_or_404(Application.objects.select_related("coach"), application_id)


def suitability_questions() -> list[str]:
    """The questions an organisation asks in the suitability conversation, in order. One that has
    saved none yet asks the suggested ones; they are saved only with its first question or
    conversation (recruitment.services.ensure_default_questions), so looking writes nothing."""
    saved = list(SuitabilityQuestion.objects.order_by("position", "pk").values_list("text", "active"))
    if not saved:
        return list(DEFAULT_QUESTIONS)
    return [text for text, active in saved if active]


def exclusion_questions() -> set[str]:
    """The questions (of suitability_questions) that ask about people or circumstances someone
    would not work with: only their answers can become matching exclusions."""
    saved = SuitabilityQuestion.objects.filter(active=True)
    if not saved.exists():
        return set(DEFAULT_EXCLUSION_QUESTIONS)
    return set(saved.filter(asks_about_exclusions=True).values_list("text", flat=True))


def circumstance_choices() -> list[tuple[str, str]]:
    """The organisation's circumstances as (key, label), in order: the usual ones until it adds
    its own (looking writes nothing)."""
    saved = list(OrganisationCircumstance.objects.order_by("position", "pk").values_list("key", "label"))
    return saved or list(Circumstance.choices)


def coach_exclusions(coach) -> list[MatchingExclusion]:
    return list(MatchingExclusion.objects.filter(coach=coach))
