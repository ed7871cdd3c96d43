"""The permission table is the whole truth about who may do what: nothing outside
organisations/permissions.py branches on a person's role, so a rule cannot hide in a view or a
template and drift from the table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from organisations.models import Role
from organisations.permissions import CAPABILITIES, DESIGNATIONS, can

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "tests", "node_modules", ".git", "test-artifacts", "static"}
ALLOWED = {ROOT / "organisations" / "permissions.py"}

# Each pattern with a line it must catch, so a broken pattern cannot quietly pass everything.
ROLE_CHECKS = {
    # user.role == "coach", user.role != Role.CLIENT, user.role in (...), user.role not in (...)
    r"\.role\s*(==|!=|in\b|not\s+in\b)": 'if request.user.role in ("org_admin", "coordinator"):',
    # a role name compared the other way round: "coach" == user.role, Role.COACH != role
    r"""(["'](org_admin|coordinator|supervisor|facilitator|coach|client)["']|Role\.[A-Z_]+)\s*(==|!=)""": (
        "if Role.COACH == user.role:"
    ),
    # role == "coach" on a bare name (a local copy of someone's role)
    r"""\brole\s*(==|!=)\s*(["']|Role\.)""": 'is_coach = role == "coach"',
    # reading the role by name to branch on it
    r"""getattr\([^)]*["']role["']""": 'if getattr(user, "role", None) == Role.CLIENT:',
    # choosing by role from a mapping: {Role.COACH: ...}.get(user.role) or TEMPLATES[user.role]
    r"\.get\(\s*[\w.]*\.role\s*[,)]": "model = {Role.COACH: Coach}.get(request.user.role)",
    r"\[\s*[\w.]*\.role\s*\]": "template = TEMPLATES[request.user.role]",
}

# Being moved to capabilities on another branch (the coach page's sections). Remove the entry
# when that branch is merged: test_no_file_is_excused_without_need fails until you do.
PENDING: set[Path] = set()


pytestmark = pytest.mark.usefixtures("scoped")  # each body runs in the world's organisation


def _role_checks(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if any(re.search(pattern, line) for pattern in ROLE_CHECKS):
            found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def _project_files():
    for path in ROOT.rglob("*"):
        if path.suffix not in (".py", ".html") or not path.is_file():
            continue
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP_DIRS or "migrations" in parts or path in ALLOWED | PENDING:
            continue
        yield path


@pytest.mark.parametrize("pattern,example", ROLE_CHECKS.items())
def test_each_role_check_pattern_catches_its_example(pattern, example):
    assert re.search(pattern, example)


def test_no_role_checks_outside_the_permission_table():
    """Ask `can(user, "capability")` in Python, `{% if user|can:"capability" %}` in templates."""
    found = [check for path in _project_files() for check in _role_checks(path)]
    assert not found, "Role checks outside organisations/permissions.py:\n" + "\n".join(found)


def test_no_file_is_excused_without_need():
    stale = [path.relative_to(ROOT).as_posix() for path in PENDING if path.exists() and not _role_checks(path)]
    assert not stale, f"No role checks left in {stale}: remove them from PENDING so they stay that way."


def test_the_scan_reads_the_project_and_not_the_virtualenv():
    files = {path.relative_to(ROOT).as_posix() for path in _project_files()}
    assert "meetings/views.py" in files and "templates/home/staff.html" in files
    assert not any(name.startswith((".venv/", "tests/")) for name in files)


def test_every_capability_names_real_roles():
    for capability, roles in CAPABILITIES.items():
        assert roles <= set(Role.values), capability
    assert set(DESIGNATIONS) <= set(CAPABILITIES)


@pytest.mark.django_db
def test_a_safeguarding_lead_reads_concerns_whatever_their_role(world):
    from meetings import safeguarding

    assert can(world.coordinator, "safeguarding.view")
    assert not can(world.orgadmin, "safeguarding.view")
    assert not can(world.supervisor, "safeguarding.view")
    safeguarding.lead_add(organisation=world.org, staff=world.supervisor)
    assert can(world.supervisor, "safeguarding.view")
    # Being named a lead grants only what the designation grants.
    assert not can(world.supervisor, "safeguarding.leads.edit")
    assert not can(AnonymousUser(), "safeguarding.view")


@pytest.mark.parametrize(
    "role,completed_by",
    [("coach", "coach"), ("client", "client"), ("coordinator", "staff")],
)
def test_a_check_in_says_who_recorded_it(as_role, world, role, completed_by):
    from django.utils import timezone

    from journeys.models import CheckIn

    today = timezone.localdate().isoformat()
    data = {f"goal_{world.goal.pk}": "3", "went_well": "Opened the post", "held_on": today}
    response = as_role(role).post(f"/relationships/{world.relationship.pk}/check-ins/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CheckIn.objects.filter(went_well="Opened the post").get().completed_by == completed_by


# (role, links on their home page, links not on it): what the table lets each kind of staff see.
HOME_LINKS = [
    ("coordinator", ["On-call rota", "Safeguarding leads", "Safeguarding concerns", "Who needs attention"], []),
    ("orgadmin", ["On-call rota", "Safeguarding leads", "Who needs attention"], ["Safeguarding concerns"]),
    ("supervisor", ["Who needs attention", "Referrals waiting"], ["On-call rota", "Safeguarding concerns"]),
    ("facilitator", ["Your programmes"], ["Who needs attention", "Referrals waiting", "On-call rota"]),
]


@pytest.mark.parametrize("role,shown,hidden", HOME_LINKS, ids=[row[0] for row in HOME_LINKS])
def test_each_kind_of_staff_sees_the_home_links_the_table_allows(as_role, world, role, shown, hidden):
    page = as_role(role).get("/").content.decode()
    assert all(text in page for text in shown), [t for t in shown if t not in page]
    assert not any(text in page for text in hidden), [t for t in hidden if t in page]


def test_a_safeguarding_lead_who_is_not_a_coordinator_is_shown_the_concerns(as_role, world):
    from meetings import safeguarding

    safeguarding.lead_add(organisation=world.org, staff=world.supervisor)
    browser = as_role("supervisor")
    assert "Safeguarding concerns" in browser.get("/").content.decode()
    assert browser.get(f"/safeguarding/{world.concern.pk}/").status_code == 200
