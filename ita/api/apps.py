from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ita.api"
    verbose_name = "REST API และโทเค็นส่วนตัว"
