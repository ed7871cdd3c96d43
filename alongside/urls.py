from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.forms_auth import QueuedPasswordResetForm

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("organisations.urls")),
    path("", include("people.urls")),
    path("", include("recruitment.urls")),
    path("", include("training.urls")),
    path("", include("journeys.urls")),
    path("", include("meetings.urls")),
    path("", include("referrals.urls")),
    path("", include("groups.urls")),
    path("", include("matching.urls")),
    path("", include("api.urls")),
]
