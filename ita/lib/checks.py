"""System checks for a production deployment."""

from django.conf import settings
from django.core.checks import Error, register

DEV_KEY = "dev-only-insecure-key-change-me"


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    # The embedded default may run with the development key on 127.0.0.1; a deployment must not:
    # the key signs sessions and derives the IIT slip tokens.
    if settings.SECRET_KEY == DEV_KEY:
        return [
            Error(
                "ยังใช้ SECRET_KEY สำหรับการพัฒนา: ตั้งค่า ITA_SECRET_KEY ก่อนใช้งานจริง",
                id="ita.E001",
            )
        ]
    return []
