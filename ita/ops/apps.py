from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operating the system: backup and restore (no models of its own)."""

    name = "ita.ops"
    verbose_name = _("การดูแลระบบ")
