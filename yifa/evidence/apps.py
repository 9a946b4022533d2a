from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "yifa.evidence"
    label = "evidence"
