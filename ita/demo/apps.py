from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration data (seeds 000–004 and a plausible province) built through the same
    actions the pages use. It sits above every other app: it imports them all, none imports it."""

    name = "ita.demo"
    label = "demo"
    verbose_name = _("ข้อมูลตัวอย่าง")
