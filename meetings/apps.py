from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and lone-working safety"

    def ready(self) -> None:
        from organisations import permissions

        from .safeguarding import is_lead

        # A safeguarding lead reads concerns whatever their role: the table says so, this says who is one.
        permissions.register_designation("safeguarding_lead", is_lead)

        # What this app adds to the pages and reads of the apps below it (core.registry).
        from . import contributions

        contributions.register()

        from . import guards

        guards.register()
