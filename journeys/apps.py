from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "journeys"

    def ready(self) -> None:
        from . import guards

        guards.register()
