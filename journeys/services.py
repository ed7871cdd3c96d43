from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from core import audit
from organisations.models import Programme
from people.models import Client, Coach

from .models import Relationship


def relationship_start(
    *, client: Client, coach: Coach, programme: Programme, started_on: datetime.date, planned_months: int
) -> Relationship:
    """Pair a client with a coach by hand.

    Keeps the programme's promises: the length is within its minimum and maximum, the coach is
    active and has room (capacity), and the client has no other open relationship in it.
    """
    if not programme.min_months <= planned_months <= programme.max_months:
        raise ValidationError(
            {"planned_months": f"{programme} lasts {programme.length_label()}. Choose a length in that range."}
        )
    if coach.status != Coach.Status.ACTIVE:
        raise ValidationError({"coach": f"{coach} is not active at the moment."})
    with transaction.atomic():
        # Lock the coach row so two coordinators cannot both give a coach their last place.
        Coach.objects.select_for_update().filter(pk=coach.pk).first()
        open_count = Relationship.objects.filter(Q(coach=coach) & Q(status__in=Relationship.OPEN_STATUSES)).count()
        if open_count >= programme.coach_capacity:
            raise ValidationError(
                {"coach": f"{coach} already works with {open_count} people, the most this programme allows."}
            )
        if Relationship.objects.filter(
            client=client, programme=programme, status__in=Relationship.OPEN_STATUSES
        ).exists():
            raise ValidationError({"coach": f"{client} already has a coach in this programme."})
        relationship = Relationship(
            organisation=client.organisation,
            programme=programme,
            coach=coach,
            client=client,
            status=Relationship.Status.INTRODUCING,
            started_on=started_on,
            planned_end_on=started_on + relativedelta(months=planned_months),
        )
        relationship.full_clean()
        relationship.save()
        Client.objects.filter(pk=client.pk).update(status=Client.Status.MATCHED, programme=programme)
        audit.record(
            action="journeys.relationship.started",
            organisation=client.organisation,
            obj=relationship,
            changes={"coach": [None, str(coach)], "client": [None, str(client)], "programme": [None, str(programme)]},
        )
    return relationship
