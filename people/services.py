"""Every write to a person's record. Each runs in one transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core import audit
from core.services import create_audited, update_versioned
from organisations.models import Organisation, Role, User

from .models import Client, Coach, StaffMember

CLIENT_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "area",
    "programme",
    "status",
    "referral_source",
    "referral_date",
    "consent_given_on",
    "date_of_birth",
    "circumstances",
    "hopes",
    "interests",
    "preferred_channels",
    "language",
    "availability",
    "staff_notes",
]

COACH_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "area",
    "employment",
    "role_title",
    "lived_experience",
    "interests",
    "languages",
    "availability",
    "agreed_weekly_hours",
    "date_of_birth",
    "status",
    "started_on",
]

STAFF_FIELDS = ["first_name", "last_name", "email", "phone", "area", "job_title"]


class PersonInUseError(Exception):
    pass


def client_create(*, organisation: Organisation, **fields: Any) -> Client:
    """Create a client. Refuses a client from another organisation's programme."""
    if fields.get("programme") is not None and fields["programme"].organisation_id != organisation.pk:
        raise ValidationError({"programme": "Choose one of your own programmes."})
    client = Client(organisation=organisation, **fields)
    return create_audited(instance=client, action="people.client.created", audit_fields=CLIENT_FIELDS)


def client_update(*, client: Client, expected_version: int, **changes: Any) -> Client:
    update_versioned(
        instance=client, changes=changes, expected_version=expected_version, action="people.client.changed"
    )
    return client


def client_delete(*, client: Client) -> None:
    """Erase a client and their relationships, keeping the audit line. Refused (PersonInUseError)
    when they have meetings or safeguarding concerns: the database protects those records."""
    try:
        with transaction.atomic():
            audit.record(action="people.client.deleted", organisation=client.organisation, obj=client)
            if client.user_id:
                client.user.delete()
            client.delete()
    except ProtectedError as error:
        raise PersonInUseError(f"{client} has meetings or safeguarding records, so their record is kept.") from error


def client_viewed(*, client: Client) -> None:
    audit.record(action="people.client.viewed", organisation=client.organisation, obj=client)


def coach_viewed(*, coach: Coach) -> None:
    audit.record(action="people.coach.viewed", organisation=coach.organisation, obj=coach)


def coach_create(*, organisation: Organisation, **fields: Any) -> Coach:
    coach = Coach(organisation=organisation, **fields)
    return create_audited(instance=coach, action="people.coach.created", audit_fields=COACH_FIELDS)


def coach_update(*, coach: Coach, expected_version: int, **changes: Any) -> Coach:
    update_versioned(instance=coach, changes=changes, expected_version=expected_version, action="people.coach.changed")
    return coach


def coach_delete(*, coach: Coach) -> None:
    """Delete a coach who has never worked with anyone; otherwise their history must stay."""
    try:
        with transaction.atomic():
            audit.record(action="people.coach.deleted", organisation=coach.organisation, obj=coach)
            user = coach.user
            coach.delete()
            if user is not None:
                user.delete()
    except ProtectedError as error:
        raise PersonInUseError(
            f"{coach} has worked with clients, so their record is kept. Mark them as left instead."
        ) from error


def staff_create(*, organisation: Organisation, username: str, role: str, **fields: Any) -> StaffMember:
    """Create a member of staff and their sign-in; they set a password through the reset email."""
    if role not in {Role.ORG_ADMIN, Role.COORDINATOR, Role.SUPERVISOR, Role.FACILITATOR}:
        raise ValidationError({"role": f"{role} is not a staff role."})
    try:
        with transaction.atomic():
            user = User(
                username=username,
                organisation=organisation,
                role=role,
                email=fields.get("email", ""),
                first_name=fields.get("first_name", ""),
                last_name=fields.get("last_name", ""),
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            staff = StaffMember(organisation=organisation, user=user, **fields)
            create_audited(instance=staff, action="people.staff.created", audit_fields=[*STAFF_FIELDS])
            audit.record(
                action="organisations.user.created", organisation=organisation, obj=user, changes={"role": [None, role]}
            )
    except IntegrityError as error:
        raise ValidationError({"username": "That username is taken."}) from error
    from core.emails import send_password_setup

    send_password_setup(user=user)
    return staff


def staff_update(*, staff: StaffMember, expected_version: int, role: str | None = None, **changes: Any) -> StaffMember:
    with transaction.atomic():
        update_versioned(
            instance=staff, changes=changes, expected_version=expected_version, action="people.staff.changed"
        )
        user = staff.user
        user_changes = {k: changes[k] for k in ("first_name", "last_name", "email") if k in changes}
        if role and role != user.role:
            audit.record(
                action="organisations.user.role_changed",
                organisation=staff.organisation,
                obj=user,
                changes={"role": [user.role, role]},
            )
            user_changes["role"] = role
        if user_changes:
            User.objects.filter(pk=user.pk).update(**user_changes)
            for key, value in user_changes.items():
                setattr(user, key, value)
    return staff


def person_give_sign_in(*, person: Coach | Client, username: str) -> User:
    """Give a coach or client their own sign-in, linked to their record, and email them a link
    to choose a password. Nobody else ever knows their password."""
    from core.emails import send_password_setup

    role = Role.COACH if isinstance(person, Coach) else Role.CLIENT
    if person.user_id:
        raise ValidationError(f"{person} can already sign in.")
    if not person.email:
        raise ValidationError(f"{person} has no email address, so we cannot send them a link.")
    try:
        with transaction.atomic():
            user = User(
                username=username,
                organisation=person.organisation,
                role=role,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            type(person).objects.filter(pk=person.pk).update(user=user)
            person.user = user
            audit.record(
                action=f"people.{role}.sign_in_given",
                organisation=person.organisation,
                obj=person,
                changes={"username": [None, username]},
            )
    except IntegrityError as error:
        raise ValidationError({"username": "That username is taken."}) from error
    send_password_setup(user=user)
    return user
