from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from matching import embeddings
from matching.models import BulkRun
from meetings.models import Alert, Concern, Meeting
from organisations.models import Role
from recruitment.models import Application, Check
from referrals.models import Referral, Service
from training.models import Acknowledgement, Agreement, AgreementVersion, Module

from . import fast_database
from .factories import (
    ActionStepFactory,
    CheckInFactory,
    ClientFactory,
    CoachFactory,
    GoalFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RelationshipFactory,
    ReviewFactory,
    StaffMemberFactory,
    UserFactory,
)


def pytest_collection_modifyitems(config, items):
    # Every API fuzz module (tests/api/test_fuzz.py, tests/<area>/test_api_fuzz.py) is marked, so
    # CI can fuzz once, on PostgreSQL, as it drives the browser once, on SQLite (.ci/run).
    for item in items:
        name = Path(str(item.fspath)).name
        if name == "test_fuzz.py" or name.endswith("_fuzz.py"):
            item.add_marker(pytest.mark.fuzz)


@pytest.fixture(scope="session")
def django_db_use_migrations(request) -> bool:
    """Test databases are made from the models (tests/fast_database.py) unless REAL_MIGRATIONS=1
    asks for every migration to be replayed, as `make run` and `make deploy-check` do."""
    use = not request.config.getvalue("nomigrations")
    if use and os.environ.get("REAL_MIGRATIONS") != "1":
        fast_database.install()
    return use


@pytest.fixture(autouse=True)
def _test_body_scope(request):
    """A test body runs in no organisation's scope, as a worker or a shell does: a query on a
    scoped model raises ScopeError unless the test says where it is. So a service or selector
    test proves the code under it works inside one organisation, as a request or a task runs it.

    - `scoped` (a fixture): the body runs in the world's organisation, like a request or task;
    - `unscoped` (a fixture, or `scopes_disabled()` in the body): setting up or inspecting rows
      across organisations, said where it happens;
    - `@pytest.mark.unscoped` (or `pytestmark = pytest.mark.unscoped`): the whole test body
      runs with scoping off. For modules not yet converted, and for page tests whose requests
      are scoped by the middleware anyway (it enters the signed-in user's scope, which overrides
      this). Browser tests count as such page tests: what they prove goes through requests."""
    if request.node.get_closest_marker("unscoped") or request.node.get_closest_marker("browser"):
        with scopes_disabled():
            yield
    else:
        yield


@pytest.fixture
def unscoped():
    """Scoping off for the test body: for tests that set up or inspect several organisations' rows."""
    with scopes_disabled():
        yield


@pytest.fixture
def scoped(world):
    """The test body runs inside the world's organisation's scope, as a request or a task would."""
    with scope(organisation=world.org.pk):
        yield


@pytest.fixture(autouse=True, scope="session")
def _each_text_embedded_once():
    """The model is a pure function of the text, and the same texts (the demo's people, the
    world's) are embedded in test after test: every browser test loads the demo, whose ~60 texts
    took most of its loading time. Within one run each distinct text goes through the model once;
    a test that removes the model still gets None, as the product does."""
    original = embeddings.embed
    vectors: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray | None:
        loaded = embeddings.model()
        if loaded is None:
            return None
        new = [text for text in dict.fromkeys(texts) if text not in vectors]
        if new:
            vectors.update(zip(new, loaded.encode(new), strict=True))
        return np.stack([vectors[text] for text in texts]) if texts else loaded.encode([])

    embeddings.embed = embed
    yield
    embeddings.embed = original


@dataclass
class World:
    org: object
    programme: object
    orgadmin: object
    coordinator: object
    supervisor: object
    facilitator: object
    coach_user: object
    coach: object
    client_user: object
    client: object
    relationship: object
    goal: object
    step: object
    check_in: object
    review: object
    module: object
    agreement_version: object
    dbs_check: object
    application: object
    meeting: object
    alert: object
    concern: object
    service: object
    referral: object
    bulk_run: object
    other_client: object
    other_coach: object
    outsider_org: object
    outsider: object
    outsider_client: object
    outsider_coach: object
    outsider_programme: object

    def user(self, role: str):
        return {
            "orgadmin": self.orgadmin,
            "coordinator": self.coordinator,
            "supervisor": self.supervisor,
            "facilitator": self.facilitator,
            "coach": self.coach_user,
            "client": self.client_user,
            "outsider": self.outsider,
        }[role]


def _staff(org, username, role):
    return StaffMemberFactory(user=UserFactory(username=username, organisation=org, role=role)).user


