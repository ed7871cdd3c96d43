"""Is a peer coach ready to be matched in a programme? Exactly what is missing if not.

Ready means: the coach is active; the programme's checks are cleared and in date; its required
modules are completed and in date; and the organisation's current agreements are acknowledged.
Nothing here rejects anyone for their history: those are individual judgements recorded elsewhere.
Checks are judged by recruitment, which registers its part here (ReadinessSource).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Count, Max, Prefetch, Subquery, Value
from django.utils import timezone

from core import registry
from people.models import Coach

from .models import Acknowledgement, AgreementVersion, Completion, Module, ProgrammeChecks

# What makes a coach ready comes from several apps: training knows modules and agreements,
# recruitment knows checks (and sits above this app, because it moves applicants to "ready" using
# this module). Each registers a ReadinessSource at this point when it loads, so readiness never
# reads a higher app's tables; the order keeps what is missing listed checks, training, agreements.
SOURCES = "training.readiness"


@dataclass
class Missing:
    kind: str  # "status", "check", "training" or "agreement"
    detail: str


@dataclass
class Readiness:
    ready: bool
    missing: list[Missing] = field(default_factory=list)
    expiring: list[str] = field(default_factory=list)


class ReadinessSource(Protocol):
    """One part of being ready, from the app that owns its records."""

    def prefetch(self) -> tuple:
        """Lookups (strings or Prefetch objects) that load a coach's records for `judge`."""

    def load(self, programme, given: dict[str, Any]) -> Any:
        """What the programme asks, loaded once for any number of coaches; `given` may carry
        what the caller has already loaded (e.g. "agreements")."""

    def judge(self, asked: Any, coach: Coach, today, missing: list[Missing], expiring: list[str]) -> None:
        """Add what this coach lacks (and what lapses soon) for what `load` returned."""

    def stamp_tables(self, programme) -> list:
        """The querysets of everything `load` or `judge` reads, for caches of readiness: their
        row counts, newest edits and highest ids (tables_stamp) change whenever any of it does."""

    def lapsing(self, window: tuple) -> list[tuple[Coach, str]]:
        """Active coaches whose records stop counting within `window` (first, last day), each with
        what lapses, for the coordinator's home."""


def sources() -> list[ReadinessSource]:
    return registry.contributions(SOURCES)


def current_agreement_versions() -> list[AgreementVersion]:
    """The newest version of each of the organisation's agreements (the scope picks the organisation)."""
    newest: dict[int, AgreementVersion] = {}
    for version in AgreementVersion.objects.select_related("agreement").order_by("agreement_id", "number"):
        newest[version.agreement_id] = version
    return sorted(newest.values(), key=lambda v: v.agreement.title)


def with_readiness_data(coaches):
    """Prefetch what readiness needs, so judging many coaches costs a fixed number of queries."""
    return coaches.prefetch_related(*(lookup for source in sources() for lookup in source.prefetch()))


def programme_checks(programme) -> ProgrammeChecks | None:
    """What checks the programme asks for (recruitment's source judges them)."""
    try:
        return programme.checks_needed
    except ProgrammeChecks.DoesNotExist:
        return None


def readiness_tables(programme) -> list:
    """Every source's stamp_tables, for a caller that stamps them with its own in one query."""
    return [table for source in sources() for table in source.stamp_tables(programme)]


def readiness_stamp(programme) -> str:
    """A short text that changes whenever anything readiness for this programme is judged from
    changes, plus today's date (checks and training expire)."""
    return f"{timezone.localdate()}|{tables_stamp(readiness_tables(programme), programme.organisation_id)}"


def tables_stamp(querysets: list, organisation_id: int) -> str:
    """How many rows, the newest edit and the highest id of each queryset: changes on any add, edit
    or delete. One query however many tables (see stamp_query)."""
    row = stamp_query(querysets, organisation_id).first()
    return ":".join(str(value) for value in row or ())


