from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "ita.work"
    verbose_name = "งานของฉัน"
