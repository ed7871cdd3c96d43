"""REST API, version 1. OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.

Writes are validated by the same Django forms the pages use, so a rule holds in both places,
and go through the same services, so they are audited and version-checked the same way.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from core.exceptions import StaleEditError
from organisations import selectors as org_selectors
from organisations import services as org_services
from organisations.forms import ProgrammeForm
from organisations.models import Role
from organisations.permissions import can, require
from people import selectors as people_selectors
from people import services as people_services
from people.forms import ClientForm, CoachForm
from training.readiness import readiness, with_readiness_data

from . import schemas
from .auth import API_AUTH
from .idempotency import idempotent
from .reads import audited_list


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=200)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def _docs_access(view):
    """The OpenAPI document and docs: public, or behind sign-in if ALONGSIDE_API_DOCS_PUBLIC is off.

    Asked at each request, not when the URLs are built, so the setting can change without a restart
    of the URL configuration (and tests can override it)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.ALONGSIDE_API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


class FormInvalid(Exception):
    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors


api = NinjaAPI(
    title="Alongside API",
    version="1",
    description="Peer coaching and mentoring programmes. Authenticate with your browser session "
    "or a personal token (Authorization: Bearer …) made on your account page. "
    "Creates (a POST answered 201 or 202) accept an optional Idempotency-Key header: send the same "
    "request again with the same key within a day and you get the first answer again, not a second record.",
    auth=API_AUTH,
    urls_namespace="api",
    docs_decorator=_docs_access,
)
# Every create, in one place: a retried request with the same Idempotency-Key makes one record.
api.add_decorator(idempotent, mode="view")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "Your role cannot do this."}, status=403)


@api.exception_handler(StaleEditError)
def _stale(request, exc):
    return api.create_response(request, {"detail": StaleEditError.message}, status=409)


@api.exception_handler(FormInvalid)
def _invalid(request, exc):
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(DjangoValidationError)
def _django_invalid(request, exc):
    return api.create_response(
        request,
        {"detail": _errors_from(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})},
        status=422,
    )


def _errors_from(errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    rename = {"programme": "programme_id", "service": "service_id", "__all__": "body"}
    return [
        {"loc": ["body", rename.get(field, field)], "msg": str(message), "type": "value_error"}
        for field, messages in errors.items()
        for message in messages
    ]


def _validated(form) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(_errors_from({k: [str(m) for m in v] for k, v in form.errors.items()}))
    return form.changed_values()


def _run(save):
    """Call a service; a refusal it raises comes back as a 422 naming the field."""
    try:
        return save()
    except DjangoValidationError as error:
        raise FormInvalid(
            _errors_from(error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages})
        ) from error


def _archive_or_409(archive):
    """Archive through a service; its refusal (every reason) is a 409 the caller can show."""
    try:
        return archive()
    except DjangoValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})


