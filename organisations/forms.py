from __future__ import annotations

from django.core.validators import MaxValueValidator

from core.forms import VersionedModelForm

from .models import HelpLine, Programme


class ProgrammeForm(VersionedModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "description",
            "min_months",
            "max_months",
            "contact_every_days",
            "coach_capacity",
            "status",
        ]
        labels = {"kind": "Type of programme"}

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["min_months"].widget.attrs.update(min=1, max=120)
        self.fields["max_months"].widget.attrs.update(min=1, max=120)
        self.fields["coach_capacity"].widget.attrs.update(min=1, max=50)
        for name, most in (("min_months", 120), ("max_months", 120), ("coach_capacity", 50)):
            self.fields[name].validators.append(MaxValueValidator(most))

    def clean(self):
        data = super().clean()
        low, high = data.get("min_months"), data.get("max_months")
        if low is not None and low < 1:
            self.add_error("min_months", "A programme lasts at least one month.")
        if low and high and high < low:
            self.add_error("max_months", "The longest length must be the same as or more than the shortest.")
        if data.get("coach_capacity") is not None and data["coach_capacity"] < 1:
            self.add_error("coach_capacity", "Each coach needs room for at least one client.")
        name = data.get("name")
        if name and self.organisation is not None:
            clash = Programme.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", "You already have a programme with this name.")
        return data

    def _post_clean(self):
        # The organisation is set by the service, not the form; skip model validation that needs it.
        self.instance.organisation_id = getattr(self.organisation, "pk", None) or self.instance.organisation_id
        super()._post_clean()


class HelpLineForm(VersionedModelForm):
    class Meta:
        model = HelpLine
        fields = ["name", "how", "when", "order"]
