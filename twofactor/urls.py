from django.urls import path

from . import views

app_name = "twofactor"

urlpatterns = [
    path("account/two-factor/", views.two_factor_settings, name="settings"),
    path("account/two-factor/app/", views.app_setup, name="app_setup"),
    path("account/two-factor/app/remove/", views.app_remove, name="app_remove"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/two-factor/recovery-codes/new/", views.recovery_codes_new, name="recovery_codes_new"),
    path("account/two-factor/passkeys/<int:passkey_id>/remove/", views.passkey_remove, name="passkey_remove"),
    path("account/two-factor/passkeys/register/begin/", views.passkey_register_begin, name="passkey_register_begin"),
    path(
        "account/two-factor/passkeys/register/complete/",
        views.passkey_register_complete,
        name="passkey_register_complete",
    ),
    path("account/two-factor/check/", views.verify, name="verify"),
    path("account/two-factor/check/passkey/begin/", views.passkey_auth_begin, name="passkey_auth_begin"),
    path("account/two-factor/check/passkey/complete/", views.passkey_auth_complete, name="passkey_auth_complete"),
    path("two-factor/", views.organisation_settings, name="organisation"),
    path("two-factor/people/<int:user_id>/reset/", views.reset, name="reset"),
]
