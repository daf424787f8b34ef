from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the system: backup and restore (no models of its own)."""

    name = "ita.ops"
    verbose_name = "การดูแลระบบ"
