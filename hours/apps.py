from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "hours"
    verbose_name = "Coaches' hours and absences"

    def ready(self) -> None:
        # What this app adds to the pages, home and API of the apps below it.
        from . import contributions

        contributions.register()
