from functools import cached_property

from django.db import models

from ita.frameworks.spec import FrameworkSpec, build_spec


class Framework(models.Model):
    """One framework version as loaded from its YAML file. The definition is kept whole so an
    assessment is always scored with the exact framework it was made under; once an assessment
    uses it, it is frozen (the loader refuses changes; a new version is a new file)."""

    code = models.SlugField("รหัส", max_length=40, unique=True)
    name = models.CharField("ชื่อ", max_length=200)
    fiscal_year_from = models.PositiveSmallIntegerField("ใช้ตั้งแต่ปีงบประมาณ")
    fiscal_year_to = models.PositiveSmallIntegerField("ใช้ถึงปีงบประมาณ")
    definition = models.JSONField("นิยาม")
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "กรอบการประเมิน"
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
        return cls.objects.filter(
            fiscal_year_from__lte=fiscal_year, fiscal_year_to__gte=fiscal_year
        ).first()


class Indicator(models.Model):
    """Indicators as rows, so scores can be joined and aggregated in SQL (national dashboards)."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="indicators")
    number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    name = models.CharField("ชื่อตัวชี้วัด", max_length=200)
    tool = models.CharField("เครื่องมือ", max_length=8)

    class Meta:
        verbose_name = "ตัวชี้วัด"
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
    code = models.CharField("รหัสข้อ", max_length=12)
    sub_indicator = models.CharField("ตัวชี้วัดย่อย", max_length=8, blank=True)
    title = models.TextField("ชื่อข้อ")
    provisional = models.BooleanField("ยังไม่ยืนยันกับคู่มือ", default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "ข้อการประเมิน"
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
