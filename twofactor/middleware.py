"""Two-factor sign-in, enforced for every page and API call a session makes.

Two kinds of signed-in session are held back:
- one that has passed the password but not yet the second step (the person has an app, a passkey
  or recovery codes): only the second step's page, and its passkey calls, until it is passed;
- one whose organisation requires a second factor the person has not set up: only the set-up pages.
Either may sign out, sign in again, and reach /health/ and static files. API calls authenticated
by a bearer token are never held back (a token is its own sign-in, made by a signed-in person);
API calls made with the session get a 403 in JSON naming the reason. So no view needs a decorator,
and a page added later is covered without anyone remembering.

A session that needed neither at sign-in is marked so then (twofactor.signals), and costs no
query after that; the setting is read again at the next sign-in.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import selectors

CLEAR = "twofactor_clear"  # the session's user id: nothing more to ask this session
SECOND_STEP, SET_UP = "two_factor_required", "two_factor_setup_required"

ALWAYS = {"login", "logout"}
ALLOWED = {
    SECOND_STEP: ALWAYS | {"twofactor:verify", "twofactor:passkey_auth_begin", "twofactor:passkey_auth_complete"},
    SET_UP: ALWAYS
    | {
        "twofactor:settings",
        "twofactor:app_setup",
        "twofactor:recovery_codes",
        "twofactor:recovery_codes_new",
        "twofactor:passkey_register_begin",
        "twofactor:passkey_register_complete",
    },
}
MESSAGES = {
    SECOND_STEP: "Finish signing in: enter the code from your app, a recovery code, or use your passkey.",
    SET_UP: "Your organisation asks you to set up two-factor sign-in before you use Alongside.",
}
EXEMPT_PREFIXES = ("/static/", "/health/")


def step_needed(request) -> str | None:
    """What this signed-in session still has to do before it may go anywhere, or None."""
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return None
    if selectors.has_any_device(user):
        return SECOND_STEP
    if selectors.is_required(user):
        return SET_UP
    request.session[CLEAR] = user.pk
    return None


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not user.is_authenticated
            or getattr(request, "api_token", None) is not None
            or request.session.get(CLEAR) == user.pk
            or request.path.startswith(EXEMPT_PREFIXES)
        ):
            return self.get_response(request)
        step = step_needed(request)
        if step is None or _url_name(request.path_info) in ALLOWED[step]:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGES[step], "reason": step}, status=403)
        target = reverse("twofactor:verify" if step == SECOND_STEP else "twofactor:settings")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
