from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    name = "ita.lib"
    label = "italib"
    verbose_name = _("เครื่องมือภาษาไทย")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from ita.lib import checks  # noqa: F401  (registers the deployment checks)

        # every app's access.py registers its rules with ita.lib.policy
        autodiscover_modules("access")
