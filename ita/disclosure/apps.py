from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "ita.disclosure"
    verbose_name = "การเปิดเผยข้อมูลสาธารณะ (OIT)"
