"""The suitability questions: an organisation starts with the suggested ones, and looking at them
(or at a conversation form) writes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.html import escape

from recruitment import services
from recruitment.models import SuitabilityQuestion
from recruitment.services import DEFAULT_QUESTIONS

pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def test_looking_at_the_questions_writes_nothing_but_shows_the_suggested_ones(as_role, world):
    body = as_role("coordinator").get("/recruitment/questions/").content.decode()
    assert not SuitabilityQuestion.objects.filter(organisation=world.org).exists()
    assert all(escape(text) in body for text in DEFAULT_QUESTIONS)


def test_the_conversation_form_asks_the_suggested_questions_without_saving_them(as_role, world):
    url = f"/recruitment/applications/{world.application.pk}/conversation/"
    body = as_role("coordinator").get(url).content.decode()
    assert not SuitabilityQuestion.objects.filter(organisation=world.org).exists()
    assert escape(DEFAULT_QUESTIONS[0]) in body


def test_adding_the_first_question_keeps_the_suggested_ones(as_role, world):
    as_role("coordinator").post("/recruitment/questions/", {"text": "What would you do if a client shouted?"})
    questions = SuitabilityQuestion.objects.filter(organisation=world.org).order_by("position")
    texts = list(questions.values_list("text", flat=True))
    assert texts == [*DEFAULT_QUESTIONS, "What would you do if a client shouted?"]


def test_the_first_conversation_recorded_saves_the_suggested_questions(world):
    services.conversation_save(application=world.application, held_on=timezone.localdate(), answers=[])
    assert SuitabilityQuestion.objects.filter(organisation=world.org).count() == len(DEFAULT_QUESTIONS)


def _conversation_page(as_role, world) -> str:
    url = f"/recruitment/applications/{world.application.pk}/conversation/"
    return as_role("coordinator").get(url).content.decode()


def test_the_conversation_shows_each_question_once(as_role, world):
    body = _conversation_page(as_role, world)
    for text in DEFAULT_QUESTIONS:
        assert body.count(escape(text)) == 1, text


def test_an_exclusion_box_only_where_the_question_asks_about_people_or_circumstances(as_role, world):
    body = _conversation_page(as_role, world)
    assert body.count("becomes a matching exclusion") == len(services.DEFAULT_EXCLUSION_QUESTIONS)
    form_part = body.split(escape(DEFAULT_QUESTIONS[0]), 1)[1].split("</fieldset>", 1)[0]
    assert "matching exclusion" not in form_part
    asks = body.split(escape(DEFAULT_QUESTIONS[1]), 1)[1].split("</fieldset>", 1)[0]
    assert "matching exclusion" in asks


def test_a_new_question_can_ask_about_exclusions(as_role, world):
    as_role("coordinator").post(
        "/recruitment/questions/",
        {"text": "Anyone from your past you would rather not meet?", "asks_about_exclusions": "on"},
    )
    assert SuitabilityQuestion.objects.get(text__startswith="Anyone from your past").asks_about_exclusions
    body = _conversation_page(as_role, world)
    asks = body.split("Anyone from your past you would rather not meet?", 1)[1].split("</fieldset>", 1)[0]
    assert "matching exclusion" in asks


def test_the_conversation_marks_what_is_required(as_role, world):
    body = _conversation_page(as_role, world)
    date_label = body.split('for="id_held_on"', 1)[1].split("</label>", 1)[0]
    assert "optional" not in date_label
    assert "(optional) (optional)" not in body
