"""Exclusions name any circumstance the organisation defines (it starts with the usual ones), and
can be added for a coach who came without an application."""

from __future__ import annotations

import pytest

from matching import services as matching_services
from matching.models import ClientProfile
from people.models import Circumstance
from recruitment import selectors, services
from recruitment.models import MatchingExclusion, OrganisationCircumstance
from tests.matching.test_pages import _waiting

pytestmark = pytest.mark.usefixtures("scoped")


def test_an_organisation_starts_with_the_usual_circumstances_without_saving_them(world):
    assert selectors.circumstance_choices() == list(Circumstance.choices)
    assert not OrganisationCircumstance.objects.exists()


def test_an_organisation_adds_its_own_circumstance(world):
    added = services.circumstance_add(organisation=world.org, label="Gambling")
    choices = dict(selectors.circumstance_choices())
    assert choices[added.key] == "Gambling"
    assert len(choices) == len(Circumstance.choices) + 1  # the usual ones are kept
    with pytest.raises(Exception, match="already"):
        services.circumstance_add(organisation=world.org, label="gambling")


def test_the_circumstances_page(as_role, world):
    browser = as_role("coordinator")
    assert "Rent arrears" in browser.get("/recruitment/circumstances/").content.decode()
    assert browser.post("/recruitment/circumstances/", {"label": "Gambling"}).status_code == 302
    assert OrganisationCircumstance.objects.filter(label="Gambling").exists()
    assert as_role("supervisor").post("/recruitment/circumstances/", {"label": "Gangs"}).status_code == 403


def test_an_exclusion_for_a_coach_without_an_application(as_role, world):
    gambling = services.circumstance_add(organisation=world.org, label="Gambling")
    browser = as_role("coordinator")
    url = f"/coaches/{world.other_coach.pk}/exclusions/new/"
    assert "Gambling" in browser.get(url).content.decode()
    response = browser.post(url, {"description": "Anyone who bets heavily", "circumstance": gambling.key})
    assert response.status_code == 302
    exclusion = MatchingExclusion.objects.get(coach=world.other_coach)
    assert (exclusion.description, exclusion.circumstance) == ("Anyone who bets heavily", gambling.key)
    coach_page = browser.get(f"/coaches/{world.other_coach.pk}/").content.decode()
    assert "Anyone who bets heavily" in coach_page


def test_a_circumstance_the_organisation_defined_is_a_hard_rule_in_matching(as_role, world):
    gambling = services.circumstance_add(organisation=world.org, label="Gambling")
    maria = _waiting(world)
    ClientProfile.objects.create(organisation=world.org, client=maria, circumstances=[gambling.key])
    exclusion = services.exclusion_add(coach=world.coach, description="Gamblers", circumstance="")
    matching_services.exclusions_set(coach=world.coach, circumstances={exclusion.pk: gambling.key})
    exclusion.refresh_from_db()
    assert exclusion.circumstance == gambling.key
    body = as_role("coordinator").get(f"/clients/{maria.pk}/suggestions/").content.decode()
    assert "Start introductions with Sam" not in body


def test_a_circumstance_the_organisation_has_not_defined_is_refused(world):
    with pytest.raises(Exception, match="circumstance"):
        services.exclusion_add(coach=world.coach, description="x", circumstance="made_up")
