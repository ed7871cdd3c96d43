"""The dashboard's own sections: figures from journeys, referrals, matching, meetings and hours.

Each is a core.figures.ReportSection registered at REPORT_SECTIONS (contributions.py), exactly as
another app (outcomes) registers its own, and each returns raw figures: suppression is done later,
in one place (reports.suppression). Every figure is counted in the database (aggregate/annotate
with conditional counts): a section makes the same few queries however many clients there are.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Avg, Count, Exists, F, Func, IntegerField, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from core.figures import Amount, Mean, ReportSection, Scope, Table
from core.figures import Count as Counted
from hours.models import Timesheet
from journeys.models import Ending, Goal, GoalStatusChange, Relationship
from meetings.models import Intervention, Meeting
from people.models import Client, Coach
from referrals.models import Referral


class DayNumber(Func):
    """A date as a whole number of days, so date differences are plain integers on SQLite and
    PostgreSQL alike (Django's date subtraction gives durations, which the two store differently)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((%(expressions)s)::date - DATE '2000-01-01')", **extra)


def _bounds(scope: Scope) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as times: from the first day's midnight to the midnight after the last (local)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(scope.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(scope.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _relationships(scope: Scope, prefix: str = "") -> Q:
    """The relationships the scope is about (programme and coach), as a filter from `prefix`."""
    q = Q()
    if scope.programme is not None:
        q &= Q(**{f"{prefix}programme": scope.programme})
    if scope.coach is not None:
        q &= Q(**{f"{prefix}coach": scope.coach})
    return q


def _open_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def _clients(scope: Scope):
    clients = Client.with_archived.all()
    if scope.programme is not None:
        clients = clients.filter(programme=scope.programme)
    if scope.coach is not None:
        clients = clients.filter(Exists(Relationship.objects.filter(client=OuterRef("pk"), coach=scope.coach)))
    return clients


# --- referrals and the caseload --------------------------------------------------------------


def caseload(scope: Scope) -> list[Table]:
    started_by_end = Relationship.objects.filter(client=OuterRef("pk"), started_on__lte=scope.end)
    clients = _clients(scope).aggregate(
        referred=Count("pk", filter=Q(referral_date__gte=scope.start, referral_date__lte=scope.end)),
        waiting=Count(
            "pk",
            filter=Q(referral_date__lte=scope.end) & ~Q(status=Client.Status.WITHDRAWN) & ~Q(Exists(started_by_end)),
        ),
    )
    working = Relationship.objects.filter(_relationships(scope), started_on__lte=scope.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=scope.start)
    )
    together = working.aggregate(
        clients=Count("client", distinct=True),
        started=Count("pk", filter=Q(started_on__gte=scope.start)),
        ended=Count("pk", filter=Q(ended_on__lte=scope.end)),
    )
    rows = [["Referred in the period", Counted(clients["referred"])]]
    if scope.coach is None:
        rows.append(["Waiting for a coach at the end of the period", Counted(clients["waiting"])])
    rows += [
        ["Working with a coach during the period", Counted(together["clients"])],
        ["Started with a coach in the period", Counted(together["started"])],
        ["Finished in the period", Counted(together["ended"])],
    ]
    return [Table("Clients", ["", "Clients"], rows, note="A client counts once however many coaches they had.")]


def endings(scope: Scope) -> list[Table]:
    found = Ending.objects.filter(
        _relationships(scope, "relationship__"),
        undone_at__isnull=True,
        ended_on__gte=scope.start,
        ended_on__lte=scope.end,
    )
    unplanned = [(reason, label) for reason, label in Ending.Reason.choices]
    counts = found.aggregate(
        n_planned=Count("pk", filter=Q(planned=True)),
        total=Count("pk"),
        **{f"r_{reason}": Count("pk", filter=Q(planned=False, reason=reason)) for reason, _ in unplanned},
        unplanned_other=Count("pk", filter=Q(planned=False, reason="")),
    )
    rows = [["Planned: they reached their aims", Counted(counts["n_planned"])]]
    rows += [[f"Unplanned: {label.lower()}", Counted(counts[f"r_{reason}"])] for reason, label in unplanned]
    if counts["unplanned_other"]:
        rows.append(["Unplanned: no reason given", Counted(counts["unplanned_other"])])
    rows.append(["All endings", Counted(counts["total"])])
    return [Table("How relationships ended", ["How it ended", "Relationships"], rows, total_row=True)]


