from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "yifa.accountability"
    label = "accountability"
    verbose_name = "行政复议诉讼与执法过错责任追究"

    def ready(self) -> None:
        from yifa.accountability import access, actions  # noqa: F401 -- the policy, the steps' bodies
