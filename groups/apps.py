from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Facilitated group peer coaching"

    def ready(self) -> None:
        # Which staff see a group's sessions (meetings owned by a group), and what this app adds to
        # the pages of the apps below it.
        from . import contributions

        contributions.register()
