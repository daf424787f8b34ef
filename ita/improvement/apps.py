from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "ita.improvement"
    verbose_name = _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
