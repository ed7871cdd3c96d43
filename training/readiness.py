"""Is a peer coach ready to be matched in a programme? Exactly what is missing if not.

Ready means: the coach is active; the programme's checks are cleared and in date; its required
modules are completed and in date; and the organisation's current agreements are acknowledged.
Nothing here rejects anyone for their history: those are individual judgements recorded elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from people.models import Coach

from .models import Acknowledgement, AgreementVersion, Completion, ProgrammeChecks

# Checks live in `recruitment`, which sits above this app (it moves applicants to "ready" using
# this module), so they are reached through the coach's `checks` relation, never imported.
DBS, REFERENCE = "dbs", "reference"


@dataclass
class Missing:
    kind: str  # "status", "check", "training" or "agreement"
    detail: str


@dataclass
class Readiness:
    ready: bool
    missing: list[Missing] = field(default_factory=list)
    expiring: list[str] = field(default_factory=list)


def current_agreement_versions() -> list[AgreementVersion]:
    """The newest version of each of the organisation's agreements (the scope picks the organisation)."""
    newest: dict[int, AgreementVersion] = {}
    for version in AgreementVersion.objects.select_related("agreement").order_by("agreement_id", "number"):
        newest[version.agreement_id] = version
    return sorted(newest.values(), key=lambda v: v.agreement.title)


def with_readiness_data(coaches):
    """Prefetch what readiness needs, so judging many coaches costs a fixed number of queries."""
    return coaches.prefetch_related(
        "checks",
        Prefetch("completions", Completion.objects.select_related("module")),
        Prefetch("acknowledgements", Acknowledgement.objects.only("id", "coach_id", "version_id")),
    )


class Requirements:
    """A programme's requirements, loaded once and applied to any number of coaches."""

    def __init__(self, programme, *, agreements: list[AgreementVersion] | None = None):
        self.programme = programme
        self.modules = list(programme.required_modules.all())
        try:
            self.checks = programme.checks_needed
        except ProgrammeChecks.DoesNotExist:
            self.checks = None
        self.agreements = current_agreement_versions() if agreements is None else agreements

    def judge(self, coach: Coach) -> Readiness:
        today = timezone.localdate()
        missing: list[Missing] = []
        expiring: list[str] = []
        if coach.status != Coach.Status.ACTIVE:
            missing.append(Missing("status", f"{coach.first_name} is {coach.get_status_display().lower()}."))
        checks = sorted(coach.checks.all(), key=lambda c: c.requested_on, reverse=True)
        if self.checks and self.checks.dbs_required:
            dbs = [c for c in checks if c.kind == DBS]
            cleared = [c for c in dbs if c.in_date]
            if cleared:
                expiring += [f"DBS check renewal due {c.renewal_due_on:%-d %b %Y}" for c in cleared if c.renewal_soon]
            elif any(c.is_cleared for c in dbs):
                missing.append(Missing("check", "The DBS check has expired and needs renewing."))
            elif dbs:
                missing.append(Missing("check", f"The DBS check is waiting ({dbs[0].status_label.lower()})."))
            else:
                missing.append(Missing("check", "No DBS check has been requested."))
        if self.checks and self.checks.references_required:
            received = sum(1 for c in checks if c.kind == REFERENCE and c.is_cleared)
            if received < self.checks.references_required:
                missing.append(
                    Missing("check", f"{received} of {self.checks.references_required} references received.")
                )
        completions: dict[int, list[Completion]] = {}
        for completion in coach.completions.all():
            completions.setdefault(completion.module_id, []).append(completion)
        for module in self.modules:
            done = completions.get(module.pk, [])
            current = [c for c in done if c.in_date]
            if current:
                latest = max(current, key=lambda c: c.expires_on or today.replace(year=9999))
                if latest.expiring_soon:
                    expiring.append(f"{module.name} expires {latest.expires_on:%-d %b %Y}")
            elif done:
                missing.append(Missing("training", f"{module.name} has expired and needs a refresher."))
            else:
                missing.append(Missing("training", f"{module.name} is not complete."))
        acknowledged = {a.version_id for a in coach.acknowledgements.all()}
        for version in self.agreements:
            if version.pk not in acknowledged:
                missing.append(
                    Missing("agreement", f"{version.agreement.title} (version {version.number}) is not acknowledged.")
                )
        return Readiness(ready=not missing, missing=missing, expiring=expiring)


def readiness(coach: Coach, programme) -> Readiness:
    return Requirements(programme).judge(coach)


def ready_coach_ids(programme, coaches: Iterable[Coach]) -> set[int]:
    requirements = Requirements(programme)
    return {coach.pk for coach in coaches if requirements.judge(coach).ready}
