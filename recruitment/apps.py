from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Recruiting and vetting peer coaches"

    def ready(self) -> None:
        # What this app adds to the pages and reads of the apps below it (core.registry).
        from . import contributions

        contributions.register()
