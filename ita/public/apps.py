from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "ita.public"
    verbose_name = _("ข้อมูลเปิดเผยต่อสาธารณะ")
