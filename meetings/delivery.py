"""Delivering lone-working alerts: each step reaches its person at least once, and is shown once.

A step is one Alert row (shown once in the product, whatever happens here). Its delivery is a task
of its own, queued after the transaction that raised it commits, so nothing is sent from inside a
web request and one alert's trouble never holds up another's. The task enters the alert's own
organisation, claims the step with a conditional update, sends each channel and records each
channel's outcome in an AlertDelivery row.

Nothing is lost: until every channel is sent, the step keeps a `delivery_due_at`, and the minute
sweep queues it again once that passes: a minute after a claim (the worker died before it
finished) or after a capped backoff (a channel failed). A channel already sent is not sent again
on a retry; only a worker that dies between sending and recording can send one twice, which is
the right way round for a safety alert."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_scopes import get_scope, scopes_disabled

from core.emails import absolute
from core.tasks import require_organisation_id

from .models import Alert, AlertDelivery, EscalationContact, HomeAddress, MeetingParticipant, OnCallShift

logger = logging.getLogger(__name__)

# A claim older than this is a worker that died: the sweep queues the step again and the next
# worker may take it over.
CLAIM_TIMEOUT = datetime.timedelta(minutes=1)
# Failed channels are tried again after 1, 2, 4, 8 minutes, then every 15 minutes until they go.
MAX_BACKOFF = datetime.timedelta(minutes=15)
BATCH = 500


def queue_delivery(alert_id: int, *, organisation_id: int | None = None) -> None:
    """Queue this step's delivery, in the alert's organisation, once the current transaction
    commits (at once outside one). Without `organisation_id` it is the organisation whose scope
    we are in (a coach's help request); outside any organisation's scope it refuses at once."""
    from .tasks import deliver_alert

    if organisation_id is None:
        organisation_id = get_scope().get("organisation")
    # Checked now, not when the transaction commits, so the mistake fails where it is made.
    require_organisation_id(organisation_id)
    transaction.on_commit(lambda: deliver_alert.enqueue(organisation_id=organisation_id, alert_id=alert_id))


def queue_due(*, now: datetime.datetime, organisation_id: int | None = None) -> int:
    """Queue every step still owed whose `delivery_due_at` has passed: new steps, claims that
    went stale, failures whose backoff is over. Each is pushed a minute on as it is queued, so
    a backlogged worker is not handed the same step every minute. Returns how many were queued.

    With `organisation_id` (an organisation's task, inside its scope) only that organisation's;
    without, the sweep's, which finds across every organisation by ids alone."""
    if organisation_id is not None:
        return _queue_owed(now, organisation_id=organisation_id)
    with scopes_disabled():
        return _queue_owed(now)


def _queue_owed(now: datetime.datetime, *, organisation_id: int | None = None) -> int:
    owed_steps = Alert.objects.filter(delivered_at__isnull=True, delivery_due_at__lte=now)
    if organisation_id is not None:
        owed_steps = owed_steps.filter(organisation_id=organisation_id)
    owed = list(owed_steps.order_by("delivery_due_at").values_list("pk", "organisation_id"))
    for start in range(0, len(owed), BATCH):
        batch = [alert_id for alert_id, _ in owed[start : start + BATCH]]
        Alert.objects.filter(pk__in=batch, delivered_at__isnull=True, delivery_due_at__lte=now).update(
            delivery_due_at=now + CLAIM_TIMEOUT
        )
    for alert_id, owner in owed:
        queue_delivery(alert_id, organisation_id=owner)
    return len(owed)


def alert_deliver(*, alert_id: int, now: datetime.datetime | None = None) -> str:
    """Deliver one step on every channel its recipient has. Runs inside the alert's own
    organisation (the deliver_alert task enters it), so an alert of another organisation is
    not found: "gone", as is one that no longer exists.

    Safe to run twice at once or again later: only the worker holding the claim sends, and a
    channel already sent is skipped. Returns what happened ("delivered", "failed", "not claimed")."""
    if not Alert.objects.filter(pk=alert_id).exists():
        return "gone"
    return _deliver(alert_id, now or timezone.now())


def claim(alert_id: int, now: datetime.datetime) -> str | None:
    """Take the step for this worker, unless it is delivered or another live worker holds it."""
    token = uuid.uuid4().hex
    taken = (
        Alert.objects.filter(pk=alert_id, delivered_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - CLAIM_TIMEOUT))
        .update(
            claim=token,
            claimed_at=now,
            delivery_due_at=now + CLAIM_TIMEOUT,
            delivery_attempts=F("delivery_attempts") + 1,
        )
    )
    return token if taken else None


def _deliver(alert_id: int, now: datetime.datetime) -> str:
    token = claim(alert_id, now)
    if token is None:
        return "not claimed"
    people = MeetingParticipant.objects.select_related("coach", "client", "user__staff_profile")
    alert = (
        Alert.objects.select_related("recipient", "meeting")
        .prefetch_related(Prefetch("meeting__participants", queryset=people))
        .get(pk=alert_id)
    )
    already = {delivery.channel: delivery for delivery in AlertDelivery.objects.filter(alert=alert)}
    text = alert_text(alert)
    failed = False
    for channel, address, send in _channels(alert, text):
        delivery = already.get(channel)
        if delivery is not None and delivery.status == AlertDelivery.Status.SENT:
            continue
        created = False
        if delivery is None:
            delivery, created = AlertDelivery.objects.get_or_create(
                alert=alert,
                channel=channel,
                defaults={"organisation_id": alert.organisation_id, "address": address, "attempts": 1},
            )
        if not created:
            AlertDelivery.objects.filter(pk=delivery.pk).update(
                status=AlertDelivery.Status.SENDING, address=address, attempts=F("attempts") + 1
            )
        try:
            send()
        except Exception as error:  # any sender's failure is recorded, and the other channels still go
            failed = True
            logger.exception("Alert %s: sending by %s failed", alert_id, channel)
            AlertDelivery.objects.filter(pk=delivery.pk).update(
                status=AlertDelivery.Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:500]
            )
        else:
            AlertDelivery.objects.filter(pk=delivery.pk).update(
                status=AlertDelivery.Status.SENT, last_error="", delivered_at=timezone.now()
            )
    mine = Alert.objects.filter(pk=alert_id, claim=token)
    if failed:
        mine.update(claim="", claimed_at=None, delivery_due_at=now + backoff(alert.delivery_attempts))
        return "failed"
    mine.update(claim="", claimed_at=None, delivered_at=timezone.now(), delivery_due_at=None)
    return "delivered"


