"""Outcomes (issue 15): the ready-made measures, a client filling one in one question a screen,
GAS T-scores, life outcomes and who may see them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEntry
from journeys.models import Relationship
from outcomes import services
from outcomes.models import Completion, LifeOutcome, Measure

from .helpers import ons4

pytestmark = pytest.mark.usefixtures("scoped")


def test_every_organisation_has_the_ready_made_measures_in_ons_words(world):
    measures = {m.key: m for m in Measure.objects.filter(organisation=world.org)}
    assert set(measures) == {"ons4", "loneliness", "confidence"}
    texts = [q.text for q in measures["ons4"].questions.all()]
    assert texts == [
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, how anxious did you "
        "feel yesterday?",
    ]
    assert "Open Government Licence" in measures["ons4"].credit
    anxiety = measures["ons4"].questions.get(number=4)
    assert (anxiety.higher_is_better, anxiety.bands, anxiety.min_value, anxiety.max_value) == (
        False,
        "ons_anxiety",
        0,
        10,
    )
    loneliness = measures["loneliness"].questions.get()
    assert loneliness.text == "How often do you feel lonely?"
    assert loneliness.choices == ["Often/always", "Some of the time", "Occasionally", "Hardly ever", "Never"]
    services.ensure_standard_measures(world.org)  # again: nothing more
    assert Measure.objects.filter(organisation=world.org).count() == 3


def test_a_client_answers_one_question_a_screen_and_sees_it_on_my_progress(client, world):
    measure = ons4(world)
    questions = list(measure.questions.all())
    client.force_login(world.client_user)
    home = client.get("/").content.decode()
    assert "Personal wellbeing (ONS4)" in home
    url = f"/relationships/{world.relationship.pk}/measures/{measure.pk}/start/"
    first = client.get(url).content.decode()
    assert "Question 1 of 4" in first and questions[0].text in first and questions[1].text not in first
    refused = client.post(url, {"step": 0, f"q{questions[0].pk}": "11"}).content.decode()
    assert "Please choose a number from 0 to 10" in refused and "Question 1 of 4" in refused
    answers = {}
    for step, (question, value) in enumerate(zip(questions, ["4", "6", "5", "7"], strict=True)):
        answers[f"q{question.pk}"] = value
        response = client.post(url, {"step": step, **answers})
        if step < 3:
            assert f"Question {step + 2} of 4" in response.content.decode()
            assert not Completion.objects.exists()  # nothing saved half-way
    assert response.status_code == 302 and response.url == "/progress/"
    completion = Completion.objects.get()
    assert (completion.with_coach, completion.occasion) == (False, "start")
    assert [a.value for a in completion.answers.all()] == [4, 6, 5, 7]
    progress = client.get("/progress/").content.decode()
    assert "Life satisfaction: 4 in" in progress and "<svg" in progress
    assert "Personal wellbeing (ONS4)" not in client.get("/").content.decode()  # no longer due
    assert client.get(url).status_code == 404


def test_the_coach_fills_it_in_with_them_and_bad_answers_save_nothing(client, world):
    measure = ons4(world)
    questions = list(measure.questions.all())
    client.force_login(world.coach_user)
    assert "Questions due with your clients" in client.get("/").content.decode()
    url = f"/relationships/{world.relationship.pk}/measures/{measure.pk}/start/"
    answers = {f"q{q.pk}": "5" for q in questions}
    assert client.post(url, {"step": 3, **answers}).status_code == 302
    assert Completion.objects.get().with_coach is True
    # The service says which field is wrong, and saves nothing.
    confidence = Measure.objects.get(organisation=world.org, key="confidence")
    with pytest.raises(ValidationError) as not_collected:
        services.measure_complete(
            relationship=world.relationship, measure=confidence, occasion="start", answers={}, by=world.coach_user
        )
    assert "measure" in not_collected.value.message_dict
    with pytest.raises(ValidationError) as future:
        services.measure_complete(
            relationship=world.relationship,
            measure=measure,
            occasion="week-6",
            answers={q.pk: 5 for q in questions},
            by=world.coach_user,
            completed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "completed_on" in future.value.message_dict
    with pytest.raises(ValidationError) as eleven:
        services.measure_complete(
            relationship=world.relationship,
            measure=measure,
            occasion="week-6",
            answers={**{q.pk: 5 for q in questions}, questions[2].pk: 11},
            by=world.coach_user,
        )
    assert f"q{questions[2].pk}" in eleven.value.message_dict
    assert Completion.objects.count() == 1
    # Another coach's client, another organisation's coordinator: not found.
    other = Relationship.objects.exclude(pk=world.relationship.pk).filter(organisation=world.org).first()
    assert client.get(f"/relationships/{other.pk}/measures/{measure.pk}/start/").status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_life_outcomes_recorded_by_the_coach_confirmed_by_the_client_and_the_view_audited(client, world):
    client.force_login(world.coach_user)
    url = f"/relationships/{world.relationship.pk}/life-outcomes/new/"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(url, {"kind": "debt", "happened_on": tomorrow}).content.decode()
    assert "This date is in the future" in refused
    no_amount = client.post(url, {"kind": "debt", "happened_on": "2026-02-01"}).content.decode()
    assert "how much was repaid or reduced" in no_amount
    assert not LifeOutcome.objects.exists()
    assert client.post(url, {"kind": "debt", "happened_on": "2026-02-01", "amount": "250.50"}).status_code == 302
    work = {"kind": "work", "happened_on": "2026-03-01", "job_title": "Kitchen porter", "hours_a_week": "16"}
    assert client.post(url, work).status_code == 302
    debt = LifeOutcome.objects.get(kind="debt")
    assert str(debt.amount) == "250.50"
    page = client.get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert "Kitchen porter" in page and "£250.50" in page
    assert AuditEntry.objects.filter(action="outcomes.measures.viewed").count() == 1
    client.force_login(world.client_user)
    progress = client.get("/progress/").content.decode()
    assert "Yes, that&#x27;s right" in progress or "Yes, that's right" in progress
    assert client.post(f"/life-outcomes/{debt.pk}/confirm/").status_code == 302
    debt.refresh_from_db()
    assert debt.confirmed_by_client_at is not None
    # The client's page of the relationship does not show the staff section, and is not audited as a staff look.
    client.get(f"/relationships/{world.relationship.pk}/")
    assert AuditEntry.objects.filter(action="outcomes.measures.viewed").count() == 1
    # A coach cannot confirm for the client; another organisation does not find it.
    client.force_login(world.coach_user)
    assert client.post(f"/life-outcomes/{debt.pk}/confirm/").status_code == 403
