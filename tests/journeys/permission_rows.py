"""The `journeys` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from journeys.models import ClientFeedback

from ..factories import ClientFactory, RelationshipFactory
from ..matrix import MANAGE, WORK, S


def _feedback(w) -> dict:
    with scopes_disabled():
        feedback, _ = ClientFeedback.objects.get_or_create(
            organisation=w.org, relationship=w.relationship, defaults={"feeling": "okay"}
        )
    return {"feedback_id": feedback.pk}


def _pairing_payload(w):
    waiting = ClientFactory(organisation=w.org, programme=w.programme, status="waiting")
    return {
        "client_id": waiting.pk,
        "coach_id": w.other_coach.pk,
        "programme_id": w.programme.pk,
        "started_on": datetime.date.today().isoformat(),
        "planned_months": w.programme.min_months,
    }


def _case_study_to_review(w):
    from journeys.models import Ending

    today = datetime.date.today()
    ended = RelationshipFactory(
        client=ClientFactory(organisation=w.org, programme=w.programme, status="ended"),
        coach=w.other_coach,
        status="ended",
        ended_on=today,
    )
    ending = Ending.objects.create(
        organisation=w.org,
        relationship=ended,
        planned=True,
        ended_on=today,
        case_study="A client cleared their arrears.",
        case_study_consent_on=today,
        previous_status="active",
        previous_client_status="matched",
    )
    return {"ending_id": ending.pk}


def _stage(w):
    from journeys.models import ProgrammeStage

    with scopes_disabled():
        stage, _ = ProgrammeStage.objects.get_or_create(
            organisation=w.org, programme=w.programme, number=1, defaults={"name": "Getting to know each other"}
        )
    return stage


def _stage_payload(w):
    from journeys.models import Relationship

    with scopes_disabled():
        version = Relationship.objects.get(pk=w.relationship.pk).version
    return {"stage_id": _stage(w).pk, "version": version}


# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "journeys:coach_leaving": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "journeys:coach_break": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "journeys:pair": (lambda w: {"client_id": w.other_client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "journeys:relationship_detail": (
        lambda w: {"relationship_id": w.relationship.pk},
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    "journeys:relationship_list": (lambda w: {}, S(200, 200, 200, 403, 200, 403, 200)),
    "journeys:relationship_kind": (lambda w: {"relationship_id": w.relationship.pk}, MANAGE),
    "journeys:relationship_pause": (lambda w: {"relationship_id": w.relationship.pk}, MANAGE),
    "journeys:relationship_extend": (lambda w: {"relationship_id": w.relationship.pk}, MANAGE),
    "journeys:relationship_end": (lambda w: {"relationship_id": w.relationship.pk}, MANAGE),
    "journeys:relationship_undo_end": (lambda w: {"relationship_id": w.relationship.pk}, MANAGE),
    "journeys:goal_create": (lambda w: {"relationship_id": w.relationship.pk}, WORK),
    "journeys:goal_edit": (lambda w: {"goal_id": w.goal.pk}, WORK),
    "journeys:step_create": (lambda w: {"goal_id": w.goal.pk}, WORK),
    "journeys:step_edit": (lambda w: {"step_id": w.step.pk}, WORK),
    "journeys:check_in_create": (
        lambda w: {"relationship_id": w.relationship.pk},
        S(200, 200, 403, 403, 200, 200, 404),
    ),
    "journeys:check_in_detail": (lambda w: {"check_in_id": w.check_in.pk}, S(200, 200, 200, 404, 200, 200, 404)),
    "journeys:client_feedback_create": (
        lambda w: {"relationship_id": w.relationship.pk},
        S(403, 403, 403, 403, 403, 200, 403),
    ),
    "journeys:client_feedback_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "journeys:client_feedback_read": (_feedback, S(405, 405, 405, 405, 405, 405, 405)),
    "journeys:review_create": (
        lambda w: {"relationship_id": w.relationship.pk, "kind": "end"},
        WORK,
    ),
    "journeys:review_detail": (lambda w: {"review_id": w.review.pk}, S(200, 200, 200, 404, 200, 200, 404)),
    "journeys:case_study_list": (lambda w: {}, S(200, 200, 200, 200, 403, 403, 200)),
    "journeys:case_study_review": (_case_study_to_review, MANAGE),
    "journeys:relationship_stage": (lambda w: {"relationship_id": w.relationship.pk}, WORK),
    "journeys:programme_process": (lambda w: {"programme_id": w.programme.pk}, MANAGE),
    "journeys:relationship_activate": (lambda w: {"relationship_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
    "journeys:step_tick": (lambda w: {"step_id": 1}, S(405, 405, 405, 405, 405, 405, 405)),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/relationships"): (lambda w: "/relationships", None, S(200, 200, 200, 403, 200, 403, 200)),
    ("POST", "/relationships"): (lambda w: "/relationships", _pairing_payload, S(201, 201, 403, 403, 403, 403, 404)),
    ("GET", "/relationships/{int:relationship_id}"): (
        lambda w: f"/relationships/{w.relationship.pk}",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/goals"): (
        lambda w: f"/relationships/{w.relationship.pk}/goals",
        lambda w: {"title": "I get out weekly", "category": "social", "starting_point": "Rarely", "target": "Weekly"},
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("GET", "/relationships/{int:relationship_id}/check-ins"): (
        lambda w: f"/relationships/{w.relationship.pk}/check-ins",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/check-ins"): (
        lambda w: f"/relationships/{w.relationship.pk}/check-ins",
        lambda w: {"ratings": {str(w.goal.pk): 2}, "went_well": "Opened the post"},
        S(201, 201, 403, 403, 201, 201, 404),
    ),
    ("GET", "/goals/{int:goal_id}"): (
        lambda w: f"/goals/{w.goal.pk}",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("GET", "/steps/{int:step_id}"): (
        lambda w: f"/steps/{w.step.pk}",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("PATCH", "/goals/{int:goal_id}"): (
        lambda w: f"/goals/{w.goal.pk}",
        lambda w: {"version": w.goal.version, "status": "in_progress"},
        S(200, 200, 403, 403, 200, 403, 404),
    ),
    ("POST", "/goals/{int:goal_id}/steps"): (
        lambda w: f"/goals/{w.goal.pk}/steps",
        lambda w: {"description": "Call the council", "who": "together", "context": "from the office"},
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("PATCH", "/steps/{int:step_id}"): (
        lambda w: f"/steps/{w.step.pk}",
        lambda w: {"version": w.step.version, "status": "done"},
        S(200, 200, 403, 403, 200, 200, 404),
    ),
    # Reviews and endings: the same answers as their pages.
    ("GET", "/relationships/{int:relationship_id}/reviews"): (
        lambda w: f"/relationships/{w.relationship.pk}/reviews",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/reviews"): (
        lambda w: f"/relationships/{w.relationship.pk}/reviews",
        lambda w: {
            "kind": "end",
            "held_on": datetime.date.today().isoformat(),
            "summary": "Most of the way there.",
            "goals": {str(w.goal.pk): {"score": 4, "status": "in_progress"}},
        },
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("GET", "/reviews/{int:review_id}"): (
        lambda w: f"/reviews/{w.review.pk}",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("GET", "/relationships/{int:relationship_id}/endings"): (
        lambda w: f"/relationships/{w.relationship.pk}/endings",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/end"): (
        lambda w: f"/relationships/{w.relationship.pk}/end",
        lambda w: {"version": w.relationship.version, "planned": True, "ended_on": datetime.date.today().isoformat()},
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/undo-ending"): (
        lambda w: f"/relationships/{w.relationship.pk}/undo-ending",
        lambda w: {},
        # The world's pair has not ended, so there is nothing to undo: refused with a reason.
        S(422, 422, 403, 403, 403, 403, 404),
    ),
    ("GET", "/programmes/{int:programme_id}/stages"): (
        lambda w: f"/programmes/{w.programme.pk}/stages",
        None,
        S(200, 200, 200, 200, 403, 403, 404),
    ),
    ("POST", "/relationships/{int:relationship_id}/stage"): (
        lambda w: f"/relationships/{w.relationship.pk}/stage",
        _stage_payload,
        S(200, 200, 403, 403, 200, 403, 404),
    ),
    ("GET", "/case-studies"): (lambda w: "/case-studies", None, S(200, 200, 200, 200, 403, 403, 200)),
    ("GET", "/case-studies/to-review"): (
        lambda w: "/case-studies/to-review",
        None,
        S(200, 200, 403, 403, 403, 403, 200),
    ),
    ("POST", "/case-studies/{int:ending_id}/review"): (
        lambda w: f"/case-studies/{_case_study_to_review(w)['ending_id']}/review",
        lambda w: {"case_study": "A client cleared their arrears and found work."},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
}
