from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching coaches and clients"

    def ready(self) -> None:
        from . import (
            contributions,
            signals,  # noqa: F401 - keeps stored text vectors in step with profiles
        )

        # Its hard rules for pairing by hand (core.pairing), its menu entry and page sections.
        contributions.register()
