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
