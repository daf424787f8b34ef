from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "ita.oversight"
    verbose_name = "ภาพรวมจังหวัดและประเทศ"

    def ready(self):
        from ita.documents.province import register_province_builder
        from ita.oversight.report import build_province_report

        # documents may not import oversight: the province report is handed to it here
        register_province_builder(build_province_report)
