from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Programme dashboard and funder reports"

    def ready(self) -> None:
        # The built-in sections, the menu entry, the API routes and the demo step.
        from . import contributions

        contributions.register()
