"""The demo's reciprocal programme: Nadia and Owen take turns over four sessions, and a second
pair is overdue; running the step again changes nothing."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scope

from core.demo import Demo
from matching.models import ReciprocalPair
from organisations.models import Organisation, User
from reciprocal import demo, selectors
from reciprocal.models import PeerReflection, ReciprocalSession


def check_a_pair_taking_turns_and_a_pair_overdue(loaded):
    assert "peer-nadia" in loaded.output and "peer-owen" in loaded.output
    org = Organisation.objects.get(slug="riverside")
    with scope(organisation=org.pk):
        nadia = User.objects.get(username="peer-nadia")
        assert User.objects.get(username="peer-owen").check_password("alongside-demo")
        (mine,) = selectors.my_pairs(nadia)
        assert str(mine.partner) == "Owen Price" and mine.programme.kind == "reciprocal"
        turns = list(mine.reciprocal_sessions.order_by("held_on").values_list("coach__first_name", flat=True))
        assert turns == ["Nadia", "Owen", "Nadia", "Owen"]
        assert not mine.rhythm.overdue
        assert PeerReflection.objects.filter(session__pair=mine, peer=mine.me).count() == 4
        coordinator = User.objects.get(username="coordinator")
        overdue = selectors.overdue_pairs(coordinator)
        assert [str(p.first) for p in overdue] == ["Tariq Said"]
        before = (ReciprocalPair.objects.count(), ReciprocalSession.objects.count())
        demo.step(Demo(organisation=org, today=timezone.localdate()))
        assert (ReciprocalPair.objects.count(), ReciprocalSession.objects.count()) == before
