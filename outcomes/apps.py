from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcome measures and life outcomes"

    def ready(self) -> None:
        # What this app adds to the pages, home, reports and API of the apps below it.
        from . import contributions

        contributions.register()
