from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ita.documents"
    verbose_name = _("เอกสารราชการ")

    def ready(self):
        from ita.documents import builders

        builders.register()  # the improvement cycle's documents, by kind
