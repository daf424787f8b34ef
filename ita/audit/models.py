from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ita.lib.models import WrittenOnce

REFUSED = "บันทึกการเปลี่ยนแปลงแก้ไขหรือลบไม่ได้"


class AuditEventQuerySet(models.QuerySet):
    """Bulk UPDATE and DELETE bypass save() and delete(); refuse them too. On PostgreSQL a
    trigger (migration 0002) also refuses them for any SQL, the ORM's or not."""

    def update(self, **kwargs):
        raise ValueError(REFUSED)

    def delete(self):
        raise ValueError(REFUSED)


class AuditEvent(WrittenOnce):
    """Append-only record of every change to scores, measures and approvals: who, when, what,
    before → after. Written by the actions that make the change, never by signals."""

    at = models.DateTimeField(_("เวลา"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("ผู้ทำรายการ"),
    )
    action = models.CharField(_("การกระทำ"), max_length=64)
    object_type = models.CharField(_("ประเภทรายการ"), max_length=64)
    object_id = models.CharField(_("รหัสรายการ"), max_length=64)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("หน่วยงาน"),
    )
    before = models.JSONField(_("ก่อนเปลี่ยน"), null=True, blank=True)
    after = models.JSONField(_("หลังเปลี่ยน"), null=True, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    refused = REFUSED
    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("บันทึกการเปลี่ยนแปลง")
        verbose_name_plural = _("บันทึกการเปลี่ยนแปลง")
        ordering = ["-at", "-pk"]
        indexes = [
            # an agency's history page lists its events newest first
            models.Index(fields=["agency", "-at"], name="audit_agency_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def delete(self, *args, **kwargs):
        raise ValueError(REFUSED)
