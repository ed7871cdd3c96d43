"""Safeguarding concerns: raised by anyone working with a client, sent to the leads at once, and
readable only by the leads and coordinators; the person who raised one sees what they wrote and
that it was received, not what the leads did. Who may do which is in organisations/permissions.py
("safeguarding.*"); this module keeps the list of leads and tells the table who is one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from core import audit
from core.access import get_or_404
from core.emails import absolute, enqueue_email
from core.request_context import current_user as _actor
from organisations.permissions import require

from .models import Concern, ConcernAction, SafeguardingLead


def is_lead(user) -> bool:
    """Registered with the permission table as the "safeguarding_lead" designation (meetings/apps.py)."""
    return SafeguardingLead.objects.filter(staff_id=user.pk).exists()


def concerns_for(user) -> QuerySet[Concern]:
    require(user, "safeguarding.view")
    return Concern.objects.select_related("client", "raised_by").prefetch_related("actions")


def get_concern_for_user(user, concern_id) -> Concern:
    return get_or_404(concerns_for(user), concern_id)


def concerns_raised_by(user) -> QuerySet[Concern]:
    """The concerns this person raised: what they wrote and when it was received, for their own
    peace of mind. The leads' actions and the closure are not theirs to read (the pages show
    neither), and a concern someone else raised is not in this list at all."""
    require(user, "safeguarding.view_own")
    return Concern.objects.filter(raised_by=user).select_related("client", "meeting").order_by("-created_at")


def get_own_concern_for_user(user, concern_id) -> Concern:
    return get_or_404(concerns_raised_by(user), concern_id)


def concern_raise(*, client, severity: str, description: str, meeting=None) -> Concern:
    with transaction.atomic():
        concern = Concern(
            organisation_id=client.organisation_id,
            client=client,
            meeting=meeting,
            severity=severity,
            description=description,
            raised_by=_actor(),
        )
        concern.full_clean(exclude=["client", "meeting", "raised_by"])
        concern.save()
        # The trail says a concern was raised; what it says stays in the concern.
        audit.record(action="meetings.concern.raised", organisation=client.organisation, obj=client)
        leads = SafeguardingLead.objects.select_related("staff")
        emails = [lead.staff.email for lead in leads if lead.staff.email]
        if emails:
            link = absolute(reverse("meetings:concern_detail", args=[concern.pk]))
            enqueue_email(
                subject=f"Safeguarding concern ({concern.get_severity_display().split(':')[0]})",
                body=f"A safeguarding concern has been raised. Please read it now: {link}",
                to=emails,
            )
    return concern


def concern_act(*, concern: Concern, text: str) -> ConcernAction:
    if concern.closed_at:
        raise ValidationError({"text": "This concern is closed."})
    action = ConcernAction.objects.create(
        organisation_id=concern.organisation_id, concern=concern, text=text, by=_actor()
    )
    audit.record(action="meetings.concern.action_added", organisation=concern.organisation, obj=concern.client)
    return action


def concern_close(*, concern: Concern, closure: str) -> Concern:
    if concern.closed_at:
        raise ValidationError({"closure": "This concern is already closed."})
    Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now(), closed_by=_actor(), closure=closure)
    concern.refresh_from_db()
    audit.record(action="meetings.concern.closed", organisation=concern.organisation, obj=concern.client)
    return concern


def lead_add(*, organisation, staff) -> SafeguardingLead:
    if SafeguardingLead.objects.filter(staff=staff).exists():
        raise ValidationError({"staff": f"{staff.display_name()} is already a safeguarding lead."})
    lead = SafeguardingLead.objects.create(organisation=organisation, staff=staff)
    audit.record(action="meetings.safeguarding_lead.added", organisation=organisation, obj=staff)
    return lead
