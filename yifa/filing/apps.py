from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "yifa.filing"
    label = "filing"
    verbose_name = "重大案件备案与案卷抽查"

    def ready(self) -> None:
        from yifa.filing import access, actions, receivers  # noqa: F401 -- the policy, the steps, the hook
