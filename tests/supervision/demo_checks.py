"""The demo shows supervision due and overdue with actions carried over, a coach asking for a
session, and a coach whose role changed to property searches; loading it twice changes nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from organisations.models import User
from supervision import selectors
from supervision.models import Action, Arrangement, LogEntry, RoleChange, Session


def check_supervision_due_and_overdue_with_actions_carried_over(loaded):
    tom = User.objects.get(username="supervisor")
    due = selectors.due_list(tom)
    sam = next(row for row in due if row.coach.user and row.coach.user.username == "coach")
    assert sam.overdue
    assert any(row.asked for row in due) and any(not row.overdue for row in due)
    assert Action.objects.filter(coach=sam.coach, done_at__isnull=True).count() == 2
    assert Action.objects.filter(coach=sam.coach, done_at__isnull=False).count() == 1
    assert RoleChange.objects.filter(to_role="property_searches").exists()
    assert LogEntry.objects.filter(coach=sam.coach, shared_at__isnull=True).exists()
    from supervision.models import ConductConcern

    [concern] = ConductConcern.objects.all()
    assert concern.is_open and concern.review_on and concern.coach.first_name == "Chris"
    assert selectors.reads_conduct(tom, concern.coach)  # Chris's supervisor reads it
    counts = (Arrangement.objects.count(), Session.objects.count(), RoleChange.objects.count(), 1)
    call_command("load_demo", stdout=io.StringIO())
    again = (Arrangement.objects.count(), Session.objects.count(), RoleChange.objects.count())
    assert (*again, ConductConcern.objects.count()) == counts
