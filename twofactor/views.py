"""Two-factor sign-in pages: a person's own settings (app, passkeys, recovery codes), the second step
of signing in, and the organisation admin's setting and resets."""

from __future__ import annotations

import base64
import json

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from core.access import get_or_404
from core.views import posted, save_form
from organisations.permissions import require

from . import selectors, services
from .forms import AppCodeForm, PolicyForm, SecondStepForm
from .middleware import CLEAR

NEW_CODES = "twofactor_new_codes"
# The settings page draws the sections registered at "two_factor.settings": api (above this app)
# lists the person's API tokens there, which keep working without a second factor.


def _passkey_config(request) -> dict:
    """What django-otp-webauthn's scripts read from the page (#otp_webauthn_config), naming our URLs."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("twofactor:passkey_auth_begin"),
        "completeAuthenticationUrl": reverse("twofactor:passkey_auth_complete"),
        "beginRegistrationUrl": reverse("twofactor:passkey_register_begin"),
        "completeRegistrationUrl": reverse("twofactor:passkey_register_complete"),
    }


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse("home")


def _passed(request, device) -> None:
    """The second step is passed (or a first factor set up): the session is fully signed in, under a
    new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


@login_required
def two_factor_settings(request):
    factors = selectors.second_factors(request.user)
    context = {
        "factors": factors,
        "required": selectors.is_required(request.user),
        "passkey_config": _passkey_config(request),
    }
    return render(request, "twofactor/settings.html", context)


@login_required
def app_setup(request):
    device = services.app_start(user=request.user)
    form = AppCodeForm(posted(request))
    if save_form(form, lambda: services.app_confirm(user=request.user, device=device, code=form.cleaned_data["code"])):
        _passed(request, device)
        if not selectors.second_factors(request.user).recovery:
            request.session[NEW_CODES] = services.recovery_codes_make(user=request.user)
            messages.success(request, "Your authenticator app is set up. Now keep your recovery codes safe.")
            return redirect("twofactor:recovery_codes")
        messages.success(request, "Your authenticator app is set up.")
        return redirect("twofactor:settings")
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, omitsize=True, light="#fff", title="QR code to scan"
    )
    context = {
        "form": form,
        "qr": qr.replace("<svg ", '<svg role="img" aria-label="QR code to scan with your app" ', 1),
        "secret": secret,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "twofactor/app_setup.html", context)


@login_required
def recovery_codes(request):
    """Codes are shown once, straight after they are made; after that, only how many are left."""
    codes = request.session.pop(NEW_CODES, None)
    factors = selectors.second_factors(request.user)
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "factors": factors})


@login_required
@require_POST
def recovery_codes_new(request):
    request.session[NEW_CODES] = services.recovery_codes_make(user=request.user)
    return redirect("twofactor:recovery_codes")


@login_required
@require_POST
def app_remove(request):
    services.app_remove(user=request.user)
    messages.success(request, "Your authenticator app has been removed.")
    return redirect("twofactor:settings")


@login_required
@require_POST
def passkey_remove(request, passkey_id: int):
    passkey = get_or_404(WebAuthnCredential.objects.filter(user=request.user), passkey_id)
    services.passkey_remove(user=request.user, passkey=passkey)
    messages.success(request, f"The passkey “{passkey.name}” has been removed.")
    return redirect("twofactor:settings")


@login_required
def verify(request):
    """The second step of signing in, after the password."""
    if request.session.get(CLEAR) == request.user.pk or request.user.is_verified():
        return redirect(_next(request))
    form = SecondStepForm(posted(request))
    device = save_form(form, lambda: services.second_step(user=request.user, code=form.cleaned_data["code"]))
    if device is not None:
        _passed(request, device)
        return redirect(_next(request))
    factors = selectors.second_factors(request.user)
    context = {"form": form, "factors": factors, "next": _next(request), "passkey_config": _passkey_config(request)}
    return render(request, "twofactor/verify.html", context)


@login_required
def organisation_settings(request):
    require(request.user, "two_factor.manage")
    organisation = request.user.organisation
    form = PolicyForm(posted(request), instance=selectors.policy_for(organisation.pk))
    if save_form(
        form, lambda: services.policy_save(organisation=organisation, required_for=form.cleaned_data["required_for"])
    ):
        messages.success(request, "Saved. People it covers are asked to set it up the next time they sign in.")
        return redirect("twofactor:organisation")
    return render(request, "twofactor/organisation.html", {"form": form, "people": selectors.people_in(organisation)})


@login_required
@require_POST
def reset(request, user_id: int):
    require(request.user, "two_factor.manage")
    person = get_or_404(get_user_model().objects.filter(organisation=request.user.organisation), user_id)
    services.second_factor_reset(user=person)
    messages.success(
        request,
        f"{person.display_name()}'s two-factor sign-in is reset. "
        "They can sign in with their password and set it up again.",
    )
    return redirect("twofactor:organisation")


# --- passkeys: django-otp-webauthn's JSON views, behind a sign-in and POST only -----------------


class PasskeyRegisterComplete(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            passkey = WebAuthnCredential.objects.filter(user=self.request.user, pk=json.loads(response.content)["id"])
            passkey = passkey.first()
            if passkey is not None:
                services.passkey_added(user=self.request.user, passkey=passkey)
        return response


class PasskeyAuthComplete(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        self.request.session.cycle_key()

    def get_success_url(self):
        return _next(self.request)


def _json_view(view_class):
    return require_POST(login_required(view_class.as_view()))


passkey_register_begin = _json_view(webauthn_views.BeginCredentialRegistrationView)
passkey_register_complete = _json_view(PasskeyRegisterComplete)
passkey_auth_begin = _json_view(webauthn_views.BeginCredentialAuthenticationView)
passkey_auth_complete = _json_view(PasskeyAuthComplete)
