from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and lone-working safety"

    def ready(self) -> None:
        from . import guards

        guards.register()
