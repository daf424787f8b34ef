from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "ita.oversight"
    verbose_name = "ภาพรวมจังหวัดและประเทศ"