def build_world() -> World:
    """Every role and one of each record they can reach, in two organisations."""
    org = OrganisationFactory(name="Riverside", slug="riverside-test")
    programme = ProgrammeFactory(organisation=org, name="Money Matters")
    coach_user = UserFactory(username="t-coach", organisation=org, role=Role.COACH)
    coach = CoachFactory(organisation=org, user=coach_user, first_name="Sam", last_name="Turner")
    client_user = UserFactory(username="t-client", organisation=org, role=Role.CLIENT)
    client = ClientFactory(
        organisation=org, programme=programme, user=client_user, first_name="Jade", last_name="Wilson"
    )
    relationship = RelationshipFactory(client=client, coach=coach, programme=programme)
    goal = GoalFactory(relationship=relationship)
    step = ActionStepFactory(goal=goal)
    check_in = CheckInFactory(relationship=relationship)
    review = ReviewFactory(relationship=relationship)
    other_coach = CoachFactory(organisation=org, first_name="Grace", last_name="Adeyemi")
    other_client = ClientFactory(organisation=org, programme=programme, first_name="Daniel", last_name="Hughes")
    RelationshipFactory(client=other_client, coach=other_coach, programme=programme)
    module = Module.objects.create(organisation=org, name="Safeguarding", refresh_every_months=36)
    agreement = Agreement.objects.create(organisation=org, kind="code_of_conduct", title="Our Agreement")
    agreement_version = AgreementVersion.objects.create(
        organisation=org, agreement=agreement, number=1, body="We keep each other safe."
    )
    for each in (coach, other_coach):
        Acknowledgement.objects.create(organisation=org, coach=each, version=agreement_version)
    application = Application.objects.create(
        organisation=org,
        first_name="Priya",
        last_name="Shah",
        email="priya@example.org",
        lived_experience="Came through debt after redundancy.",
        motivation="To help others.",
    )
    meeting = Meeting.objects.create(
        organisation=org,
        relationship=relationship,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        channel="face_to_face",
        place_kind="public",
        place="Central Library café",
        notes="Coach note about the meeting.",
    )
    alert = Alert.objects.create(organisation=org, meeting=meeting, kind="overdue", level=0)
    concern = Concern.objects.create(
        organisation=org, client=client, severity="high", description="Lead-only: bruises noticed."
    )
    service = Service.objects.create(organisation=org, name="Riverside Money Advice", kind="debt", phone="0100 000")
    referral = Referral.objects.create(
        organisation=org,
        client=client,
        service=service,
        kind="referral",
        reason="Council tax arrears letters.",
        made_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    dbs_check = Check.objects.create(
        organisation=org,
        coach=coach,
        kind="dbs",
        level="enhanced",
        requested_on=datetime.date(2025, 1, 6),
        cleared_on=datetime.date(2025, 2, 3),
        certificate_number="001234567890",
    )

    outsider_org = OrganisationFactory(name="Northgate", slug="northgate-test")
    outsider = _staff(outsider_org, "t-other-coordinator", Role.COORDINATOR)
    outsider_programme = ProgrammeFactory(organisation=outsider_org, name="Peerability")
    outsider_client = ClientFactory(organisation=outsider_org, programme=outsider_programme, first_name="Sharon")
    outsider_coach = CoachFactory(organisation=outsider_org, first_name="Iain")
    return World(
        org=org,
        programme=programme,
        orgadmin=_staff(org, "t-orgadmin", Role.ORG_ADMIN),
        coordinator=_staff(org, "t-coordinator", Role.COORDINATOR),
        supervisor=_staff(org, "t-supervisor", Role.SUPERVISOR),
        facilitator=_staff(org, "t-facilitator", Role.FACILITATOR),
        coach_user=coach_user,
        coach=coach,
        client_user=client_user,
        client=client,
        relationship=relationship,
        goal=goal,
        step=step,
        check_in=check_in,
        review=review,
        module=module,
        agreement_version=agreement_version,
        dbs_check=dbs_check,
        application=application,
        meeting=meeting,
        alert=alert,
        concern=concern,
        service=service,
        referral=referral,
        bulk_run=BulkRun.objects.create(organisation=org, programme=programme),
        other_client=other_client,
        other_coach=other_coach,
        outsider_org=outsider_org,
        outsider=outsider,
        outsider_client=outsider_client,
        outsider_coach=outsider_coach,
        outsider_programme=outsider_programme,
    )


@pytest.fixture
def world(db) -> World:
    # Setting up two organisations' rows is cross-organisation by nature.
    with scopes_disabled():
        return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker) -> World:
    """One world for a whole test module, for modules of many read-only cases (the permission
    matrix): building it takes longer than most requests it serves.

    It is made inside an outer transaction that stays open for the module and is rolled back at
    its end. Each test's own transaction (the `db` fixture) is then a savepoint inside it, rolled
    back after that test, so whatever a test writes is gone before the next one, on SQLite and
    PostgreSQL alike. Tests take it through a function-scoped fixture that copies it
    (`copy.deepcopy`), so a test that changes a world object in memory cannot leak that either.
    A module that uses it must not use `transactional_db` or `live_server` (a flush would end the
    outer transaction)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with scopes_disabled():
                built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def as_role(client, world):
    """Sign the test client in as one of the world's roles: as_role("coach")."""

    def sign_in(role: str):
        client.force_login(world.user(role))
        return client

    return sign_in
