"""Checks a running production configuration over HTTP, as `make deploy-check` starts it
(scripts/deploy_check.sh): the health endpoint, static files, signing in and a page for each
role, the API, a task's round trip through Redis to the worker, and the safety sweep firing.

    scripts/deploy_check.py http://127.0.0.1:8400 MAIL_DIR          # everything
    scripts/deploy_check.py http://127.0.0.1:8400 MAIL_DIR --health unhealthy:TaskQueue
    scripts/deploy_check.py http://127.0.0.1:8400 MAIL_DIR --health healthy
    scripts/deploy_check.py http://127.0.0.1:8400 MAIL_DIR --started   # healthy, and a sign-in works

It reads and writes the database through Django (the same settings, from the environment) only
to set up the sweep's overdue check-out and to see its alert. Standard library only, so it runs
on a server with no test tools installed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "alongside-demo"  # noqa: S105 - the demo's published password
# Each demo role and a page only that kind of person opens.
ROLES = {
    "coordinator": "/matching/",
    "orgadmin": "/clients/",
    "supervisor": "/coaches/",
    "facilitator": "/groups/",
    "coach": "/calendar/",
    "client": "/",
}


class Session:
    """A browser's worth of HTTP: cookies, CSRF, and the proxy's X-Forwarded-Proto (TLS ends there)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.https_origin = "https://" + urllib.parse.urlsplit(self.base).netloc
        # Cookies kept by hand: production's are Secure, and a cookie jar would not send a Secure
        # cookie over the plain HTTP between this check and gunicorn (TLS ends at the proxy).
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect())

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        sent = {"X-Forwarded-Proto": "https", "Referer": self.https_origin + path, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        request = urllib.request.Request(self.base + path, data=body, headers=sent)  # noqa: S310 - our own http URL
        try:
            with self.opener.open(request, timeout=30) as response:
                status, answer, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, answer, content = error.code, error.headers, error.read()
        for header in answer.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, dict(answer), content

    def csrf(self) -> str:
        return self.cookies["csrftoken"]

    def sign_in(self, username: str) -> None:
        self.request("/accounts/login/")
        status, headers, _ = self.request(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        check(status == 302 and "/accounts/login/" not in headers.get("Location", ""), f"{username} signs in")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(ok: bool, what: str) -> None:
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        raise SystemExit(1)


def wait(what: str, seconds: float, probe) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe():
            check(True, what)
            return
        time.sleep(1)
    check(False, f"{what} (waited {seconds:g} s)")


def health(base: str) -> tuple[int, dict]:
    status, _, body = Session(base).request("/health/", headers={"Accept": "application/json"})
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {}


def check_health(base: str, expect: str) -> None:
    if expect == "healthy":
        wait("/health/ says every part is OK", 60, lambda: health(base)[0] == 200)
        return
    part = expect.split(":", 1)[1]

    def failing() -> bool:
        status, parts = health(base)
        return status == 503 and any(name.startswith(part) and value != "OK" for name, value in parts.items())

    wait(f"/health/ answers 503 naming {part}", 60, failing)
    print("      " + json.dumps(health(base)[1]))


def check_static(base: str) -> None:
    session = Session(base)
    _, _, page = session.request("/accounts/login/")
    found = re.search(rb'/static/[^"]+\.css', page)
    check(found is not None, "the sign-in page links its stylesheet")
    status, headers, _ = session.request(found.group(0).decode(), headers={"Accept-Encoding": "br, gzip"})
    lower = {k.lower(): v for k, v in headers.items()}
    check(status == 200 and lower.get("content-encoding") in ("br", "gzip"), "static files are served compressed")
    check(
        "max-age=315360000" in lower.get("cache-control", "") and "immutable" in lower.get("cache-control", ""),
        f"static files are cached for a long time ({lower.get('cache-control')})",
    )


def check_roles(base: str) -> Session:
    coordinator = None
    for username, page in ROLES.items():
        session = Session(base)
        session.sign_in(username)
        status, _, body = session.request("/")
        check(status == 200 and b"Sign out" in body, f"{username}'s home page")
        status, _, _ = session.request(page)
        check(status == 200, f"{username} opens {page}")
        if username == "coordinator":
            coordinator = session
    return coordinator


def check_api(coordinator: Session) -> None:
    status, _, body = coordinator.request("/api/v1/me", headers={"Accept": "application/json"})
    check(status == 200 and json.loads(body).get("username") == "coordinator", "the API answers /api/v1/me")
    status, _, body = coordinator.request("/api/v1/clients", headers={"Accept": "application/json"})
    check(status == 200 and json.loads(body).get("count", 0) > 0, "the API lists the organisation's clients")


def check_task_round_trip(base: str, mail_dir: Path) -> None:
    """A password reset is sent by the worker: the request queues it in Redis, the worker sends it."""
    import django

    django.setup()
    from django_scopes import scopes_disabled

    from organisations.models import User

    with scopes_disabled():
        email = User.objects.get(username="coach").email
    before = set(mail_dir.glob("*")) if mail_dir.exists() else set()
    session = Session(base)
    session.request("/accounts/password_reset/")
    status, _, _ = session.request("/accounts/password_reset/", {"email": email, "csrfmiddlewaretoken": session.csrf()})
    check(status == 302, "a password reset is asked for")

    def sent() -> bool:
        new = (set(mail_dir.glob("*")) if mail_dir.exists() else set()) - before
        return any(email in path.read_text(errors="replace") for path in new)

    wait("the worker sent the reset email (a task's round trip through Redis)", 60, sent)


def check_sweep() -> None:
    """A coach has arrived and is overdue to check out: the scheduler's next sweep raises the alert."""
    import django

    django.setup()
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from journeys.models import Relationship
    from meetings.models import Alert, Meeting

    now = timezone.now()
    with scopes_disabled():
        relationship = Relationship.objects.filter(status="active", coach__user__username="coach").first()
        meeting = Meeting.objects.create(
            organisation_id=relationship.organisation_id,
            relationship=relationship,
            programme_id=relationship.programme_id,
            starts_at=now - datetime.timedelta(minutes=61),
            expected_minutes=60,
            channel="face_to_face",
            place_kind="public",
            place="Deploy check: the library café",
            arrived_at=now - datetime.timedelta(minutes=61),
            checkout_due_at=now - datetime.timedelta(seconds=5),
        )

    def raised() -> bool:
        with scopes_disabled():
            return Alert.objects.filter(meeting=meeting).exists()

    wait("the safety sweep raised the overdue check-out's alert", 90, raised)
    with scopes_disabled():
        Alert.objects.filter(meeting=meeting).update(resolved_at=timezone.now(), resolution="Deploy check over.")
        Meeting.objects.filter(pk=meeting.pk).update(left_at=timezone.now(), checkout_due_at=None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("mail_dir", type=Path)
    parser.add_argument("--health", help="only wait for 'healthy' or 'unhealthy:<Check>'")
    parser.add_argument("--started", action="store_true", help="only: healthy, and a coordinator signs in")
    parser.add_argument(
        "--after-outage", action="store_true", help="only: healthy, a task's round trip and the sweep firing"
    )
    args = parser.parse_args()
    if args.health:
        check_health(args.base, args.health)
        return
    if args.after_outage:
        # The web, the worker and the scheduler all lived through Redis and PostgreSQL going away.
        check_health(args.base, "healthy")
        check_task_round_trip(args.base, args.mail_dir)
        check_sweep()
        return
    if args.started:
        check_health(args.base, "healthy")
        session = Session(args.base)
        session.sign_in("coordinator")
        status, _, body = session.request("/")
        check(status == 200 and b"Sign out" in body, "coordinator's home page")
        return
    check_health(args.base, "healthy")
    check_static(args.base)
    coordinator = check_roles(args.base)
    check_api(coordinator)
    check_task_round_trip(args.base, args.mail_dir)
    check_sweep()


if __name__ == "__main__":
    main()
