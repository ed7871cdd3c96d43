from __future__ import annotations

from django import forms

from core.forms import Form, ModelForm

from .models import TwoFactorPolicy


class CodeForm(Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Enter the code."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "class": "short"}
        ),
    )


class AppCodeForm(CodeForm):
    code = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your app."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "short"}),
    )


class SecondStepForm(CodeForm):
    code = forms.CharField(
        label="Code from your app, or a recovery code",
        max_length=40,
        error_messages={"required": "Enter the code from your app, or one of your recovery codes."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "class": "short"}
        ),
    )


class PolicyForm(ModelForm):
    class Meta:
        model = TwoFactorPolicy
        fields = ["required_for"]
        widgets = {"required_for": forms.RadioSelect}
        help_texts = {
            "required_for": "People it covers are asked to set it up the next time they sign in. Coaches and "
            "clients can turn it on for themselves, but are never made to."
        }

    def _post_clean(self):
        pass
