"""The flows of issue 19 in people: a coach leaving or taking a break, a client referring
themselves, the home-visit risk assessment, and the people around a client."""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from journeys.models import Relationship
from meetings.models import Meeting
from people.forms import SelfReferralForm
from people.models import Client, Coach, Professional, SelfReferral

from .conftest import check_accessibility, no_horizontal_scroll, shoot, sign_in


def test_a_coach_leaves_and_her_client_is_handed_over(page_at):
    with scopes_disabled():
        coach = Coach.objects.get(organisation__slug="riverside", first_name="Agnieszka")
        open_ones = list(Relationship.objects.filter(coach=coach, status__in=Relationship.OPEN_STATUSES))
    assert open_ones
    page = page_at("phone")
    sign_in(page, "coordinator")
    page.goto(f"/coaches/{coach.pk}/edit/")
    page.get_by_role("link", name="Agnieszka is leaving").click()
    check_accessibility(page, "coach leaving")
    page.get_by_role("button", name="Record that Agnieszka has left").click()
    # Nothing chosen: each relationship is named, nothing changes.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    for radio in page.get_by_role("radio", name="Hand the client over: find them another coach").all():
        radio.check()
    assert no_horizontal_scroll(page)
    shoot(page, "coach-leaving-phone")
    page.get_by_role("button", name="Record that Agnieszka has left").click()
    with scopes_disabled():
        planned = Meeting.objects.filter(
            participants__coach=coach, outcome=Meeting.Outcome.SCHEDULED, starts_at__gt=timezone.now()
        )
        # Her clients' meetings end with their relationships (cancelled); any other still expects her.
        with_clients = list(planned.filter(relationship__isnull=False).values_list("pk", flat=True))
        outside = list(planned.filter(relationship__isnull=True).values_list("pk", flat=True))
    if outside:
        # A meeting still expects her: refused, nothing changed, until it is recorded as cancelled.
        expect(page.get_by_text("still planned").first).to_be_visible()
        with scopes_disabled():
            Meeting.objects.filter(pk__in=outside).update(outcome=Meeting.Outcome.CANCELLED_BY_COACH)
        for radio in page.get_by_role("radio", name="Hand the client over: find them another coach").all():
            radio.check()
        page.get_by_role("button", name="Record that Agnieszka has left").click()
    expect(page.get_by_text("Agnieszka Nowak has left.")).to_be_visible()
    with scopes_disabled():
        assert all(m.outcome == Meeting.Outcome.CANCELLED_ENDED for m in Meeting.objects.filter(pk__in=with_clients))
    with scopes_disabled():
        assert Coach.objects.get(pk=coach.pk).status == "left"
        assert not Relationship.objects.filter(coach=coach, status__in=Relationship.OPEN_STATUSES).exists()
        assert all(Client.objects.get(pk=r.client_id).status == "waiting" for r in open_ones)


