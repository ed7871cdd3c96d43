"""Coordinators, supervisors, peer coaches and clients using Alongside, for locust.

Run by bench/load/run.sh; on its own, against a server started as the README says:

    .venv/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 5 -t 3m --host http://127.0.0.1:8300

Each simulated person signs in through the real sign-in form (a real session and CSRF token),
then moves through the pages their role uses, 1 to 3 seconds apart (LOAD_THINK=0: none, for the
capacity run). Writes go through the real forms: the page is fetched, every field it carries
(the CSRF token, the one-time form token, the record's version) is sent back with the answers.
About 70% of the people are staff, 30% peer coaches, plus some clients; a few anonymous visitors
fetch the sign-in page and a static file, the ceiling every page is compared with.

The server sits behind no TLS proxy here, so each request says `X-Forwarded-Proto: https` as the
README's proxy would (production settings redirect plain HTTP and set secure cookies) and each
form is posted with the `Origin` a browser sends.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, LoadTestShape, between, constant, events, task

sys.path.insert(0, str(Path(__file__).parent))
from forms import form_on  # noqa: E402

ACCOUNTS = json.loads(Path(__file__).with_name("accounts.json").read_text())
THINK = os.environ.get("LOAD_THINK", "1-3")
PROXY = {"X-Forwarded-Proto": "https"}
LOG = os.environ.get("LOAD_REQUEST_LOG")  # one line per request, for the capacity run's steps


class BehindTheProxy(DefaultCookiePolicy):
    """Send the session's and CSRF's secure cookies over the plain connection to gunicorn, as
    the browser does over TLS to the proxy that stands where the benchmark is."""

    def return_ok_secure(self, cookie, request):
        return True


def _wait():
    if THINK in ("0", ""):
        return constant(0)
    low, high = (float(x) for x in THINK.split("-"))
    return between(low, high)


class Person(FastHttpUser):
    abstract = True
    wait_time = _wait()
    insecure = True

    def on_start(self):
        self.client.cookiejar.set_policy(BehindTheProxy())
        self.origin = {"Origin": self.host.replace("http://", "https://"), **PROXY}
        self.sign_in()

    def account(self) -> str:
        raise NotImplementedError

    def sign_in(self):
        username = self.account()
        page = self.client.get("/accounts/login/", name="sign-in page", headers=PROXY)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        with self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": ACCOUNTS["password"],
            },
            headers={**self.origin, "Referer": f"{self.origin['Origin']}/accounts/login/"},
            name="sign in (POST)",
            allow_redirects=False,  # the home page it leads to is measured as itself
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/accounts/login/" in response.headers.get("Location", ""):
                response.failure(f"sign-in refused for {username} ({response.status_code})")

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, headers=PROXY, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")
            elif "/accounts/login/" in (response.url or ""):
                response.failure(f"signed out at {url}")
            return response.text or ""

    def submit(self, url: str, name: str, answers: dict, *, choose: tuple = ()) -> str:
        """Fetch the form at `url`, keep what it carries, fill in `answers`, pick the first offered
        value for any radio group in `choose` left empty, and post it; a page that comes back with
        the form again (a refusal) is an error."""
        html = self.page(url, f"{name} form")
        form = form_on(html)
        if form is None:
            return ""
        data = {k: list(v) for k, v in form["fields"].items()}
        for field in choose:
            if field in form["choices"] and not data.get(field):
                data[field] = [form["choices"][field][0]]
        for field, values in form["choices"].items():
            if field.startswith("goal_") and not data.get(field):
                data[field] = [random.choice(values)]
        data.update({k: v if isinstance(v, list) else [v] for k, v in answers.items()})
        body = urlencode([(k, v) for k, values in data.items() for v in values])
        with self.client.post(
            form["action"] or url,
            data=body,
            name=f"{name} (POST)",
            headers={
                **self.origin,
                "Referer": f"{self.origin['Origin']}{url}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} posting {url}")
            elif (response.url or "").endswith(url) or 'class="error' in (response.text or ""):
                error = re.search(r'class="error[^"]*"[^>]*>([^<]+)', response.text or "")
                response.failure(f"refused: {error.group(1).strip() if error else 'form shown again'}")
            return response.url or ""

    def api(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, headers=PROXY, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")


class Staff(Person):
    abstract = True

    @task(4)
    def home(self):
        self.page("/", f"home ({self.role})")

    @task(3)
    def client_list(self):
        self.page("/clients/", "client list")

    @task(3)
    def client_search(self):
        self.page(f"/clients/?q={random.choice(ACCOUNTS['surnames'])}", "client list: search")

    @task(2)
    def client_filter(self):
        programme = random.choice(ACCOUNTS["programmes"])
        status = random.choice(["waiting", "matched", "ended"])
        self.page(f"/clients/?programme={programme}&status={status}", "client list: filter")

    @task(3)
    def client_page(self):
        self.page(f"/clients/{random.choice(ACCOUNTS['client_ids'])}/", "client page")

    @task(2)
    def relationship_list(self):
        self.page(random.choice(["/relationships/", "/relationships/?attention=check_in_overdue"]), "relationship list")

    @task(3)
    def relationship_page(self):
        self.page(f"/relationships/{random.choice(ACCOUNTS['relationship_ids'])}/", "relationship page")

    @task(2)
    def api_lists(self):
        url, name = random.choice(
            [
                ("/api/v1/clients", "API clients"),
                (f"/api/v1/clients?q={random.choice(ACCOUNTS['surnames'])}", "API clients: search"),
                ("/api/v1/relationships", "API relationships"),
                ("/api/v1/coaches", "API coaches"),
            ]
        )
        self.api(url, name)


class Coordinator(Staff):
    weight = 50
    role = "coordinator"

    def account(self):
        return random.choice(ACCOUNTS["coordinators"])

    @task(2)
    def waiting_list(self):
        self.page("/matching/", "waiting list")

    @task(2)
    def suggestions(self):
        self.page(f"/clients/{random.choice(ACCOUNTS['waiting_client_ids'])}/suggestions/", "suggestions")

    @task(1)
    def record_check_in(self):
        relationship = random.choice(ACCOUNTS["relationship_ids"])
        self.submit(
            f"/relationships/{relationship}/check-ins/new/",
            "check-in",
            {"went_well": "Talked it through on the phone", "next_steps": "Ring the council"},
        )


class Supervisor(Staff):
    weight = 20
    role = "supervisor"

    def account(self):
        return random.choice(ACCOUNTS["supervisors"])


class Coach(Person):
    weight = 30

    def account(self):
        self.me = random.choice(ACCOUNTS["coaches"])
        return self.me["username"]

    @task(4)
    def home(self):
        self.page("/", "home (coach)")

    @task(4)
    def relationship_page(self):
        self.page(f"/relationships/{random.choice(self.me['relationships'])}/", "relationship page")

    @task(1)
    def calendar(self):
        self.page("/calendar/", "calendar (coach)")

    @task(2)
    def record_check_in(self):
        self.submit(
            f"/relationships/{random.choice(self.me['relationships'])}/check-ins/new/",
            "check-in",
            {"went_well": "Opened the post together", "next_steps": "Ring the housing officer"},
        )

    @task(2)
    def plan_and_record_meeting(self):
        import datetime

        relationship = random.choice(self.me["relationships"])
        when = datetime.datetime.now() - datetime.timedelta(hours=random.randint(1, 48))
        landed = self.submit(
            f"/relationships/{relationship}/meetings/new/",
            "meeting",
            {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "expected_minutes": "45", "channel": "phone"},
        )
        meeting = re.search(r"/meetings/(\d+)/", landed)
        if meeting:
            self.submit(
                f"/meetings/{meeting.group(1)}/record/",
                "meeting record",
                {"outcome": "attended", "notes": "Went through the letters"},
            )

    @task(2)
    def api_lists(self):
        relationship = random.choice(self.me["relationships"])
        url, name = random.choice(
            [
                ("/api/v1/relationships", "API relationships"),
                (f"/api/v1/relationships/{relationship}/meetings", "API a relationship's meetings"),
            ]
        )
        self.api(url, name)


class ClientPerson(Person):
    weight = 10

    def account(self):
        self.me = random.choice(ACCOUNTS["clients"])
        return self.me["username"]

    @task(4)
    def home(self):
        self.page("/", "home (client)")

    @task(1)
    def own_check_in(self):
        self.submit(
            f"/relationships/{self.me['relationship']}/check-ins/new/",
            "client check-in",
            {"went_well": "I opened my letters", "got_in_the_way": "Felt tired"},
        )


class Visitor(FastHttpUser):
    """Someone not signed in: the sign-in page and a static file, the figures pages are held to."""

    fixed_count = int(os.environ.get("LOAD_VISITORS", "2"))
    wait_time = _wait()
    static = None

    def on_start(self):
        html = self.client.get("/accounts/login/", name="sign-in page", headers=PROXY).text or ""
        found = re.search(r'href="(/static/[^"]+\.css)"', html)
        Visitor.static = found.group(1) if found else "/static/css/app.css"

    @task
    def sign_in_page(self):
        self.client.get("/accounts/login/", name="sign-in page", headers=PROXY)

    @task
    def static_file(self):
        self.client.get(self.static, name="static file", headers=PROXY)


class Steps(LoadTestShape):
    """The capacity run (LOAD_STEPS="5,10,20,30,40" users, LOAD_STEP_SECONDS each): users added
    step by step with no think time, so the request rate each step reaches shows where p95 passes
    300 ms. Used only when LOAD_STEPS is set."""

    use_common_options = True

    def __init__(self):
        super().__init__()
        self.steps = [int(n) for n in os.environ.get("LOAD_STEPS", "").split(",") if n]
        self.seconds = int(os.environ.get("LOAD_STEP_SECONDS", "30"))

    def tick(self):
        if not self.steps:
            return None
        step = int(self.get_run_time() // self.seconds)
        if step >= len(self.steps):
            return None
        return self.steps[step], self.steps[step]


if not os.environ.get("LOAD_STEPS"):
    del Steps  # locust uses a shape class if the file defines one


_log = open(LOG, "a", buffering=1) if LOG else None  # noqa: SIM115 - open for the whole run


@events.request.add_listener
def _write(request_type, name, response_time, response_length, exception, start_time=None, **kwargs):
    if _log:
        _log.write(f"{start_time or 0:.3f}\t{name}\t{response_time:.1f}\t{0 if exception else 1}\n")
