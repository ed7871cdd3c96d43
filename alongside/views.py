"""Each role's home page: what that person needs on day one."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from journeys.models import Relationship
from journeys.selectors import (
    attention_counts,
    ending_soon,
    open_steps_for_client,
    relationships_visible_to,
    with_check_in_awaiting_reply,
)
from matching.selectors import offer_for_client_user
from meetings.models import Alert, Concern
from meetings.selectors import engagement_flags, open_follow_ups, upcoming_for
from organisations.permissions import can
from organisations.selectors import programme_list
from people.models import Client, Coach
from referrals import selectors as referral_selectors
from training.selectors import expiring_soon


def _needs_attention(user):
    """People a coordinator should look at today, each with the reason in plain words."""
    today = timezone.localdate()
    long_wait = today - timedelta(weeks=4)
    waiting = list(
        Client.objects.filter(status=Client.Status.WAITING, referral_date__lte=long_wait)
        .select_related("programme")
        .order_by("referral_date")[:10]
    )
    no_programme = list(Client.objects.filter(status=Client.Status.WAITING, programme__isnull=True)[:10])
    paused = list(Coach.objects.filter(status=Coach.Status.PAUSED)[:10])
    return {
        "long_waits": [(c, (today - c.referral_date).days // 7) for c in waiting],
        "no_programme": no_programme,
        "ending_soon": list(ending_soon()[:10]),
        "paused_coaches": paused,
        "attention_counts": attention_counts(user),
        "expiring": expiring_soon()[:10],
        "open_alerts": Alert.objects.filter(resolved_at__isnull=True, level=0).count(),
        "follow_ups": list(open_follow_ups(user)[:10]),
        "engagement": engagement_flags(),
    }


@login_required
def home(request):
    user = request.user
    if can(user, "home.coach"):
        relationships = (
            with_check_in_awaiting_reply(relationships_visible_to(user))
            .filter(status__in=Relationship.OPEN_STATUSES)
            .order_by("check_in_due_on", "client__first_name")
        )
        context = {
            "relationships": relationships,
            "coach": getattr(user, "coach_profile", None),
            "meetings": upcoming_for(user, limit=5),
        }
        return render(request, "home/coach.html", context)
    if can(user, "home.client"):
        client = Client.objects.filter(user=user).first()
        relationship = relationships_visible_to(user).filter(status__in=Relationship.OPEN_STATUSES).first()
        context = {
            "client": client,
            "relationship": relationship,
            "steps": list(open_steps_for_client(user)[:20]),
            "meetings": upcoming_for(user, limit=3),
            "offer": offer_for_client_user(user),
        }
        return render(request, "home/client.html", context)
    if can(user, "home.staff"):
        context = {"programmes": programme_list(user=user), "can_read_concerns": can(user, "safeguarding.view")}
        if context["can_read_concerns"]:
            context["open_concerns"] = Concern.objects.filter(closed_at__isnull=True).count()
        # Who needs attention is about the caseload, which group facilitators do not see.
        if can(user, "relationships.view"):
            context.update(_needs_attention(user))
            context["open_referrals"] = referral_selectors.open_count(user)
        return render(request, "home/staff.html", context)
    return render(request, "home/no_organisation.html")