# --- matching --------------------------------------------------------------------------------


def time_to_match(scope: Scope) -> list[Table]:
    """A client's first match only: a second coach after an ending is not a wait from referral."""
    earlier = Relationship.objects.filter(client=OuterRef("client")).filter(
        Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
    )
    days = DayNumber(F("started_on")) - DayNumber(F("client__referral_date"))
    figures = (
        Relationship.objects.filter(_relationships(scope), started_on__gte=scope.start, started_on__lte=scope.end)
        .filter(~Exists(earlier))
        .annotate(days=days)
        .aggregate(n=Count("pk"), average=Avg("days"), longest=Max("days"))
    )
    n = figures["n"]
    rows = [
        ["Clients matched with their first coach", Counted(n)],
        ["Average days from referral to a match", Mean(figures["average"], n)],
        ["Longest days from referral to a match", Mean(figures["longest"], n)],
    ]
    return [Table("Time to a match", ["", "Figure"], rows, chart="none")]


# --- meetings and contact --------------------------------------------------------------------


def contact(scope: Scope) -> list[Table]:
    start, end = _bounds(scope)
    meetings = Meeting.objects.filter(
        _relationships(scope, "relationship__"), relationship__isnull=False, starts_at__gte=start, starts_at__lt=end
    ).aggregate(
        happened=Count("pk", filter=Q(outcome__in=Meeting.HAPPENED)),
        did_not_attend=Count("pk", filter=Q(outcome=Meeting.Outcome.DID_NOT_ATTEND)),
        client_cancelled=Count("pk", filter=Q(outcome=Meeting.Outcome.CANCELLED_BY_CLIENT)),
        coach_cancelled=Count(
            "pk", filter=Q(outcome__in=(Meeting.Outcome.CANCELLED_BY_COACH, Meeting.Outcome.CANCELLED_ENDED))
        ),
    )
    meeting_table = Table(
        "Meetings",
        ["What happened", "Meetings"],
        [
            ["Happened", Counted(meetings["happened"])],
            ["The client did not come", Counted(meetings["did_not_attend"])],
            ["Cancelled by the client", Counted(meetings["client_cancelled"])],
            ["Cancelled by the coach or at the end", Counted(meetings["coach_cancelled"])],
            ["All meetings", Counted(sum(meetings.values()))],
        ],
        total_row=True,
    )
    # Each relationship's meetings that happened in the period against what its programme's rhythm
    # expects for the days it was open in the period (a fortnightly programme open 60 days: 4).
    happened = Q(meetings__outcome__in=Meeting.HAPPENED, meetings__starts_at__gte=start, meetings__starts_at__lt=end)
    opened = Greatest(F("started_on"), Value(scope.start, output_field=models.DateField()))
    closed = Least(Coalesce(F("ended_on"), Value(scope.end)), Value(scope.end, output_field=models.DateField()))
    # One GROUP BY over the relationships and their meetings, counted again outside it (Django
    # wraps an aggregate of aggregates in a subquery): no query per relationship.
    rhythm = (
        Relationship.objects.filter(_relationships(scope), started_on__lte=scope.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.start))
        .annotate(
            met=Count("meetings", filter=happened),
            expected=(DayNumber(closed) - DayNumber(opened) + 1) / F("programme__contact_every_days"),
        )
        .aggregate(total=Count("pk"), on_rhythm=Count("pk", filter=Q(met__gte=F("expected"))))
    )
    rhythm_table = Table(
        "Meeting as often as the programme expects",
        ["", "Relationships"],
        [
            ["Met at least as often as the programme's rhythm", Counted(rhythm["on_rhythm"])],
            ["Met less often", Counted(rhythm["total"] - rhythm["on_rhythm"])],
            ["All relationships open in the period", Counted(rhythm["total"])],
        ],
        total_row=True,
        note="The rhythm is the programme's expected contact (every week, two weeks...), counted over the days each "
        "relationship was open in the period.",
    )
    return [meeting_table, rhythm_table]


