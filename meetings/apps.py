from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and lone-working safety"

    def ready(self) -> None:
        # What this app adds to the pages and reads of the apps below it (core.registry).
        from . import contributions

        contributions.register()
