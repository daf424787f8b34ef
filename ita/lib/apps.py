from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "ita.lib"
    label = "italib"
    verbose_name = "เครื่องมือภาษาไทย"
