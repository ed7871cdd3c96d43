"""When a coach's or client's interests or hopes may have changed, embed them again after commit
(in the task worker, so saving a record never waits for the model)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from people.models import Client, Coach


@receiver(post_save, sender=Coach)
@receiver(post_save, sender=Client)
def person_saved(sender, instance, **kwargs) -> None:
    from .services import refresh_later

    if sender is Coach:
        refresh_later(organisation_id=instance.organisation_id, coach_ids=[instance.pk])
    else:
        refresh_later(organisation_id=instance.organisation_id, client_ids=[instance.pk])
