from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from core.access import get_or_404
from organisations.models import Programme
from organisations.permissions import require
from people.models import Coach

from .models import EXPIRY_WARNING, REVIEW_WARNING, Acknowledgement, Agreement, AgreementVersion, InductionItem, Module
from .readiness import Requirements, current_agreement_versions, sources, with_readiness_data


def module_list(user) -> QuerySet[Module]:
    require(user, "training.view")
    return Module.objects.prefetch_related("required_for").annotate(completed=Count("completions"))


def get_module_for_user(user, module_id, *, write: bool = False) -> Module:
    require(user, "training.edit" if write else "training.view")
    return get_or_404(Module.objects.all(), module_id)


def get_agreement_for_user(user, agreement_id, *, write: bool = False) -> Agreement:
    require(user, "training.edit" if write else "training.view")
    return get_or_404(Agreement.objects.prefetch_related("versions"), agreement_id)


def own_coach(user) -> Coach:
    """The signed-in coach's own record, for their journey: anyone else is refused."""
    require(user, "journey.own")
    return get_or_404(Coach.objects.filter(user=user), getattr(getattr(user, "coach_profile", None), "pk", 0))


def agreements_with_status() -> list[dict]:
    """Each agreement's current version and which active coaches have not acknowledged it."""
    coaches = list(
        Coach.objects.filter(status=Coach.Status.ACTIVE).prefetch_related(
            Prefetch("acknowledgements", Acknowledgement.objects.only("id", "coach_id", "version_id"))
        )
    )
    rows = []
    for version in current_agreement_versions():
        outstanding = [c for c in coaches if version.pk not in {a.version_id for a in c.acknowledgements.all()}]
        rows.append(
            {"agreement": version.agreement, "version": version, "outstanding": outstanding, "total": len(coaches)}
        )
    return rows


def acknowledgement_of(coach: Coach, version: AgreementVersion) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(coach=coach, version=version).first()


def get_paper_acknowledgement_for_user(user, acknowledgement_id) -> Acknowledgement:
    """A paper acknowledgement with its signed copy, for staff who may see the coach's training."""
    require(user, "training.view")
    found = Acknowledgement.objects.filter(on_paper=True, signed_copy__isnull=False).select_related("coach")
    return get_or_404(found, acknowledgement_id)


def agreements_to_review(user) -> list[Agreement]:
    """Agreements whose review date has come or comes within REVIEW_WARNING, soonest first."""
    require(user, "training.view")
    due_by = timezone.localdate() + REVIEW_WARNING
    return list(Agreement.objects.filter(review_on__lte=due_by).order_by("review_on", "title")[:10])


def acknowledgements_of(version: AgreementVersion) -> QuerySet[Acknowledgement]:
    return version.acknowledgements.select_related("coach", "by").order_by("coach__last_name")


def coach_training(coach: Coach) -> dict:
    """Everything a coach's readiness page shows, in a fixed number of queries."""
    coach = (
        with_readiness_data(Coach.objects.filter(pk=coach.pk))
        .prefetch_related(Prefetch("induction_items", InductionItem.objects.select_related("module")), "aspirations")
        .get()
    )
    agreements = current_agreement_versions()
    programmes = list(Programme.objects.filter(status=Programme.Status.OPEN).prefetch_related("required_modules"))
    readiness = [(p, Requirements(p, agreements=agreements).judge(coach)) for p in programmes]
    done = {c.module_id for c in coach.completions.all() if c.in_date}
    plan = [(item, item.module_id in done) for item in coach.induction_items.all()]
    acknowledged = {a.version_id: a for a in coach.acknowledgements.all()}
    return {
        "coach": coach,
        "readiness": readiness,
        "plan": plan,
        "completions": sorted(coach.completions.all(), key=lambda c: c.completed_on, reverse=True),
        "aspirations": list(coach.aspirations.all()),
        # Each version with its acknowledgement (or None), so the page can say which were on paper.
        "agreements": [(v, acknowledged.get(v.pk)) for v in agreements],
    }


def expiring_soon() -> list[tuple[Coach, str]]:
    """Active coaches whose DBS check or training lapses in the next six weeks, so it can be
    renewed before they stop being ready (each readiness source says what of its own lapses)."""
    today = timezone.localdate()
    window = (today, today + EXPIRY_WARNING)
    return [item for source in sources() for item in source.lapsing(window)]
