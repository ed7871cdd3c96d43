from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching coaches and clients"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - keeps stored text vectors in step with profiles
