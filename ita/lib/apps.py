from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "ita.lib"
    label = "italib"
    verbose_name = "เครื่องมือภาษาไทย"

    def ready(self):
        from ita.lib import checks  # noqa: F401  (registers the deployment checks)
