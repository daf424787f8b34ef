from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from ita.frameworks.spec import FrameworkSpec, build_spec


class Framework(models.Model):
    """One framework version as loaded from its YAML file. The definition is kept whole so an
    assessment is always scored with the exact framework it was made under; once an assessment
    uses it, it is frozen (the loader refuses changes; a new version is a new file)."""

    code = models.SlugField(_("รหัส"), max_length=40, unique=True)
    name = models.CharField(_("ชื่อ"), max_length=200)
    fiscal_year_from = models.PositiveSmallIntegerField(_("ใช้ตั้งแต่ปีงบประมาณ"))
    fiscal_year_to = models.PositiveSmallIntegerField(_("ใช้ถึงปีงบประมาณ"))
    definition = models.JSONField(_("นิยาม"))
    checksum = models.CharField(_("ค่าตรวจสอบไฟล์"), max_length=64)
    loaded_at = models.DateTimeField(_("นำเข้าเมื่อ"), auto_now=True)

    class Meta:
        verbose_name = _("กรอบการประเมิน")
        verbose_name_plural = _("กรอบการประเมิน")
        ordering = ["fiscal_year_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_from__lte=models.F("fiscal_year_to")),
                name="framework_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def spec(self) -> FrameworkSpec:
        return build_spec(self.definition)

    @classmethod
    def for_year(cls, fiscal_year: int) -> "Framework | None":
        """The framework that governs the year: its own, else the one an administrator
        declared for it provisionally (see years.for_year for which of the two it is)."""
        own = cls.objects.filter(
            fiscal_year_from__lte=fiscal_year, fiscal_year_to__gte=fiscal_year
        ).first()
        if own:
            return own
        declared = DeclaredYear.objects.filter(fiscal_year=fiscal_year).first()
        return declared.framework if declared else None


class Indicator(models.Model):
    """Indicators as rows, so scores can be joined and aggregated in SQL (national dashboards)."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=200)
    tool = models.CharField(_("เครื่องมือ"), max_length=8)

    class Meta:
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="indicator_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Item(models.Model):
    """Items (I1…, E1…, O1…) as rows, for per-item verdicts and answers."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("รหัสข้อ"), max_length=12)
    sub_indicator = models.CharField(_("ตัวชี้วัดย่อย"), max_length=8, blank=True)
    title = models.TextField(_("ชื่อข้อ"))
    provisional = models.BooleanField(_("ยังไม่ยืนยันกับคู่มือ"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ข้อการประเมิน")
        verbose_name_plural = _("ข้อการประเมิน")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class DeclaredYear(models.Model):
    """A fiscal year whose NACC framework is not public yet (FY 2570 today), declared by an
    administrator to use an existing framework provisionally so agencies can run their cycle.
    A framework of the year's own, once loaded, wins over the declaration (years.for_year)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), unique=True)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="declared_years", verbose_name=_("ใช้กรอบ")
    )
    reason = models.TextField(_("เหตุผล"))
    declared_at = models.DateTimeField(_("ประกาศเมื่อ"), auto_now=True)

    class Meta:
        verbose_name = _("ปีที่ใช้กรอบชั่วคราว")
        verbose_name_plural = _("ปีที่ใช้กรอบชั่วคราว")
        ordering = ["fiscal_year"]

    def __str__(self) -> str:
        return f"ปีงบประมาณ {self.fiscal_year} ใช้{self.framework.name}ชั่วคราว"
