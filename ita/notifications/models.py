"""What the system told whom (in the application, and by e-mail now or in the daily digest), and
how each person wants to be told. Notifications name a plan or an OIT item and link to it;
they never carry survey answers or anything that could point at a respondent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PLAN_SUBMITTED = "plan_submitted", _("แผนเสนอขออนุมัติ")
    OPINION_DUE = "opinion_due", _("รอความเห็นในบันทึกขออนุมัติ")
    PLAN_RETURNED = "plan_returned", _("แผนถูกส่งกลับให้แก้ไข")
    PLAN_APPROVED = "plan_approved", _("แผนได้รับอนุมัติ")
    ITEM_REVIEWED = "item_reviewed", _("ผลการตรวจข้อ OIT")
    CLARIFICATION_REQUESTED = "clarification_requested", _("ผู้ตรวจประเมินขอคำชี้แจง")
    CLARIFICATION_ANSWERED = "clarification_answered", _("หน่วยงานชี้แจงแล้ว")
    FOLLOWUP_ASKED = "followup_asked", _("จังหวัดขอให้ดำเนินการ")
    FOLLOWUP_ANSWERED = "followup_answered", _("หน่วยงานตอบเรื่องที่จังหวัดติดตาม")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("ส่งอีเมลทันทีทุกเรื่อง")
    DIGEST = "digest", _("สรุปรวมทางอีเมลวันละครั้ง")
    IN_APP = "in_app", _("แจ้งในระบบเท่านั้น ไม่ส่งอีเมล")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("ประเภท", max_length=32, choices=Kind.choices)
    subject = models.CharField("เรื่อง", max_length=200)
    body = models.TextField("รายละเอียด", blank=True)
    url = models.CharField("ลิงก์", max_length=500, blank=True)  # a path inside the site
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The recipient's preference when it was made: changing it later does not mail old ones.
    delivery = models.CharField("การส่ง", max_length=16, choices=Delivery.choices)
    created = models.DateTimeField("เมื่อ", auto_now_add=True)
    read_at = models.DateTimeField("อ่านเมื่อ", null=True, blank=True)
    mailed_at = models.DateTimeField("ส่งอีเมลเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การแจ้งเตือน"
        verbose_name_plural = "การแจ้งเตือน"
        ordering = ["-created", "-pk"]
        indexes = [
            # the bell counts a user's unread ones on every page
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # the digest picks what is not mailed yet
            models.Index(
                fields=["recipient", "created"],
                condition=models.Q(mailed_at__isnull=True),
                name="notification_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class Preference(models.Model):
    """How a user wants to be told; without a row, by e-mail at once (the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name="ผู้ใช้",
    )
    delivery = models.CharField(
        "รับการแจ้งเตือน", max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = "การตั้งค่าการแจ้งเตือน"
        verbose_name_plural = "การตั้งค่าการแจ้งเตือน"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"
