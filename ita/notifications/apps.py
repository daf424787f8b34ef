from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ita.notifications"
    verbose_name = "การแจ้งเตือน"
