from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching coaches and clients"

    def ready(self) -> None:
        from core import pairing

        from . import signals  # noqa: F401 - keeps stored text vectors in step with profiles
        from .services import hard_rules_check

        pairing.register(hard_rules_check)
