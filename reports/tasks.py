from __future__ import annotations

from core.tasks import organisation_task

from . import services


@organisation_task()
def build_report(*, report_id: int) -> None:
    """Build a funder report's figures, PDF and XLSX, telling its progress as it goes."""
    services.report_build(report_id=report_id)
