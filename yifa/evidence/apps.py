from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "yifa.evidence"
    label = "evidence"

    def ready(self) -> None:
        # Evidence belongs to a case: the same agency scope (yifa.registry.access policy querysets).
        from yifa.evidence.models import Evidence, Preservation
        from yifa.registry.access import register

        register(Evidence, "case__agency")
        register(Preservation, "case__agency")