def backoff(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _channels(alert: Alert, text: str) -> Iterator[tuple[str, str, Callable[[], object]]]:
    recipient = alert.recipient
    if recipient and recipient.email:
        email = recipient.email
        yield (
            AlertDelivery.Channel.EMAIL,
            email,
            lambda: send_mail("Safety alert: please act now", text, settings.DEFAULT_FROM_EMAIL, [email]),
        )
    sender = getattr(settings, "ALONGSIDE_SMS_SENDER", "")
    phone = _phone_for(alert) if sender and recipient else ""
    if phone:
        yield AlertDelivery.Channel.SMS, phone, lambda: import_string(sender)(phone, text)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def alert_text(alert: Alert) -> str:
    """Who to check on and how to reach them: the meeting's lone workers (their phones), and who
    they were meeting, from its participants whatever owns the meeting."""
    meeting = alert.meeting
    workers = meeting.workers()
    who = _and([f"{p.name} (phone {p.phone or 'not recorded'})" for p in workers]) if workers else "Someone"
    others = [p.first_name for p in meeting.others()]
    was = "was" if len(workers) <= 1 else "were"
    doing = f"{was} meeting {_and(others)}" if others else f"{was} at a meeting"
    text = (
        f"Alongside safety alert: {alert.get_kind_display().lower()}. {who} {doing} at "
        f"{meeting.place or meeting.get_place_kind_display()} from {timezone.localtime(meeting.starts_at):%H:%M}."
    )
    if alert.raised_late and alert.due_at:
        text += f" This alert is late: it fell due at {timezone.localtime(alert.due_at):%H:%M on %-d %b}."
    if alert.location:
        text += f" They shared their location: {alert.location}."
    text += _home_visit_address(meeting)
    return text + f" Open {absolute('/alerts/')} to acknowledge."


def _home_visit_address(meeting) -> str:
    """For a home visit, the address the organisation holds for each client in it. Only staff
    receive alert texts, so only staff read it."""
    if meeting.place_kind != meeting.Place.HOME:
        return ""
    clients = {p.client_id: p.first_name for p in meeting.others() if p.client_id}
    held = HomeAddress.objects.filter(client_id__in=clients).values_list("client_id", "address")
    return "".join(f" Home visit: the address we hold for {clients[client]} is {address}." for client, address in held)


def _phone_for(alert: Alert) -> str:
    shift = OnCallShift.objects.filter(staff=alert.recipient).order_by("-starts_at").first()
    if shift:
        return shift.phone
    contact = EscalationContact.objects.filter(staff=alert.recipient).first()
    return contact.phone if contact else ""
