"""Demo: last quarter's funder report for the busiest programme, built, so the reports page is not
empty, and this quarter's so far, which prints journeys' demo case study (consent recorded and
reviewed there)."""

from __future__ import annotations

import datetime

from django.db.models import Count

from core.demo import Demo
from organisations.models import Programme, Role, User

from . import services
from .forms import last_quarter
from .models import Report


def step(demo: Demo) -> None:
    org = demo.organisation
    if Report.objects.filter(organisation=org).exists():
        return
    programme = (
        Programme.objects.filter(organisation=org).annotate(n=Count("relationships")).order_by("-n", "pk").first()
    )
    if programme is None:
        return
    start, end = last_quarter(demo.today)
    by = User.objects.filter(organisation=org, role=Role.COORDINATOR).order_by("pk").first()
    # Built here and now rather than queued: the demo loads without a worker running. Last quarter's,
    # and this quarter's so far, which prints the demo's reviewed case study (it ended this quarter).
    for starts_on, ends_on in ((start, end), (end + datetime.timedelta(days=1), demo.today)):
        report = services.report_create(programme=programme, starts_on=starts_on, ends_on=ends_on, by=by)
        services.report_build(report_id=report.pk)