def stamp_query(querysets: list, organisation_id: int):
    """The one query behind tables_stamp: each figure is a subquery of the organisation's row
    (which always exists), so the stamp is one round trip, not three per table. A caller that
    stamps often can compile it once (`.query.sql_with_params()`) and run the SQL each time."""
    from organisations.models import Organisation

    figures = {}
    for n, queryset in enumerate(querysets):
        base = queryset.order_by().annotate(_one=Value(1)).values("_one")
        figures[f"n{n}"] = Subquery(base.annotate(x=Count("pk")).values("x"))
        figures[f"top{n}"] = Subquery(base.annotate(x=Max("pk")).values("x"))
        if any(f.name == "updated_at" for f in queryset.model._meta.concrete_fields):
            figures[f"last{n}"] = Subquery(base.annotate(x=Max("updated_at")).values("x"))
    return Organisation.objects.filter(pk=organisation_id).annotate(**figures).values_list(*figures).order_by()


def table_stamp(queryset) -> str:
    """How many rows, the newest edit and the highest id: changes on any add, edit or delete."""
    agg = queryset.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    return f"{agg['n']}:{agg['last']}:{agg['top']}"


class Requirements:
    """A programme's requirements, loaded once and applied to any number of coaches."""

    def __init__(self, programme, *, agreements: list[AgreementVersion] | None = None):
        self.programme = programme
        given = {} if agreements is None else {"agreements": agreements}
        self.asked = [(source, source.load(programme, given)) for source in sources()]

    def judge(self, coach: Coach) -> Readiness:
        today = timezone.localdate()
        missing: list[Missing] = []
        expiring: list[str] = []
        # Someone getting ready can be judged ready (recruitment's "ready" stage asks); they work
        # with clients only once active, which pairing and the matching pool check themselves.
        if coach.status in (Coach.Status.PAUSED, Coach.Status.LEFT):
            missing.append(Missing("status", f"{coach.first_name} is {coach.get_status_display().lower()}."))
        for source, asked in self.asked:
            source.judge(asked, coach, today, missing, expiring)
        return Readiness(ready=not missing, missing=missing, expiring=expiring)


class ModulesSource:
    """The modules the programme requires, completed and in date."""

    def prefetch(self):
        return (Prefetch("completions", Completion.objects.select_related("module")),)

    def load(self, programme, given):
        return list(programme.required_modules.all())

    def judge(self, modules, coach, today, missing, expiring):
        completions: dict[int, list[Completion]] = {}
        for completion in coach.completions.all():
            completions.setdefault(completion.module_id, []).append(completion)
        for module in modules:
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

    def stamp_tables(self, programme):
        return [
            Completion.objects.all(),
            Module.required_for.through.objects.filter(programme=programme),
            Module.objects.all(),
        ]

    def lapsing(self, window):
        today = window[0]
        renewed = set(Completion.objects.filter(expires_on__gt=window[1]).values_list("coach_id", "module_id"))
        expiring = Completion.objects.filter(
            coach__status=Coach.Status.ACTIVE, expires_on__range=(today, window[1])
        ).select_related("coach", "module")
        return [
            (c.coach, f"{c.module.name} expires {c.expires_on:%-d %b %Y}")
            for c in expiring
            if (c.coach_id, c.module_id) not in renewed
        ]


class AgreementsSource:
    """The organisation's current agreements, acknowledged."""

    def prefetch(self):
        return (
            Prefetch(
                "acknowledgements",
                Acknowledgement.objects.only("id", "coach_id", "version_id", "on_paper", "signed_on"),
            ),
        )

    def load(self, programme, given):
        return given["agreements"] if "agreements" in given else current_agreement_versions()

    def judge(self, agreements, coach, today, missing, expiring):
        acknowledged = {a.version_id for a in coach.acknowledgements.all()}
        for version in agreements:
            if version.pk not in acknowledged:
                missing.append(
                    Missing("agreement", f"{version.agreement.title} (version {version.number}) is not acknowledged.")
                )

    def stamp_tables(self, programme):
        return [Acknowledgement.objects.all(), AgreementVersion.objects.all()]

    def lapsing(self, window):
        return []  # an acknowledgement does not expire


def readiness(coach: Coach, programme) -> Readiness:
    return Requirements(programme).judge(coach)


def ready_coach_ids(programme, coaches: Iterable[Coach]) -> set[int]:
    requirements = Requirements(programme)
    return {coach.pk for coach in coaches if requirements.judge(coach).ready}
