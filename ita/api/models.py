"""Personal access tokens (issue 13): what a program presents to the REST API on a user's
behalf. The token is `ita_<prefix>_<secret>`; the server keeps the prefix (to find the row) and
the SHA-256 of the secret, never the secret itself, which is shown once when it is made. A plain
SHA-256 is enough: the secret is 256 random bits, not a password a person chose, so there is no
dictionary to slow down. A token reads exactly what its user may read (the same access
functions as the pages) and is revoked by setting revoked_at; the row stays for the record."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PersonalAccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("ชื่อโทเค็น", max_length=100)
    prefix = models.CharField("รหัสนำหน้า", max_length=16, unique=True)
    secret_hash = models.CharField("ค่าแฮช SHA-256 ของรหัสลับ", max_length=64)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    last_used_at = models.DateTimeField("ใช้ล่าสุด", null=True, blank=True)
    expires_at = models.DateTimeField("หมดอายุ", null=True, blank=True)
    revoked_at = models.DateTimeField("เพิกถอนเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "โทเค็นส่วนตัวสำหรับ API"
        verbose_name_plural = "โทเค็นส่วนตัวสำหรับ API"
        ordering = ["user", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (ita_{self.prefix}_…)"

    def usable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.user.is_active
        )
