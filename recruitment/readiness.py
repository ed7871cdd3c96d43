"""Recruitment's part of readiness: the checks a programme asks for, cleared and in date.

training.readiness judges readiness but sits below this app, so it never reads checks itself;
this source is registered there when recruitment loads (recruitment/contributions.py)."""

from __future__ import annotations

from people.models import Coach
from training.models import ProgrammeChecks
from training.readiness import Missing, programme_checks

from .models import Check

DBS, REFERENCE = "dbs", "reference"


class ChecksSource:
    def prefetch(self):
        return ("checks",)

    def load(self, programme, given):
        return programme_checks(programme)

    def judge(self, asked, coach, today, missing, expiring):
        checks = sorted(coach.checks.all(), key=lambda c: c.requested_on, reverse=True)
        if asked and asked.dbs_required:
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
        if asked and asked.references_required:
            received = sum(1 for c in checks if c.kind == REFERENCE and c.is_cleared)
            if received < asked.references_required:
                missing.append(Missing("check", f"{received} of {asked.references_required} references received."))

    def stamp_tables(self, programme):
        return [Check.objects.all(), ProgrammeChecks.objects.filter(programme=programme)]

    def lapsing(self, window):
        coaches = Coach.objects.filter(
            status=Coach.Status.ACTIVE, checks__kind=DBS, checks__renewal_due_on__range=window
        ).prefetch_related("checks")
        return [
            (coach, f"DBS check renewal due {check.renewal_due_on:%-d %b %Y}")
            for coach in coaches.distinct()
            for check in coach.checks.all()
            if check.kind == DBS and check.renewal_due_on and window[0] <= check.renewal_due_on <= window[1]
        ]
