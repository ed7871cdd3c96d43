"""The `people` rows of the permission matrix (tests/matrix.py says how they are walked)."""

from __future__ import annotations

import datetime

from ..matrix import S


def _client_payload(w):
    today = datetime.date.today().isoformat()
    return {
        "first_name": "Ann",
        "last_name": "Other",
        "referral_source": "self",
        "referral_date": today,
        "consent_given_on": today,
    }


def _self_referral(w):
    from django_scopes import scopes_disabled

    from people.models import SelfReferral

    with scopes_disabled():
        referral, _ = SelfReferral.objects.get_or_create(
            organisation=w.org,
            form_token="matrix",
            defaults={"programme": w.programme, "first_name": "Tariq", "last_name": "Hussain", "consents": ["store"]},
        )
    return {"referral_id": referral.pk}


def _professional(w):
    from django_scopes import scopes_disabled

    from people.models import Professional

    with scopes_disabled():
        professional, _ = Professional.objects.get_or_create(
            organisation=w.org, client=w.client, name="Pat Green", defaults={"kind": "housing_officer"}
        )
    return {"professional_id": professional.pk}


def _consent(w):
    from django_scopes import scopes_disabled

    from people.models import Consent

    with scopes_disabled():
        consent, _ = Consent.objects.get_or_create(
            organisation=w.org,
            client=w.client,
            purpose="store",
            defaults={"given_on": datetime.date.today(), "how": "in_person"},
        )
    return {"consent_id": consent.pk}


def _fresh_consent(w):
    return _consent(w)["consent_id"]


def _today_iso():
    return datetime.date.today().isoformat()


# Anyone may refer themselves, signed in or not.
PUBLIC = {"people:self_refer", "people:self_refer_thanks"}

# url name -> (kwargs from the world, expected GET status per role)
PAGES = {
    "people:client_list": (lambda w: {}, S(200, 200, 200, 403, 200, 403, 200)),
    "people:client_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "people:client_detail": (lambda w: {"client_id": w.client.pk}, S(200, 200, 200, 404, 200, 200, 404)),
    "people:client_edit": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    # client_delete and coach_delete are the archive pages (the names stayed so links keep working).
    "people:client_delete": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:client_restore": (lambda w: {"client_id": w.client.pk}, S(405, 405, 405, 405, 405, 405, 405)),
    "people:client_withdraw": (lambda w: {"client_id": w.client.pk}, S(405, 405, 405, 405, 405, 405, 405)),
    "people:client_rejoin": (lambda w: {"client_id": w.client.pk}, S(405, 405, 405, 405, 405, 405, 405)),
    "people:client_sign_in": (lambda w: {"person_id": w.other_client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:client_risk": (lambda w: {"client_id": w.client.pk}, S(200, 200, 200, 403, 200, 403, 404)),
    "people:client_risk_create": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 200, 403, 404)),
    "people:self_referral_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "people:self_referral_detail": (_self_referral, S(200, 200, 200, 403, 403, 403, 404)),
    "people:self_referral_accept": (_self_referral, S(405, 405, 405, 405, 405, 405, 405)),
    "people:self_referral_decline": (_self_referral, S(405, 405, 405, 405, 405, 405, 405)),
    "people:consent_withdraw": (_consent, S(200, 200, 403, 403, 403, 403, 404)),
    "people:professional_create": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:professional_edit": (_professional, S(200, 200, 403, 403, 403, 403, 404)),
    "people:agency_meeting_create": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:consent_create": (lambda w: {"client_id": w.client.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:coach_list": (lambda w: {}, S(200, 200, 200, 200, 403, 403, 200)),
    "people:coach_create": (lambda w: {}, S(200, 200, 403, 403, 403, 403, 200)),
    "people:coach_detail": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 200, 200, 200, 404, 404)),
    "people:coach_edit": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:coach_delete": (lambda w: {"coach_id": w.coach.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:coach_restore": (lambda w: {"coach_id": w.coach.pk}, S(405, 405, 405, 405, 405, 405, 405)),
    "people:coach_back": (lambda w: {"coach_id": w.coach.pk}, S(405, 405, 405, 405, 405, 405, 405)),
    "people:coach_sign_in": (lambda w: {"person_id": w.other_coach.pk}, S(200, 200, 403, 403, 403, 403, 404)),
    "people:staff_list": (lambda w: {}, S(200, 200, 200, 403, 403, 403, 200)),
    "people:staff_create": (lambda w: {}, S(200, 403, 403, 403, 403, 403, 403)),
    "people:staff_detail": (
        lambda w: {"staff_id": w.coordinator.staff_profile.pk},
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    "people:staff_edit": (
        lambda w: {"staff_id": w.coordinator.staff_profile.pk},
        S(200, 403, 403, 403, 403, 403, 403),
    ),
    "people:staff_archive": (
        lambda w: {"staff_id": w.coordinator.staff_profile.pk},
        S(200, 403, 403, 403, 403, 403, 403),
    ),
    "people:staff_restore": (
        lambda w: {"staff_id": w.coordinator.staff_profile.pk},
        S(405, 405, 405, 405, 405, 405, 405),
    ),
}

