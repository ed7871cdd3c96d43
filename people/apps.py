from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        # What this app adds to the pages and reads of the apps below it (core.registry).
        from . import contributions

        contributions.register()

        from . import guards

        guards.register()
