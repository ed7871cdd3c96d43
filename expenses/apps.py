from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "expenses"
    verbose_name = "Coaches' expenses"

    def ready(self) -> None:
        # What this app adds to the pages, home and API of the apps below it.
        from . import contributions

        contributions.register()