def interventions(scope: Scope) -> list[Table]:
    start, end = _bounds(scope)
    used = Q(meetings__outcome__in=Meeting.HAPPENED, meetings__starts_at__gte=start, meetings__starts_at__lt=end)
    used &= _relationships(scope, "meetings__relationship__")
    achieved = Q(meetings__relationship__goals__status=Goal.Status.ACHIEVED)
    found = (
        Intervention.objects.annotate(
            meetings_n=Count("meetings", filter=used, distinct=True),
            clients_n=Count("meetings__relationship__client", filter=used, distinct=True),
            achieved_n=Count("meetings__relationship__client", filter=used & achieved, distinct=True),
        )
        .filter(meetings_n__gt=0)
        .order_by("-meetings_n", "name")
        .values_list("name", "meetings_n", "clients_n", "achieved_n")
    )
    rows = [[name, Counted(m), Counted(c), Counted(a)] for name, m, c, a in found]
    return [
        Table(
            "Interventions used in meetings",
            ["Intervention", "Meetings", "Clients", "Clients who achieved a goal"],
            rows,
            note="A client with several interventions counts under each. "
            "“Achieved a goal”: at least one of the client's goals in that relationship was achieved.",
        )
    ]


# --- referrals onwards -----------------------------------------------------------------------


def referrals(scope: Scope) -> list[Table]:
    found = Referral.objects.filter(made_on__gte=scope.start, made_on__lte=scope.end)
    if scope.programme is not None:
        found = found.filter(client__programme=scope.programme)
    if scope.coach is not None:
        found = found.filter(Exists(Relationship.objects.filter(client=OuterRef("client"), coach=scope.coach)))
    kinds = (Referral.Kind.REFERRAL, Referral.Kind.SIGNPOST)
    counts = found.aggregate(
        **{
            f"{outcome}_{kind}": Count("pk", filter=Q(outcome=outcome, kind=kind))
            for outcome, _ in Referral.Outcome.choices
            for kind in kinds
        },
        **{f"all_{kind}": Count("pk", filter=Q(kind=kind)) for kind in kinds},
    )
    rows = [
        [label, *(Counted(counts[f"{outcome}_{kind}"]) for kind in kinds)]
        for outcome, label in Referral.Outcome.choices
    ]
    rows.append(["All", *(Counted(counts[f"all_{kind}"]) for kind in kinds)])
    return [
        Table("Referrals onwards and what came of them", ["Outcome", "Referred", "Signposted"], rows, total_row=True)
    ]


# --- goals -----------------------------------------------------------------------------------


def goals(scope: Scope) -> list[Table]:
    """Goals whose standing status (achieved, partly achieved) was reached within the period."""
    reached = GoalStatusChange.objects.filter(
        goal=OuterRef("pk"), to_status=OuterRef("status"), changed_on__gte=scope.start, changed_on__lte=scope.end
    )
    done = (Goal.Status.ACHIEVED, Goal.Status.PARTLY_ACHIEVED)
    in_scope = Goal.objects.filter(_relationships(scope, "relationship__"))
    counts = (
        in_scope.filter(status__in=done)
        .filter(Exists(reached))
        .aggregate(
            **{
                f"{category}_{status}": Count("pk", filter=Q(category=category, status=status))
                for category, _ in Goal.Category.choices
                for status in done
            },
            **{f"all_{status}": Count("pk", filter=Q(status=status)) for status in done},
            clients=Count("relationship__client", filter=Q(status=Goal.Status.ACHIEVED), distinct=True),
        )
    )
    agreed = in_scope.filter(agreed_on__gte=scope.start, agreed_on__lte=scope.end).count()
    rows = [
        [label, *(Counted(counts[f"{category}_{status}"]) for status in done)]
        for category, label in Goal.Category.choices
    ]
    rows.append(["All goals", *(Counted(counts[f"all_{status}"]) for status in done)])
    return [
        Table("Goals reached in the period", ["Kind of goal", "Achieved", "Partly achieved"], rows, total_row=True),
        Table(
            "Goals and clients",
            ["", "Number"],
            [
                ["Goals agreed in the period", Counted(agreed)],
                ["Clients who achieved at least one goal", Counted(counts["clients"])],
            ],
        ),
    ]


# --- hours and coaches -----------------------------------------------------------------------


def _coaches(scope: Scope):
    coaches = Coach.with_archived.all()
    if scope.coach is not None:
        coaches = coaches.filter(pk=scope.coach.pk)
    if scope.programme is not None:
        coaches = coaches.filter(Exists(Relationship.objects.filter(coach=OuterRef("pk"), programme=scope.programme)))
    return coaches


