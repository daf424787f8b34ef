from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "ita.agencies"
    verbose_name = _("หน่วยงาน")
