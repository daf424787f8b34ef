from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def score_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS, **kwargs
    )


class Source(models.TextChoices):
    OFFICIAL = "official", "ผลอย่างเป็นทางการจาก สำนักงาน ป.ป.ช."
    SELF = "self", "ผลการประเมินตนเอง"


class Assessment(models.Model):
    """An agency's ITA result for one fiscal year (Buddhist era), under one framework version.
    Total, level and tool scores are derived by frameworks.scoring when the scores are recorded
    and stored, so lists and dashboards read them instead of recomputing."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="results")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ")
    source = models.CharField("ที่มา", max_length=16, choices=Source.choices, default=Source.OFFICIAL)
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="assessments"
    )
    total = score_field("คะแนนรวม")
    level_code = models.CharField("รหัสระดับ", max_length=16)
    level_label = models.CharField("ผลการประเมิน", max_length=32)
    iit = score_field("IIT")
    eit = score_field("EIT")
    oit = score_field("OIT")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "ผลการประเมิน"
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
        verbose_name = "คะแนนรายตัวชี้วัด"
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
    accepted = models.BooleanField("ผ่านเกณฑ์")

    class Meta:
        verbose_name = "ผลการตรวจข้อ OIT"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="oit_verdict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {'ผ่าน' if self.accepted else 'ไม่ผ่าน'}"
