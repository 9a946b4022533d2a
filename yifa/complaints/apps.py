from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "yifa.complaints"
    label = "complaints"
    verbose_name = "投诉举报与公众评议"

    def ready(self) -> None:
        # The policy querysets, and the handling steps' bodies bound to the declaration.
        from yifa.complaints import access, actions  # noqa: F401
