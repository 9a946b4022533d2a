from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "yifa.evaluation"
    label = "evaluation"
    verbose_name = "评议考核与实施方案"

    def ready(self) -> None:
        from yifa.evaluation import access, actions  # noqa: F401 -- the policy, the steps' bodies
