from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "ita.surveys"
    verbose_name = "แบบสำรวจ IIT/EIT"
