from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ita.documents"
    verbose_name = "เอกสารราชการ"

    def ready(self):
        from ita.documents import builders

        builders.register()  # the improvement cycle's documents, by kind
