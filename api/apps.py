from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"

    def ready(self) -> None:
        # What this app adds to the pages of the apps below it.
        from . import contributions

        contributions.register()
