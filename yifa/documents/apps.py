from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "yifa.documents"
    label = "documents"

    def ready(self) -> None:
        # Agency-owned documents and numbering: scoped like every agency record.
        from yifa.documents.models import AgencyNumbering, AgencyTemplate, Document, DocumentCounter
        from yifa.registry.access import register

        for model in (Document, AgencyNumbering, AgencyTemplate, DocumentCounter):
            register(model, "agency")