# (method, route) -> (path from the world, payload or None, expected status per role)
API = {
    ("GET", "/coaches"): (lambda w: "/coaches", None, S(200, 200, 200, 200, 403, 403, 200)),
    ("POST", "/coaches"): (
        lambda w: "/coaches",
        lambda w: {"first_name": "New", "last_name": "Coach"},
        S(201, 201, 403, 403, 403, 403, 201),
    ),
    ("GET", "/coaches/{int:coach_id}"): (
        lambda w: f"/coaches/{w.coach.pk}",
        None,
        S(200, 200, 200, 200, 200, 404, 404),
    ),
    ("PATCH", "/coaches/{int:coach_id}"): (
        lambda w: f"/coaches/{w.coach.pk}",
        lambda w: {"version": w.coach.version, "area": "Hulme"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    # Archive, never delete. The coach still works with a client, so even those allowed are
    # refused with the reasons; restoring a record that is not archived is refused too.
    ("POST", "/coaches/{int:coach_id}/archive"): (
        lambda w: f"/coaches/{w.coach.pk}/archive",
        lambda w: {},
        S(409, 409, 403, 403, 403, 403, 404),
    ),
    ("POST", "/coaches/{int:coach_id}/restore"): (
        lambda w: f"/coaches/{w.coach.pk}/restore",
        lambda w: {},
        S(409, 409, 403, 403, 403, 403, 404),
    ),
    ("GET", "/clients"): (lambda w: "/clients", None, S(200, 200, 200, 403, 200, 403, 200)),
    ("POST", "/clients"): (lambda w: "/clients", _client_payload, S(201, 201, 403, 403, 403, 403, 201)),
    ("GET", "/clients/{int:client_id}"): (
        lambda w: f"/clients/{w.client.pk}",
        None,
        S(200, 200, 200, 404, 200, 200, 404),
    ),
    ("PATCH", "/clients/{int:client_id}"): (
        lambda w: f"/clients/{w.client.pk}",
        lambda w: {"version": w.client.version, "area": "Gorton"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    # The world's client has an open concern, an unresolved alert and a coach: refused with reasons.
    ("POST", "/clients/{int:client_id}/archive"): (
        lambda w: f"/clients/{w.client.pk}/archive",
        lambda w: {},
        S(409, 409, 403, 403, 403, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/restore"): (
        lambda w: f"/clients/{w.client.pk}/restore",
        lambda w: {},
        S(409, 409, 403, 403, 403, 403, 404),
    ),
    ("GET", "/clients/{int:client_id}/risk-assessments"): (
        lambda w: f"/clients/{w.client.pk}/risk-assessments",
        None,
        S(200, 200, 200, 403, 200, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/risk-assessments"): (
        lambda w: f"/clients/{w.client.pk}/risk-assessments",
        lambda w: {"assessed_on": _today_iso(), "what_to_do": "Meet at the front door."},
        S(201, 201, 403, 403, 201, 403, 404),
    ),
    ("GET", "/clients/{int:client_id}/consents"): (
        lambda w: f"/clients/{w.client.pk}/consents",
        None,
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/consents"): (
        lambda w: f"/clients/{w.client.pk}/consents",
        lambda w: {"purpose": "contact_text", "given_on": _today_iso(), "how": "in_person"},
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/consents/{int:consent_id}/withdraw"): (
        lambda w: f"/clients/{w.client.pk}/consents/{_fresh_consent(w)}/withdraw",
        lambda w: {"withdrawn_on": _today_iso(), "withdrawn_how": "phone"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("GET", "/clients/{int:client_id}/professionals"): (
        lambda w: f"/clients/{w.client.pk}/professionals",
        None,
        S(200, 200, 200, 403, 200, 403, 404),
    ),
    ("POST", "/clients/{int:client_id}/professionals"): (
        lambda w: f"/clients/{w.client.pk}/professionals",
        lambda w: {"kind": "gp", "name": "Dr Rao", "agency": "Hulme Health Centre"},
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("PATCH", "/clients/{int:client_id}/professionals/{int:professional_id}"): (
        lambda w: f"/clients/{w.client.pk}/professionals/{_professional(w)['professional_id']}",
        lambda w: {"version": 1, "agency": "Moss Side Housing"},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
    ("GET", "/self-referrals"): (lambda w: "/self-referrals", None, S(200, 200, 200, 403, 403, 403, 200)),
    ("GET", "/self-referrals/{int:referral_id}"): (
        lambda w: f"/self-referrals/{_self_referral(w)['referral_id']}",
        None,
        S(200, 200, 200, 403, 403, 403, 404),
    ),
    ("POST", "/self-referrals/{int:referral_id}/accept"): (
        lambda w: f"/self-referrals/{_self_referral(w)['referral_id']}/accept",
        lambda w: {},
        S(201, 201, 403, 403, 403, 403, 404),
    ),
    ("POST", "/self-referrals/{int:referral_id}/decline"): (
        lambda w: f"/self-referrals/{_self_referral(w)['referral_id']}/decline",
        lambda w: {},
        S(200, 200, 403, 403, 403, 403, 404),
    ),
}
