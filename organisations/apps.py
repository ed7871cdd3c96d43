from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"

    def ready(self) -> None:
        # What this app adds to the pages and reads of the apps below it (core.registry).
        from . import contributions

        contributions.register()
