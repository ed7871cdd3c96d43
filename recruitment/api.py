"""API for recruitment: applications and the pipeline, the suitability conversation, and vetting
checks. The same access helpers, forms and services as the pages, so the rules, versions and
audit are the same. A certificate number can be written here but is never read back: the only
way to see one is the audited request on the check's page."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from core.api import FormInvalid, Input, Pages, errors_from, form_data, run_service, validated
from core.exceptions import StaleEditError
from organisations.permissions import require
from people.selectors import get_coach_for_user
from recruitment import selectors, services
from recruitment.forms import CheckForm, ConversationForm, MoveForm
from recruitment.models import Application, Conversation, SuitabilityQuestion

# Operation ids as they were when these routes lived in the api app, so clients generated from the
# OpenAPI document keep working (api/api.py reads this).
OPERATION_ID_PREFIX = "api_recruitment"


Stage = Literal[
    "applied",
    "conversation_booked",
    "conversation_held",
    "checks",
    "induction",
    "ready",
    "active",
    "paused",
    "left",
]
CheckKind = Literal["dbs", "reference"]
CheckLevel = Literal["", "basic", "standard", "enhanced", "enhanced_barred"]
Version = Field(..., ge=1, le=2**31, description="The version you read; a stale one is refused with 409.")


# --- schemas ---------------------------------------------------------------------------------


class ApplicationListItem(Schema):
    id: int
    first_name: str
    last_name: str
    stage: str
    stage_changed_on: datetime.date
    days_in_stage: int
    coach_id: int | None
    version: int


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    note: str
    by: str | None
    at: datetime.datetime


class AnswerOut(Schema):
    question: str
    answer: str
    exclusion: str


class ConversationOut(Schema):
    held_on: datetime.date
    strengths: str
    recovery_judgement: str
    recovery_reason: str
    notes: str
    answers: list[AnswerOut]
    version: int


class ApplicationOut(ApplicationListItem):
    email: str
    phone: str
    area: str
    lived_experience: str
    motivation: str
    availability: str
    hopes: list[str]
    applied_at: datetime.datetime
    history: list[StageChangeOut]
    conversation: ConversationOut | None


class MoveIn(Input):
    paragraphs = frozenset({"note"})

    version: int = Version
    to_stage: Stage
    note: str = Field("", max_length=500)


class AnswerIn(Input):
    paragraphs = frozenset({"answer"})

    question: str = Field(..., min_length=1, max_length=300, description="One of the organisation's questions.")
    answer: str = Field("", max_length=2000)
    exclusion: str = Field("", max_length=300, description="Anyone or anything they will not work with.")


class ConversationIn(Input):
    paragraphs = frozenset({"strengths", "recovery_judgement", "recovery_reason", "notes"})

    version: int | None = Field(
        None, ge=1, le=2**31, description="When changing a recorded conversation: the version you read."
    )
    held_on: datetime.date
    strengths: str = Field("", max_length=3000)
    recovery_judgement: str = Field("", max_length=2000)
    recovery_reason: str = Field("", max_length=2000)
    notes: str = Field("", max_length=3000)
    answers: list[AnswerIn] = Field(default_factory=list, max_length=50)


class CheckOut(Schema):
    """A vetting check. Never its certificate number."""

    id: int
    coach_id: int
    kind: str
    level: str
    referee: str
    requested_on: datetime.date
    cleared_on: datetime.date | None
    renewal_due_on: datetime.date | None
    notes: str
    status_label: str
    waiting_too_long: bool
    version: int


class CheckIn(Input):
    paragraphs = frozenset({"notes"})

    kind: CheckKind
    level: CheckLevel = ""
    referee: str = Field("", max_length=200)
    requested_on: datetime.date
    cleared_on: datetime.date | None = None
    renewal_due_on: datetime.date | None = None
    notes: str = Field("", max_length=2000)
    certificate_number: str = Field("", max_length=40, description="Stored encrypted; never sent back.")


class CheckPatch(Input):
    paragraphs = frozenset({"notes"})

    version: int = Version
    kind: CheckKind | None = None
    level: CheckLevel | None = None
    referee: str | None = Field(None, max_length=200)
    requested_on: datetime.date | None = None
    cleared_on: datetime.date | None = None
    renewal_due_on: datetime.date | None = None
    notes: str | None = Field(None, max_length=2000)
    certificate_number: str | None = Field(
        None, max_length=40, description="Stored encrypted; never sent back. Leave out to keep the one recorded."
    )


# --- applications and the pipeline -----------------------------------------------------------

applications = Router(tags=["recruitment"])
checks = Router(tags=["vetting checks"])


def _conversation_out(conversation: Conversation | None) -> dict[str, Any] | None:
    if conversation is None:
        return None
    fields = ("held_on", "strengths", "recovery_judgement", "recovery_reason", "notes", "version")
    return {
        **{name: getattr(conversation, name) for name in fields},
        "answers": [
            {"question": a.question, "answer": a.answer, "exclusion": a.exclusion} for a in conversation.answers.all()
        ],
    }


def _application_out(application: Application) -> dict[str, Any]:
    history = application.stage_changes.select_related("by")
    conversation = Conversation.objects.filter(application=application).prefetch_related("answers").first()
    return {
        **ApplicationListItem.from_orm(application).dict(),
        **{
            name: getattr(application, name)
            for name in ("email", "phone", "area", "lived_experience", "motivation", "availability", "hopes")
        },
        "applied_at": application.created_at,
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "note": change.note,
                "by": change.by.display_name() if change.by else None,
                "at": change.created_at,
            }
            for change in history
        ],
        "conversation": _conversation_out(conversation),
    }


@applications.get("", response=list[ApplicationListItem])
@paginate(Pages)
def list_applications(request: HttpRequest, stage: str = Query("", max_length=30)):
    """Everyone in the pipeline, longest in their stage first; `stage=checks` for one stage."""
    return selectors.application_list(request.user, stage=stage)


@applications.get("/{int:application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: int):
    """One applicant: what they told us, every move through the pipeline and the conversation."""
    return _application_out(selectors.get_application_for_user(request.user, application_id))


@applications.post("/{int:application_id}/moves", response=ApplicationOut)
def move_application(request: HttpRequest, application_id: int, payload: MoveIn):
    """Move someone to another stage. From "checks" on they get a coach record; "ready" is
    refused (422) until they are ready for a programme. Send the `version` you read."""
    application = selectors.get_application_for_user(request.user, application_id, write=True)
    form = MoveForm(data=payload.dict())
    if not form.is_valid():
        raise FormInvalid(errors_from({k: [str(m) for m in v] for k, v in form.errors.items()}))
    run_service(
        lambda: services.application_move(
            application=application,
            to_stage=form.cleaned_data["to_stage"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    )
    return _application_out(application)


@applications.put("/{int:application_id}/conversation", response=ConversationOut)
def record_conversation(request: HttpRequest, application_id: int, payload: ConversationIn):
    """Record (or change) the suitability conversation. Answer the organisation's questions by
    their text; an answer's `exclusion` becomes one of the coach's matching exclusions."""
    application = selectors.get_application_for_user(request.user, application_id, write=True)
    services.ensure_default_questions(request.user.organisation)
    existing = Conversation.objects.filter(application=application).prefetch_related("answers").first()
    if payload.version is not None and existing is not None and existing.version != payload.version:
        raise StaleEditError()
    # The same questions the page asks: the active ones, and any answered before.
    questions = [q.text for q in SuitabilityQuestion.objects.filter(active=True)]
    questions += [a.question for a in existing.answers.all() if a.question not in questions] if existing else []
    given = {a.question: a for a in payload.answers}
    unknown = [text for text in given if text not in questions]
    if unknown:
        raise FormInvalid(errors_from({"answers": [f"Not one of the questions: {unknown[0][:60]}"]}))
    # As on the page, only a question about people or circumstances takes an exclusion.
    asks = selectors.exclusion_questions() | (
        {a.question for a in existing.answers.all() if a.exclusion} if existing else set()
    )
    misplaced = [text for text, a in given.items() if a.exclusion.strip() and text not in asks]
    if misplaced:
        raise FormInvalid(
            errors_from({"answers": [f"This question does not ask about exclusions: {misplaced[0][:60]}"]})
        )
    data: dict[str, Any] = payload.dict(exclude={"version", "answers"})
    for n, question in enumerate(questions):
        if question in given:
            data[f"answer_{n}"] = given[question].answer
            data[f"exclusion_{n}"] = given[question].exclusion
    form = ConversationForm(data=data, questions=questions, exclusion_questions=asks)
    if not form.is_valid():
        errors = {("answers" if k.startswith(("answer_", "exclusion_")) else k): v for k, v in form.errors.items()}
        raise FormInvalid(errors_from({k: [str(m) for m in v] for k, v in errors.items()}))
    conversation = run_service(
        lambda: services.conversation_save(
            application=application,
            answers=form.answers(),
            expected_version=existing.version if existing else None,
            **form.values(),
        )
    )
    conversation = Conversation.objects.prefetch_related("answers").get(pk=conversation.pk)
    return _conversation_out(conversation)


# --- vetting checks --------------------------------------------------------------------------


@checks.get("", response=list[CheckOut])
@paginate(Pages)
def list_checks(
    request: HttpRequest,
    coach_id: int | None = Query(None, ge=1, le=2**62),
    waiting: bool = Query(False, description="Only checks requested and not yet back."),
):
    """Vetting checks, without certificate numbers; `waiting=true` for those not back yet."""
    return selectors.check_list(request.user, coach_id=coach_id, waiting=waiting)


@checks.get("/{int:check_id}", response=CheckOut)
def get_check(request: HttpRequest, check_id: int):
    return selectors.get_check_for_user(request.user, check_id)


def coach_checks(router) -> None:
    @router.post("/{int:coach_id}/checks", response={201: CheckOut}, tags=["vetting checks"])
    def create_check(request: HttpRequest, coach_id: int, payload: CheckIn):
        """Add a DBS check or a reference for a coach. A DBS check needs its level."""
        coach = get_coach_for_user(request.user, coach_id, write=True)
        require(request.user, "checks.edit")
        fields = validated(CheckForm(data=form_data(payload.dict())))
        return Status(201, run_service(lambda: services.check_create(coach=coach, **fields)))


@checks.patch("/{int:check_id}", response=CheckOut)
def update_check(request: HttpRequest, check_id: int, payload: CheckPatch):
    """Change a check (for example the date it cleared). Send the `version` you read."""
    check = selectors.get_check_for_user(request.user, check_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    current = model_to_dict(check, fields=CheckForm._meta.fields)
    form = CheckForm(data=form_data({**current, **changes, "version": version}), instance=check)
    fields = validated(form)
    return run_service(lambda: services.check_update(check=check, expected_version=version, **fields))
