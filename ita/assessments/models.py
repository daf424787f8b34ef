from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ita.lib.models import WrittenOnce

SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def score_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS, **kwargs
    )


class Source(models.TextChoices):
    OFFICIAL = "official", _("ผลอย่างเป็นทางการจาก สำนักงาน ป.ป.ช.")
    SELF = "self", _("ผลการประเมินตนเอง")


class Assessment(models.Model):
    """An agency's ITA result for one fiscal year (Buddhist era), under one framework version.
    Total, level and tool scores are derived by frameworks.scoring when the scores are recorded
    and stored, so lists and dashboards read them instead of recomputing."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="results")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    source = models.CharField(
        _("ที่มา"), max_length=16, choices=Source.choices, default=Source.OFFICIAL
    )
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="assessments"
    )
    total = score_field("คะแนนรวม")
    level_code = models.CharField(_("รหัสระดับ"), max_length=16)
    level_label = models.CharField(_("ผลการประเมิน"), max_length=32)
    iit = score_field("IIT")
    eit = score_field("EIT")
    oit = score_field("OIT")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ผลการประเมิน")
        verbose_name_plural = _("ผลการประเมิน")
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "source"], name="assessment_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2556, fiscal_year__lte=2700),
                name="assessment_year_buddhist_era",
            ),
        ]
        indexes = [
            # province and national dashboards: results of one year, grouped by agency
            models.Index(fields=["fiscal_year", "source"], name="assessment_year_source"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}"

    @property
    def tool_scores(self) -> dict[str, Decimal]:
        return {"IIT": self.iit, "EIT": self.eit, "OIT": self.oit}


class IndicatorScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.PROTECT, related_name="scores"
    )
    score = score_field("คะแนน")

    class Meta:
        verbose_name = _("คะแนนรายตัวชี้วัด")
        verbose_name_plural = _("คะแนนรายตัวชี้วัด")
        ordering = ["assessment", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="indicator_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.score}"


class OitVerdict(models.Model):
    """The assessor's verdict on one OIT item; when present, indicators 9–10 are computed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verdicts")
    item = models.ForeignKey("frameworks.Item", on_delete=models.PROTECT, related_name="+")
    accepted = models.BooleanField(_("ผ่านเกณฑ์"))

    class Meta:
        verbose_name = _("ผลการตรวจข้อ OIT")
        verbose_name_plural = _("ผลการตรวจข้อ OIT")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="oit_verdict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {'ผ่าน' if self.accepted else 'ไม่ผ่าน'}"


class Via(models.TextChoices):
    """How a revision of a result came in (shown on the result page and its timeline)."""

    FORM = "form", _("กรอกในแบบฟอร์ม")
    IMPORT = "import", _("นำเข้าจากไฟล์")
    OIT_REVIEW = "oit_review", _("ผลการตรวจรายข้อ OIT ของผู้ตรวจประเมิน")
    SYSTEM = "system", _("ปรับปรุงผ่านระบบ")  # e.g. the demo data
    INITIAL = "initial", _("ผลที่มีอยู่ก่อนเริ่มเก็บประวัติ")


class AssessmentRevision(WrittenOnce):
    """One recorded state of a result: every entry, import or OIT review that changes the
    scores adds one, so the result behind an approved analysis can always be read as it was."""

    refused = "ประวัติผลการประเมินแก้ไขไม่ได้"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("ฉบับที่"))
    snapshot = models.JSONField(_("คะแนนของฉบับนี้"))  # actions.snapshot_of: total, level, indicators
    total = score_field("คะแนนรวม")
    level_label = models.CharField(_("ผลการประเมิน"), max_length=32)
    via = models.CharField(_("ช่องทาง"), max_length=16, choices=Via.choices)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("เวลา"), auto_now_add=True)

    class Meta:
        verbose_name = _("ประวัติผลการประเมิน")
        verbose_name_plural = _("ประวัติผลการประเมิน")
        ordering = ["assessment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="assessment_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} ฉบับที่ {self.number}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("รอยืนยัน")
    CONFIRMED = "confirmed", _("ยืนยันแล้ว")
    CANCELLED = "cancelled", pgettext_lazy("status", "ยกเลิก")


class ResultImport(models.Model):
    """A file that would change results already recorded, kept until the user has seen the
    preview and confirmed it. The file is read again on confirmation, and `base` (the revision
    each affected result had when previewed) tells whether someone changed them meanwhile."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("ชื่อไฟล์"), max_length=255)
    content = models.BinaryField(_("เนื้อหาไฟล์"))
    base = models.JSONField(_("ฉบับของผลที่จะเปลี่ยนเมื่อแสดงตัวอย่าง"), default=dict)
    status = models.CharField(
        _("สถานะ"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("การนำเข้าที่รอยืนยัน")
        verbose_name_plural = _("การนำเข้าที่รอยืนยัน")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
