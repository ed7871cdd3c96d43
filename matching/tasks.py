from __future__ import annotations

from core.tasks import organisation_task

from . import services


@organisation_task()
def refresh_people(*, coach_ids: list[int], client_ids: list[int]) -> int:
    """Embed these coaches' and clients' interests and hopes again where their words changed."""
    return services.refresh_people(coach_ids=coach_ids, client_ids=client_ids)


@organisation_task()
def bulk_match(*, run_id: int) -> None:
    """Match everyone waiting in a programme: a proposal for the coordinator to review."""
    services.bulk_run(run_id=run_id)
