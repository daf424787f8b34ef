from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "ita.agencies"
    verbose_name = "หน่วยงาน"
