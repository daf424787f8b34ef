from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "ita.public"
    verbose_name = "ข้อมูลเปิดเผยต่อสาธารณะ"
