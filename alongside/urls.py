"""The site's URLs: the house's own few, then every one of our apps' `urls.py`, found rather than
listed, so a new area plugs in without touching this file (docs/adding-an-area.md).

Our apps are the installed apps that live in this repository; they are included in the order
INSTALLED_APPS lists them, which is the layer order, so a lower app's pattern wins a tie."""

from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.forms_auth import QueuedPasswordResetForm
from core.health import HealthView

from . import views


def local_url_modules() -> list[str]:
    """`<app>.urls` for each of our apps that has one, lowest layer first."""
    ours = [config.name for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR]
    return [f"{name}.urls" for name in ours if name != "alongside" and find_spec(f"{name}.urls") is not None]


urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # For an operator's monitor: no sign-in, no secrets (core/health.py).
    path("health/", HealthView.as_view(), name="health"),
    *(path("", include(module)) for module in local_url_modules()),
]
