"""API for a programme's own coaching process (its stages, and moving a pair to one) and for
case studies (the published ones, and a coordinator's review that publishes a draft).

Written as the pages are: the same selectors, forms and services, so the coach moves their own
pairs on, and a case study is published only once a coordinator has reviewed it with every name
taken out."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from core.api import Input, Pages, require_valid, run_service
from journeys import selectors, services
from journeys.forms import CaseStudyReviewForm, StageForm
from organisations.permissions import require
from organisations.selectors import get_programme_for_user

# --- schemas ---------------------------------------------------------------------------------


class StageOut(Schema):
    id: int
    number: int
    name: str


class RelationshipStageOut(Schema):
    relationship_id: int
    stage: StageOut | None
    version: int


class StageIn(Input):
    stage_id: int = Field(..., ge=1, le=2**62, description="One of the programme's stages.")
    version: int = Field(..., ge=1, le=2**31, description="The relationship's version you read; stale is 409.")


class RemovedOut(Schema):
    found: str = Field(..., description="The name or place found in the text.")
    replaced_by: str = Field(..., description="What stands in its place, e.g. 'their daughter'.")


class CaseStudyOut(Schema):
    ending_id: int = Field(..., alias="pk")
    programme_id: int = Field(..., alias="relationship.programme_id")
    ended_on: datetime.date
    case_study: str
    reviewed: bool
    removed: list[RemovedOut] = Field(..., description="Names and places taken out, and what stood in for them.")

    @staticmethod
    def resolve_reviewed(ending) -> bool:
        return ending.case_study_reviewed_at is not None

    @staticmethod
    def resolve_removed(ending) -> list[dict[str, str]]:
        return [{"found": r.get("found", ""), "replaced_by": r.get("as", "")} for r in ending.case_study_removed]


class CaseStudyReviewIn(Input):
    paragraphs = frozenset({"case_study"})
    case_study: str = Field(..., min_length=1, max_length=10000)


class CaseStudyReviewOut(CaseStudyOut):
    published: bool = Field(
        ..., description="False when more names were found and taken out: read it again and send it back."
    )


def _case_study_out(ending) -> dict:
    return {
        "ending_id": ending.pk,
        "programme_id": ending.relationship.programme_id,
        "ended_on": ending.ended_on,
        "case_study": ending.case_study,
        "reviewed": ending.case_study_reviewed_at is not None,
        "removed": [{"found": r.get("found", ""), "replaced_by": r.get("as", "")} for r in ending.case_study_removed],
    }


# --- stages ----------------------------------------------------------------------------------


def programme_stages(router: Router) -> None:
    @router.get("/{int:programme_id}/stages", response=list[StageOut], tags=["coaching process"])
    def list_programme_stages(request: HttpRequest, programme_id: int):
        """The programme's coaching process, in order (empty if it has none)."""
        programme = get_programme_for_user(request.user, programme_id)
        return selectors.programme_process(programme)["stages"]


def relationship_stage(router: Router) -> None:
    @router.post("/{int:relationship_id}/stage", response=RelationshipStageOut, tags=["coaching process"])
    def set_relationship_stage(request: HttpRequest, relationship_id: int, payload: StageIn):
        """Move the pair to a stage of their programme's process (on or back); dated on the timeline."""
        relationship = selectors.get_relationship_for_user(
            request.user, relationship_id, write=True, capability="work.edit"
        )
        form = StageForm(data={"stage": payload.stage_id, "version": payload.version}, relationship=relationship)
        require_valid(form, rename={"stage": "stage_id"})
        stage = form.cleaned_data["stage"]
        run_service(
            lambda: services.relationship_stage_set(
                relationship=relationship, stage=stage, expected_version=payload.version
            )
        )
        relationship.refresh_from_db()
        return {"relationship_id": relationship.pk, "stage": relationship.stage, "version": relationship.version}


# --- case studies ----------------------------------------------------------------------------

case_studies = Router(tags=["case studies"])


@case_studies.get("", response=list[CaseStudyOut])
@paginate(Pages)
def list_case_studies(request: HttpRequest):
    """Published case studies: each reviewed by a coordinator, with consent, and no names in it."""
    require(request.user, "case_studies.view")
    # The queryset, not a list: the page is cut in the database and only its rows are read.
    return selectors.case_studies().select_related("relationship")


@case_studies.get("/to-review", response=list[CaseStudyOut])
@paginate(Pages)
def list_case_studies_to_review(request: HttpRequest):
    """Drafts waiting for a coordinator's review (not published, not in any report)."""
    require(request.user, "relationships.edit")
    return selectors.case_studies_to_review().select_related("relationship")


@case_studies.post("/{int:ending_id}/review", response=CaseStudyReviewOut)
def review_case_study(request: HttpRequest, ending_id: int, payload: CaseStudyReviewIn):
    """Review the draft and publish it. Names are taken out again first; if any are found it is
    saved but not published (`published: false`), so the coordinator reads it once more."""
    ending = selectors.get_case_study_for_review(request.user, ending_id)
    form = CaseStudyReviewForm(data={"case_study": payload.case_study})
    require_valid(form)
    published = run_service(
        lambda: services.case_study_review(ending=ending, case_study=form.cleaned_data["case_study"])
    )
    ending.published = published
    return ending
