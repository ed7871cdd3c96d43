"""The demo's facilitated-group programme has a pool of ten people waiting to be grouped, across
teams, seniorities and sites, that the optimiser splits without two from one team together."""

from __future__ import annotations

from django_scopes import scope

from groups import selectors
from groups.forming import total_cost
from groups.models import JoinRequest
from organisations.models import Organisation, Programme


def check_a_pool_waiting_to_be_grouped(loaded):
    org = Organisation.objects.get(slug="riverside")
    with scope(organisation=org.pk):
        programme = Programme.objects.get(name="Champions' action learning")
        waiting = selectors.pool(programme)
        assert len(waiting) == 10
        assert len({r.team for r in waiting}) == 5 and len({r.seniority for r in waiting}) == 3
        assert JoinRequest.objects.filter(status="waiting").exclude(cannot_make=[]).exists()
        proposal = selectors.pool_propose(pool=waiting, size=4, by_location=True)
        assert [len(g.members) for g in proposal.groups] == [4, 4] and len(proposal.unplaced) == 2
        assert total_cost([g.members for g in proposal.groups], by_location=True)[0] == 0