def hours(scope: Scope) -> list[Table]:
    """Approved timesheets for the weeks that start in the period. A coach's hours are not split by
    programme: with a programme chosen, they are those of the coaches who worked in it."""
    timesheets = Timesheet.objects.filter(
        status=Timesheet.Status.APPROVED, week_starts__gte=scope.start, week_starts__lte=scope.end
    )
    if scope.coach is not None:
        timesheets = timesheets.filter(coach=scope.coach)
    if scope.programme is not None:
        # EXISTS on the timesheet's own coach: `coach IN (coaches WHERE EXISTS ...)` took PostgreSQL
        # 21 s at 1,000 clients (bench/README.md).
        timesheets = timesheets.filter(
            Exists(Relationship.objects.filter(coach=OuterRef("coach"), programme=scope.programme))
        )
    figures = timesheets.aggregate(
        minutes=Sum("total_minutes"), coaches=Count("coach", distinct=True), weeks=Count("pk")
    )
    hours_given = (figures["minutes"] or 0) / 60
    return [
        Table(
            "Hours given by coaches",
            ["", "Figure"],
            [
                ["Hours given (approved timesheets)", Amount(round(hours_given, 1), "hours")],
                ["Coaches who gave time", Counted(figures["coaches"])],
                [
                    "Average hours a week per coach",
                    Mean(hours_given / figures["weeks"] if figures["weeks"] else None, figures["coaches"]),
                ],
            ],
            chart="none",
        )
    ]


def retention(scope: Scope) -> list[Table]:
    """Coaches working with a client on the first day of the period, and how many of them still were
    on the last day."""
    relationships = Relationship.objects.filter(coach=OuterRef("pk"))
    if scope.programme is not None:
        relationships = relationships.filter(programme=scope.programme)
    figures = (
        _coaches(scope)
        .annotate(
            at_start=Exists(relationships.filter(_open_on(scope.start))),
            at_end=Exists(relationships.filter(_open_on(scope.end))),
        )
        .aggregate(
            started=Count("pk", filter=Q(at_start=True)),
            kept=Count("pk", filter=Q(at_start=True, at_end=True)),
        )
    )
    started, kept = figures["started"], figures["kept"]
    return [
        Table(
            "Coaches kept",
            ["", "Coaches"],
            [
                ["Working with a client at the start of the period", Counted(started)],
                ["Of those, still working with a client at the end", Counted(kept)],
                ["Kept (per cent)", Mean(round(100 * kept / started, 1) if started else None, started)],
            ],
            chart="none",
        )
    ]


BUILT_IN = [
    ReportSection(
        "caseload",
        "Referrals and the caseload",
        caseload,
        method="Clients by their referral date; a client is working with a coach when a relationship of theirs was "
        "open on any day of the period. Waiting: referred by the end of the period, no coach started by then, and not "
        "withdrawn.",
    ),
    ReportSection(
        "endings",
        "Endings",
        endings,
        method="Relationships that ended in the period (an ending later undone is left out), planned or unplanned, "
        "by the reason recorded at the ending.",
    ),
    ReportSection(
        "matching",
        "Time to a match",
        time_to_match,
        method="Days from a client's referral date to the start of their first relationship, for first "
        "relationships that started in the period.",
    ),
    ReportSection(
        "contact",
        "Meetings and contact",
        contact,
        method="Meetings of one-to-one relationships by their recorded outcome. A relationship met as often as "
        "expected when its meetings that happened in the period are at least the days it was open in the period "
        "divided by the programme's expected contact in days (rounded down).",
    ),
    ReportSection(
        "interventions",
        "Interventions",
        interventions,
        method="Interventions recorded on meetings that happened in the period, with the clients they were used "
        "with and how many of those clients achieved a goal in that relationship.",
    ),
    ReportSection(
        "referrals",
        "Referrals onwards",
        referrals,
        method="Referrals and signposting to other services made in the period, by the outcome recorded now.",
    ),
    ReportSection(
        "goals",
        "Goals",
        goals,
        method="Goals marked achieved or partly achieved during the period (and still so), by kind of goal.",
    ),
    ReportSection(
        "hours",
        "Hours given",
        hours,
        method="Approved timesheets of the weeks that start in the period (meetings, travel, training and other "
        "work). With a programme chosen: the coaches who worked in it, all their hours.",
    ),
    ReportSection(
        "coaches",
        "Coach retention",
        retention,
        method="Coaches with a relationship open on the first day of the period, and of those, how many had one "
        "open on the last day.",
    ),
]
