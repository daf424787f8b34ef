from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Append-only record of every change to scores, measures and approvals: who, when, what,
    before → after. Written by the actions that make the change, never by signals."""

    at = models.DateTimeField("เวลา", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField("การกระทำ", max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "บันทึกการเปลี่ยนแปลง"
        ordering = ["-at", "-pk"]
        indexes = [
            # an agency's history page lists its events newest first
            models.Index(fields=["agency", "-at"], name="audit_agency_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("บันทึกการเปลี่ยนแปลงแก้ไขไม่ได้")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("บันทึกการเปลี่ยนแปลงลบไม่ได้")
