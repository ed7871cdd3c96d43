from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = "Two-factor sign-in"

    def ready(self) -> None:
        from . import contributions

        contributions.register()
