"""The signed-in person's own account page, where they make and revoke API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import audit
from core.access import get_or_404
from core.forms import Form

from .models import ApiToken


class TokenForm(Form):
    name = forms.CharField(
        max_length=100, label="What is this token for?", help_text="For example: monthly report script"
    )


@login_required
def account(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        audit.record(action="api.token.created", organisation=request.user.organisation, obj=token)
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(request, "api/account.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def revoke_token(request, token_id: int):
    token = get_or_404(ApiToken.objects.filter(user=request.user, revoked_at__isnull=True), token_id)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    audit.record(action="api.token.revoked", organisation=request.user.organisation, obj=token)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("account")
