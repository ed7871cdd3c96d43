from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision of peer coaches"

    def ready(self) -> None:
        # What this app adds to the pages of the apps below it (menu, home panels, the coach's page).
        from . import contributions

        contributions.register()