def test_the_coach_on_a_break_shows_when_they_are_back(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.goto("/coaches/?status=paused")
    page.get_by_role("link", name="Marcus Reid").click()
    expect(page.get_by_text("On a break")).to_be_visible()
    expect(page.get_by_text("An operation, and time to recover")).to_be_visible()
    check_accessibility(page, "coach on a break")
    shoot(page, "coach-on-a-break-desktop")
    page.get_by_role("button", name="Marcus is back early: end the break today").click()
    expect(page.get_by_text("Marcus Reid is back from their break")).to_be_visible()
    assert page.get_by_text("On a break").count() == 0


def test_someone_refers_themselves_on_a_phone_and_the_coordinator_accepts(page_at, monkeypatch):
    monkeypatch.setattr(SelfReferralForm, "MIN_SECONDS", 0)
    with scopes_disabled():
        programme = SelfReferral.objects.get(organisation__slug="riverside").programme
    page = page_at("phone")
    page.goto(f"/refer/riverside/{programme.pk}/")
    check_accessibility(page, "self-referral")
    page.get_by_label("First name").fill("Lucy")
    page.get_by_label("Last name").fill("Barnes")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.get_by_label("First name").input_value() == "Lucy"
    page.get_by_label("Phone").fill("07700 900123")
    page.get_by_role("checkbox", name="Council tax debt").check()
    page.get_by_label("roughly how much you owe", exact=False).fill("600")
    page.get_by_role("checkbox", name="I agree you can keep these details to find me a peer coach").check()
    page.get_by_role("checkbox", name="You may contact me by text message").check()
    assert no_horizontal_scroll(page)
    shoot(page, "self-referral-phone")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    page = page_at("desktop")
    sign_in(page, "coordinator")
    page.get_by_role("link", name="2 people have asked for a coach online").click()
    page.get_by_role("link", name="Lucy Barnes").click()
    check_accessibility(page, "self-referral detail")
    shoot(page, "self-referral-detail-desktop")
    page.get_by_role("button", name="Accept: put Lucy on the waiting list").click()
    expect(page.get_by_role("heading", name="Lucy Barnes")).to_be_visible()
    expect(page.locator(".row-title", has_text="To be contacted by text")).to_be_visible()
    with scopes_disabled():
        assert Client.objects.get(last_name="Barnes").status == "waiting"


def test_the_coach_reviews_the_risk_assessment_and_sees_it_before_a_home_visit(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    expect(page.get_by_role("heading", name="Risk assessments due for review")).to_be_visible()

    page = page_at("phone")
    sign_in(page, "coach")
    page.goto("/clients/")
    page.get_by_role("link", name="Jade").first.click()
    expect(page.get_by_role("heading", name="Home visits: risk assessment")).to_be_visible()
    expect(page.get_by_text("A Staffordshire terrier", exact=False)).to_be_visible()
    page.get_by_role("link", name="Review it").click()
    check_accessibility(page, "risk assessment form")
    page.get_by_label("Animals").fill("The dog has been rehomed.")
    assert no_horizontal_scroll(page)
    shoot(page, "risk-assessment-review-phone")
    page.get_by_role("button", name="Save the risk assessment").click()
    expect(page.get_by_text("Risk assessment saved")).to_be_visible()
    expect(page.get_by_text("The dog has been rehomed.")).to_be_visible()
    shoot(page, "risk-assessment-phone")
    with scopes_disabled():
        relationship = Relationship.objects.get(client__first_name="Jade", status__in=Relationship.OPEN_STATUSES)
    page.goto(f"/relationships/{relationship.pk}/meetings/new/")
    expect(page.get_by_role("heading", name="Home visits: risk assessment")).to_be_visible()
    check_accessibility(page, "plan a meeting with the risk assessment")
    shoot(page, "meeting-form-risk-phone")


def test_the_people_around_a_client(page_at):
    page = page_at("desktop")
    sign_in(page, "coordinator")
    with scopes_disabled():
        jade = Client.objects.get(organisation__slug="riverside", first_name="Jade")
    page.goto(f"/clients/{jade.pk}/")
    page.get_by_role("link", name="Add a professional").click()
    page.get_by_label("Their role").select_option(label="Probation officer")
    page.get_by_label("Their name").fill("Rob Kemp")
    page.get_by_label("Phone").fill("0161 496 0300")
    page.get_by_label("what the client agreed may be shared", exact=False).fill("Appointments only")
    check_accessibility(page, "add a professional")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Rob Kemp added.")).to_be_visible()
    page.get_by_role("link", name="Record a multi-agency meeting").click()
    page.get_by_role("checkbox", name="Rob Kemp, probation officer").check()
    page.get_by_label("What was agreed").fill("Rob will share appointment dates with Sam.")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text("Came: Rob Kemp (probation officer)")).to_be_visible()
    shoot(page, "people-around-a-client-desktop")

    page = page_at("phone")
    sign_in(page, "coach")
    page.goto(f"/clients/{jade.pk}/")
    section = page.locator("section", has=page.get_by_role("heading", name="The people around Jade"))
    expect(section.get_by_text("0161 496 0100")).to_be_visible()  # the housing officer: Jade agreed
    assert section.get_by_text("0161 496 0300").count() == 0  # probation: not agreed
    assert no_horizontal_scroll(page)
    check_accessibility(page, "coach's client page")
    shoot(page, "client-for-coach-phone")
    with scopes_disabled():
        assert Professional.objects.filter(name="Rob Kemp", coach_may_contact=False).exists()
