"""The organisation admin's read-only view of the audit trail."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q

from core.forms import DateInput
from core.models import AuditEntry
from core.views import paginate, render_list
from organisations.permissions import require

OBJECT_TYPES = [
    ("people.client", "Clients"),
    ("people.coach", "Peer coaches"),
    ("people.staffmember", "Staff"),
    ("organisations.programme", "Programmes"),
    ("organisations.user", "Sign-ins"),
    ("journeys.relationship", "Relationships"),
]


class AuditFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(lookup_expr="icontains", label="Action contains")
    actor_label = django_filters.CharFilter(method="_who", label="Who (a name or a username)")
    object_type = django_filters.ChoiceFilter(choices=OBJECT_TYPES, label="Kind of record", empty_label="Any")
    object_id = django_filters.CharFilter(label="Record number")
    since = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label="From", widget=DateInput()
    )
    until = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label="To", widget=DateInput())

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def _who(self, queryset, name, value):
        # The trail shows people by name; a username still finds them, and so does a name kept
        # with entries whose sign-in has gone.
        words = value.split()
        by_name = Q()
        for word in words:
            by_name &= Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word)
        return queryset.filter(Q(actor_label__iexact=value) | (by_name if words else Q(pk__in=[])))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.TextInput):
                field.widget.attrs["maxlength"] = 100


@login_required
def audit_log(request):
    require(request.user, "audit.view")
    entries = AuditFilter(request.GET or None, queryset=AuditEntry.objects.select_related("actor"))
    # An invalid field (say, a date typed wrongly) is shown with its message and ignored.
    page = paginate(request, entries.qs, per_page=50)
    return render_list(request, "organisations/audit_log.html", {"filter": entries, "page": page})
