"""The production server's settings that the load benchmark chose (README, "Performance and
scaling"): gunicorn's workers, threads and timeouts, database connections kept between requests,
and a statement timeout for the web processes only."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("scoped")

ROOT = Path(__file__).resolve().parents[1]


def production_database(**env: str) -> dict:
    """DATABASES["default"] as alongside.production builds it, in a fresh interpreter."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({k: db.get(k) for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'OPTIONS')}))"
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in ("CONN_MAX_AGE", "DATABASE_STATEMENT_TIMEOUT_MS")
    } | {
        "DJANGO_SETTINGS_MODULE": "alongside.production",
        "SECRET_KEY": "test-only-production-settings-key",
        "ALLOWED_HOSTS": "alongside.example.org",
        "DATABASE_URL": "postgres://alongside@db-host:5432/alongside",
        **env,
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_between_requests_and_checks_them_first():
    db = production_database()
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True
    assert "statement_timeout" not in json.dumps(db["OPTIONS"])  # the task worker: no limit


def test_the_web_processes_statement_timeout_reaches_postgresql():
    db = production_database(DATABASE_STATEMENT_TIMEOUT_MS="25000", CONN_MAX_AGE="0")
    assert db["OPTIONS"]["options"] == "-c statement_timeout=25000"
    assert db["CONN_MAX_AGE"] == 0


def test_gunicorn_config_sizes_workers_to_the_cores_and_sets_the_web_statement_timeout(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "DATABASE_STATEMENT_TIMEOUT_MS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 2)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 5
    assert config["worker_class"] == "gthread"
    assert config["threads"] == 4
    assert config["timeout"] == 30
    assert config["bind"] == "127.0.0.1:8000"
    assert config["preload_app"] is True
    assert config["control_socket_disable"] is True
    # Below gunicorn's timeout, so the database gives up first and the request ends cleanly.
    assert int(os.environ["DATABASE_STATEMENT_TIMEOUT_MS"]) < config["timeout"] * 1000


def test_gunicorn_config_follows_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "9")
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8300")
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "10000")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"], config["bind"]) == (9, 2, "0.0.0.0:8300")
    assert os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] == "10000"