def _form_data(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    if "programme_id" in data:
        data["programme"] = data.pop("programme_id")
    return {k: ("" if v is None else v) for k, v in data.items()}


def _patched(instance, form_class, patch: Schema, organisation) -> Any:
    changes = patch.dict(exclude_unset=True)
    version = changes.pop("version")
    current = model_to_dict(instance, fields=form_class._meta.fields)
    data = _form_data({**current, **_form_data(changes), "version": version})
    return form_class(data=data, instance=instance, organisation=organisation)


# --- me --------------------------------------------------------------------------------------


@api.get("/me", response=schemas.Me, tags=["me"])
def me(request: HttpRequest):
    user = request.user
    return {
        "username": user.username,
        "role": user.role,
        "role_label": Role(user.role).label,
        "organisation": user.organisation.name,
        "organisation_id": user.organisation_id,
    }


# --- programmes ------------------------------------------------------------------------------

programmes = Router(tags=["programmes"])


@programmes.get("", response=list[schemas.ProgrammeOut])
@paginate(Pages)
def list_programmes(request: HttpRequest):
    return org_selectors.programme_list(user=request.user)


@programmes.get("/{int:programme_id}", response=schemas.ProgrammeOut)
def get_programme(request: HttpRequest, programme_id: int):
    return org_selectors.get_programme_for_user(request.user, programme_id, archived=True)


@programmes.post("/{int:programme_id}/archive", response={200: schemas.ProgrammeOut, 409: schemas.ErrorOut})
def archive_programme(request: HttpRequest, programme_id: int):
    """Archive a programme with nobody left in it; 409 with the reasons otherwise."""
    programme = org_selectors.get_programme_for_user(request.user, programme_id, write=True)
    return _archive_or_409(lambda: org_services.programme_archive(programme=programme))


@programmes.post("/{int:programme_id}/restore", response={200: schemas.ProgrammeOut, 409: schemas.ErrorOut})
def restore_programme(request: HttpRequest, programme_id: int):
    programme = org_selectors.get_programme_for_user(request.user, programme_id, write=True, archived=True)
    return _archive_or_409(lambda: org_services.programme_restore(programme=programme))


@programmes.post("", response={201: schemas.ProgrammeOut})
def create_programme(request: HttpRequest, payload: schemas.ProgrammeIn):
    require(request.user, "programmes.edit")
    form = ProgrammeForm(data=_form_data(payload.dict()), organisation=request.user.organisation)
    fields = _validated(form)
    return Status(201, _run(lambda: org_services.programme_create(organisation=request.user.organisation, **fields)))


@programmes.patch("/{int:programme_id}", response=schemas.ProgrammeOut)
def update_programme(request: HttpRequest, programme_id: int, payload: schemas.ProgrammePatch):
    programme = org_selectors.get_programme_for_user(request.user, programme_id, write=True)
    form = _patched(programme, ProgrammeForm, payload, request.user.organisation)
    fields = _validated(form)
    return _run(
        lambda: org_services.programme_update(programme=programme, expected_version=payload.version, **fields),
    )


# --- coaches ---------------------------------------------------------------------------------

coaches = Router(tags=["coaches"])


@coaches.get("", response=list[schemas.CoachListItem])
@audited_list("people.coach.listed")
@paginate(Pages)
def list_coaches(request: HttpRequest, q: str = Query("", max_length=100), status: str = Query("", max_length=20)):
    return people_selectors.coach_list(user=request.user, search=q, status=status)


@coaches.get("/{int:coach_id}", response=schemas.CoachOut)
def get_coach(request: HttpRequest, coach_id: int):
    coach = people_selectors.get_coach_for_user(request.user, coach_id, archived=True)
    people_services.coach_viewed(coach=coach)
    return coach


@coaches.get("/{int:coach_id}/readiness", response=schemas.ReadinessOut)
def coach_readiness(request: HttpRequest, coach_id: int, programme: int = Query(..., ge=1, le=2**62)):
    """Is this coach ready to be matched in this programme, and if not, exactly what is missing."""
    require(request.user, "training.view")
    coach = people_selectors.get_coach_for_user(request.user, coach_id)
    the_programme = org_selectors.get_programme_for_user(request.user, programme)
    coach = with_readiness_data(type(coach).objects.filter(pk=coach.pk)).get()
    result = readiness(coach, the_programme)
    return {"ready": result.ready, "missing": [vars(m) for m in result.missing], "expiring": result.expiring}


@coaches.post("", response={201: schemas.CoachOut})
def create_coach(request: HttpRequest, payload: schemas.CoachIn):
    require(request.user, "coaches.edit")
    form = CoachForm(data=_form_data(payload.dict()), organisation=request.user.organisation)
    fields = _validated(form)
    return Status(201, _run(lambda: people_services.coach_create(organisation=request.user.organisation, **fields)))


@coaches.patch("/{int:coach_id}", response=schemas.CoachOut)
def update_coach(request: HttpRequest, coach_id: int, payload: schemas.CoachPatch):
    coach = people_selectors.get_coach_for_user(request.user, coach_id, write=True)
    form = _patched(coach, CoachForm, payload, request.user.organisation)
    fields = _validated(form)
    return _run(lambda: people_services.coach_update(coach=coach, expected_version=payload.version, **fields))


# No DELETE: people are archived (hidden, restorable, audited), never deleted by an ordinary call.
@coaches.post("/{int:coach_id}/archive", response={200: schemas.CoachOut, 409: schemas.ErrorOut})
def archive_coach(request: HttpRequest, coach_id: int):
    """Archive a coach; 409 with every reason while they have open relationships or alerts."""
    coach = people_selectors.get_coach_for_user(request.user, coach_id, write=True)
    return _archive_or_409(lambda: people_services.coach_archive(coach=coach))


@coaches.post("/{int:coach_id}/restore", response={200: schemas.CoachOut, 409: schemas.ErrorOut})
def restore_coach(request: HttpRequest, coach_id: int):
    coach = people_selectors.get_coach_for_user(request.user, coach_id, write=True, archived=True)
    return _archive_or_409(lambda: people_services.coach_restore(coach=coach))


# --- clients ---------------------------------------------------------------------------------

clients = Router(tags=["clients"])


@clients.get("", response=list[schemas.ClientListItem])
@audited_list("people.client.listed")
@paginate(Pages)
def list_clients(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    status: str = Query("", max_length=20),
    programme_id: int | None = Query(None, ge=1, le=2**62),
):
    return people_selectors.client_list(user=request.user, search=q, status=status, programme_id=programme_id)


@clients.get("/{int:client_id}", response=schemas.ClientOut | schemas.ClientForCoach)
def get_client(request: HttpRequest, client_id: int):
    client = people_selectors.get_client_for_user(request.user, client_id, archived=True)
    people_services.client_viewed(client=client)
    if not can(request.user, "clients.view"):
        # A coach (or the client themself) gets the working view, not the full record staff keep.
        return schemas.ClientForCoach.from_orm(client)
    return schemas.ClientOut.from_orm(client)


@clients.post("", response={201: schemas.ClientOut})
def create_client(request: HttpRequest, payload: schemas.ClientIn):
    require(request.user, "clients.edit")
    form = ClientForm(data=_form_data(payload.dict()), organisation=request.user.organisation)
    fields = _validated(form)
    return Status(201, _run(lambda: people_services.client_create(organisation=request.user.organisation, **fields)))


@clients.patch("/{int:client_id}", response=schemas.ClientOut)
def update_client(request: HttpRequest, client_id: int, payload: schemas.ClientPatch):
    client = people_selectors.get_client_for_user(request.user, client_id, write=True)
    form = _patched(client, ClientForm, payload, request.user.organisation)
    fields = _validated(form)
    return _run(lambda: people_services.client_update(client=client, expected_version=payload.version, **fields))


# No DELETE: a client is archived, and only the erasure process removes anyone.
@clients.post("/{int:client_id}/archive", response={200: schemas.ClientOut, 409: schemas.ErrorOut})
def archive_client(request: HttpRequest, client_id: int):
    """Archive a client; 409 with every reason while a safeguarding concern is open, a safety
    alert is unresolved or a relationship is still open."""
    client = people_selectors.get_client_for_user(request.user, client_id, write=True)
    return _archive_or_409(lambda: people_services.client_archive(client=client))


@clients.post("/{int:client_id}/restore", response={200: schemas.ClientOut, 409: schemas.ErrorOut})
def restore_client(request: HttpRequest, client_id: int):
    client = people_selectors.get_client_for_user(request.user, client_id, write=True, archived=True)
    return _archive_or_409(lambda: people_services.client_restore(client=client))


api.add_router("/programmes", programmes)
api.add_router("/coaches", coaches)
api.add_router("/clients", clients)

# Imported last: the journeys routes use the helpers above.
from .journeys import goals, relationships, steps  # noqa: E402
from .matching import bulk_runs, client_matching, programme_matching, relationship_matching  # noqa: E402
from .meetings import alerts, meetings, relationship_meetings  # noqa: E402
from .referrals import referrals, services  # noqa: E402

relationship_meetings(relationships)
client_matching(clients)
relationship_matching(relationships)
programme_matching(programmes)

api.add_router("/relationships", relationships)
api.add_router("/goals", goals)
api.add_router("/steps", steps)
api.add_router("/meetings", meetings)
api.add_router("/alerts", alerts)
api.add_router("/referrals", referrals)
api.add_router("/services", services)
api.add_router("/bulk-runs", bulk_runs)

# Recruitment, vetting, training, reviews and endings, safeguarding and calendar addresses.
from .calendars import calendar_feed  # noqa: E402
from .endings import relationship_reviews_and_endings, reviews  # noqa: E402
from .recruitment import applications, checks, coach_checks  # noqa: E402
from .safeguarding import client_concerns, concerns  # noqa: E402
from .training import agreements, coach_training, modules, my_journey  # noqa: E402

coach_checks(coaches)
coach_training(coaches)
relationship_reviews_and_endings(relationships)
client_concerns(clients)
api.add_router("/applications", applications)
api.add_router("/checks", checks)
api.add_router("/modules", modules)
api.add_router("/agreements", agreements)
api.add_router("/my-journey", my_journey)
api.add_router("/reviews", reviews)
api.add_router("/concerns", concerns)
api.add_router("/me/calendar-feed", calendar_feed)
