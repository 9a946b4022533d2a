from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "yifa.documents"
    label = "documents"
