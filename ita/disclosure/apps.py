from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "ita.disclosure"
    verbose_name = _("การเปิดเผยข้อมูลสาธารณะ (OIT)")
