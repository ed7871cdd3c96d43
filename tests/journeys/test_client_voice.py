"""The client's side of working together (issue 19): told when the coach replies to a check-in, and
able to tell the team how it is going with the coach at any time, which the coach never sees."""

from __future__ import annotations

import pytest
from django.core import mail

from core.models import AuditEntry
from journeys.models import CheckIn, ClientFeedback
from tests.factories import CheckInFactory

pytestmark = pytest.mark.usefixtures("scoped")


@pytest.fixture
def clients_check_in(world):
    world.client_user.email = "jade@example.org"
    world.client_user.save()
    return CheckInFactory(relationship=world.relationship, completed_by="client", coach_feedback="")


def test_the_client_is_told_when_their_coach_replies(
    as_role, world, clients_check_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_role("coach").post(f"/check-ins/{clients_check_in.pk}/", {"coach_feedback": "Brilliant work"})
    assert [m.to for m in mail.outbox] == [["jade@example.org"]]
    assert "Sam has replied to your check-in" in mail.outbox[0].subject
    assert f"/check-ins/{clients_check_in.pk}/" in mail.outbox[0].body

    home = as_role("client").get("/").content.decode()
    assert "Sam has replied to your check-in" in home
    as_role("client").get(f"/check-ins/{clients_check_in.pk}/")
    assert "Sam has replied to your check-in" not in as_role("client").get("/").content.decode()


def test_saving_the_same_reply_again_does_not_tell_the_client_twice(
    as_role, clients_check_in, django_capture_on_commit_callbacks
):
    coach = as_role("coach")
    with django_capture_on_commit_callbacks(execute=True):
        coach.post(f"/check-ins/{clients_check_in.pk}/", {"coach_feedback": "Brilliant work"})
        coach.post(f"/check-ins/{clients_check_in.pk}/", {"coach_feedback": "Brilliant work"})
    assert len(mail.outbox) == 1


def test_a_reply_to_the_coachs_own_check_in_tells_nobody(as_role, world, django_capture_on_commit_callbacks):
    own = CheckInFactory(relationship=world.relationship, completed_by="coach")
    with django_capture_on_commit_callbacks(execute=True):
        as_role("coach").post(f"/check-ins/{own.pk}/", {"coach_feedback": "Note to self"})
    assert mail.outbox == []
    assert CheckIn.objects.get(pk=own.pk).replied_at is None


def test_the_client_tells_the_team_and_the_coach_never_sees_it(as_role, world):
    response = as_role("client").post(
        f"/relationships/{world.relationship.pk}/feedback/new/",
        {"feeling": "not_well", "comment": "Sam keeps cancelling.", "wants_contact": "on"},
    )
    assert response.status_code == 302 and response.url == "/"
    feedback = ClientFeedback.objects.get()
    assert feedback.needs_a_look and feedback.comment == "Sam keeps cancelling."

    coordinator = as_role("coordinator")
    assert "1 feedback note nobody has read yet" in coordinator.get("/").content.decode()
    assert "Sam keeps cancelling." in coordinator.get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert "Sam keeps cancelling." in coordinator.get("/feedback/?unread=1").content.decode()

    coach = as_role("coach")
    assert "Sam keeps cancelling." not in coach.get(f"/relationships/{world.relationship.pk}/").content.decode()
    assert coach.get("/feedback/").status_code == 403

    assert as_role("coordinator").post(f"/feedback/{feedback.pk}/read/").status_code == 302
    feedback.refresh_from_db()
    assert feedback.read_by == world.coordinator
    assert "nobody has read yet" not in as_role("coordinator").get("/").content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"journeys.client_feedback.given", "journeys.client_feedback.read"} <= actions


def test_feedback_must_say_how_it_is_going(as_role, world):
    response = as_role("client").post(f"/relationships/{world.relationship.pk}/feedback/new/", {"comment": "hm"})
    assert response.status_code == 200
    assert "feeling" in response.context["form"].errors
    assert not ClientFeedback.objects.exists()
    # A required choice starts with none picked, and offers no blank option.
    page = as_role("client").get(f"/relationships/{world.relationship.pk}/feedback/new/").content.decode()
    assert "checked" not in page and "---------" not in page


def test_a_client_cannot_give_feedback_on_someone_elses_relationship(as_role, world):
    other = world.other_client.relationships.get()
    assert as_role("client").get(f"/relationships/{other.pk}/feedback/new/").status_code == 404


def test_the_feedback_list_keeps_its_query_count(as_role, world, django_assert_max_num_queries):
    for _ in range(3):
        ClientFeedback.objects.create(organisation=world.org, relationship=world.relationship, feeling="okay")
    client = as_role("coordinator")
    client.get("/feedback/")
    with django_assert_max_num_queries(12) as few:
        client.get("/feedback/")
    for _ in range(20):
        ClientFeedback.objects.create(organisation=world.org, relationship=world.relationship, feeling="well")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/feedback/")
