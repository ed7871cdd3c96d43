from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training, agreements and readiness"

    def ready(self) -> None:
        # What this app adds to the pages and reads of the apps below it (core.registry).
        from . import contributions

        contributions.register()
