from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from .emails import enqueue_email
from .forms import CleanTextMixin


class QueuedPasswordResetForm(CleanTextMixin, PasswordResetForm):
    """Sends the reset email from the task worker. The page answers the same whether or not the
    address is known, so it cannot be used to find out who has an account."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        enqueue_email(subject=subject, body=body, to=[to_email])
