from django.apps import AppConfig


class ReciprocalConfig(AppConfig):
    name = "reciprocal"
    verbose_name = "Reciprocal peer coaching"

    def ready(self) -> None:
        # What this app adds to the pages of the apps below it (home panels, the coach page, the API).
        from . import contributions

        contributions.register()
