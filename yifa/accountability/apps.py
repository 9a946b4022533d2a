from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "yifa.accountability"
    label = "accountability"
    verbose_name = "行政复议诉讼与执法过错责任追究"

    def ready(self) -> None:
        from yifa.accountability import access, actions  # noqa: F401 -- the policy, the steps' bodies
        from yifa.accountability.panels import remedies_panel
        from yifa.cases.panels import add_panel

        add_panel(remedies_panel)  # the case page's 行政复议/行政诉讼 panel
