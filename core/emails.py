from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .tasks import send_email


def enqueue_email(*, subject: str, body: str, to: list[str]) -> None:
    # After commit, so the worker never sends an email about something that was rolled back.
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


def absolute(path: str) -> str:
    """The address a person opens for `path`: emails and feeds are built in the worker, with no request."""
    return settings.SITE_URL.rstrip("/") + path


def password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return absolute(path)


def send_password_setup(*, user) -> None:
    body = render_to_string(
        "registration/welcome_email.txt",
        {"user": user, "link": password_link(user), "organisation": user.organisation},
    )
    enqueue_email(subject="Your Alongside sign-in", body=body, to=[user.email])
