"""The improvement cycle of one agency for one analysed fiscal year: the analysis of the result
(OIT item O42 up to FY 2567, O25 in FY 2569: see cycle.py), its measures, the approval of the
plan, and the progress rounds on each measure (O43, O26).

The year of an analysis is the fiscal year of the ITA result analysed (seed 002: 2565); its
measures and their progress run in the following fiscal year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ita.lib.models import WrittenOnce


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("เสนอขออนุมัติ")
    APPROVED = "approved", _("อนุมัติแล้ว")
    RETURNED = "returned", pgettext_lazy("status", "ส่งกลับให้แก้ไข")


class Analysis(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="analyses")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณของผลที่วิเคราะห์"))
    status = models.CharField(
        _("สถานะแผน"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # The agency's own analysis: NACC scores zero for one copied from its recommendations.
    overview = models.TextField(_("บทวิเคราะห์ภาพรวมของหน่วยงาน"), blank=True)
    improvement_issues = models.TextField(_("ประเด็นที่จะต้องพัฒนาให้ดีขึ้น"), blank=True)
    # What the assessor wrote of the level in ITAS (seed 002: "ได้ระดับ C : หน่วยงานมีผล…").
    assessor_statement = models.TextField(_("ข้อความของผู้ตรวจประเมินต่อผลการประเมิน"), blank=True)
    # The urgent rule (configurable): the N weakest indicators below 85, and any below the floor.
    urgent_weakest = models.PositiveSmallIntegerField(_("จำนวนตัวชี้วัดที่อ่อนที่สุดที่ต้องเร่งแก้ไข"), default=3)
    urgent_floor = models.DecimalField(
        _("คะแนนต่ำกว่านี้ต้องเร่งแก้ไขเสมอ"), max_digits=5, decimal_places=2, default=50
    )
    # The approval memo (บันทึกข้อความ)
    memo_unit = models.CharField(_("ส่วนราชการ (ผู้เสนอ)"), max_length=200, blank=True)
    memo_number = models.CharField(_("ที่"), max_length=60, blank=True)
    memo_date = models.DateField(_("วันที่บันทึก"), null=True, blank=True)
    memo_to = models.CharField(_("เรียน"), max_length=200, blank=True)
    proposer_name = models.CharField(_("ผู้เสนอ (ชื่อ)"), max_length=200, blank=True)
    proposer_position = models.CharField(_("ผู้เสนอ (ตำแหน่ง)"), max_length=200, blank=True)
    approver_name = models.CharField(_("ผู้อนุมัติ (ชื่อ)"), max_length=200, blank=True)
    approver_position = models.CharField(_("ผู้อนุมัติ (ตำแหน่ง)"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("เหตุผลที่ส่งกลับ"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("การวิเคราะห์ผลการประเมิน")
        verbose_name_plural = _("การวิเคราะห์ผลการประเมิน")
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="analysis_one_per_year")
        ]

    def __str__(self) -> str:
        return f"การวิเคราะห์ผล ITA {self.fiscal_year} {self.agency}"

    @property
    def implementation_year(self) -> int:
        return self.fiscal_year + 1

    @property
    def editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanVersion(WrittenOnce):
    """What the executive approved, frozen: the plan record (improvement.record) the O42
    report and the approval memo of this version are built from, numbered per analysis. A
    version is never changed; a revised plan is approved as the next version."""

    refused = "ฉบับที่อนุมัติแล้วแก้ไขไม่ได้ ให้ปรับปรุงเป็นฉบับใหม่"

    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("ฉบับที่"))
    record = models.JSONField(_("ข้อมูลของเอกสารฉบับที่อนุมัติ"))
    approved_at = models.DateTimeField(_("อนุมัติเมื่อ"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approver_name = models.CharField(_("ผู้อนุมัติ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ฉบับที่อนุมัติของแผน")
        verbose_name_plural = _("ฉบับที่อนุมัติของแผน")
        ordering = ["analysis", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="plan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.analysis} ฉบับที่ {self.number}"


class Opinion(models.Model):
    """One opinion of the approval memo's chain (agencies.chains: หัวหน้าสำนักปลัด, then ปลัด, …),
    given in order on a submitted plan before the executive decides; printed in the memo with
    its giver's name, position and date, and frozen into the approved version's record.
    Returning or reopening the plan withdraws the opinions (withdrawn_at): they were given on a
    text that is about to change, so the next submission collects them again. Withdrawn ones
    stay, for the record."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="opinions")
    step = models.PositiveSmallIntegerField(_("ลำดับความเห็น"))
    title = models.CharField(_("ตำแหน่งผู้ให้ความเห็น"), max_length=200)
    name = models.CharField(_("ชื่อผู้ให้ความเห็น"), max_length=200)
    text = models.TextField(_("ความเห็น"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("ให้ความเห็นเมื่อ"))
    withdrawn_at = models.DateTimeField(_("ถอนเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("ความเห็นในบันทึกขออนุมัติ")
        verbose_name_plural = _("ความเห็นในบันทึกขออนุมัติ")
        ordering = ["analysis", "step", "given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "step"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="opinion_one_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.text[:40]}"


class IndicatorFinding(models.Model):
    """The agency's own analysis of one indicator (ผลการวิเคราะห์ / ประเด็นที่ต้องแก้ไข)."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="findings")
    indicator_number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    own_analysis = models.TextField(_("ผลการวิเคราะห์ของหน่วยงาน"), blank=True)
    issues = models.TextField(_("ประเด็นที่ต้องแก้ไข/ปรับปรุง"), blank=True)
    urgent = models.BooleanField(
        _("ต้องแก้ไขโดยเร่งด่วน"), null=True, blank=True
    )  # None: the rule decides

    class Meta:
        verbose_name = _("ผลการวิเคราะห์รายตัวชี้วัด")
        verbose_name_plural = _("ผลการวิเคราะห์รายตัวชี้วัด")
        ordering = ["analysis", "indicator_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "indicator_number"], name="finding_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.indicator_number}"


class Tool(models.TextChoices):
    IIT = "IIT", _("IIT ผู้มีส่วนได้ส่วนเสียภายใน")
    EIT = "EIT", _("EIT ผู้มีส่วนได้ส่วนเสียภายนอก")


class RespondentComment(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="comments")
    tool = models.CharField(_("แบบวัด"), max_length=3, choices=Tool.choices)
    text = models.TextField(_("ข้อคิดเห็น"))

    class Meta:
        verbose_name = _("ข้อคิดเห็นของผู้ตอบแบบวัด")
        verbose_name_plural = _("ข้อคิดเห็นของผู้ตอบแบบวัด")
        ordering = ["analysis", "tool", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Recommendation(models.Model):
    """What the assessor recommended for one item (I25, E12, O36 …)."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="recommendations")
    item_code = models.CharField(_("รหัสข้อ"), max_length=12)
    text = models.TextField(_("ข้อเสนอแนะของผู้ตรวจประเมิน"))

    class Meta:
        verbose_name = _("ข้อเสนอแนะของผู้ตรวจประเมิน")
        verbose_name_plural = _("ข้อเสนอแนะของผู้ตรวจประเมิน")
        ordering = ["analysis", "item_code"]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.text[:60]}"


class Measure(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=1)
    title = models.CharField(_("มาตรการ/แนวทาง"), max_length=300)
    guideline = models.TextField(_("แนวทางการดำเนินการ"), blank=True)
    steps = models.TextField(_("ขั้นตอน/วิธีการดำเนินการ"))
    divisions = models.ManyToManyField(
        "agencies.Division", related_name="measures", verbose_name=_("ผู้รับผิดชอบ")
    )
    period = models.CharField(_("ระยะเวลาดำเนินการ"), max_length=200)
    monitoring = models.TextField(_("การกำกับติดตามและรายงานผล"))
    indicators = models.JSONField(_("ตัวชี้วัดที่เกี่ยวข้อง"), default=list, blank=True)
    items = models.JSONField(_("ข้อการประเมินที่เกี่ยวข้อง"), default=list, blank=True)
    round_months = models.JSONField(_("รอบรายงานผล (เดือน)"), default=list)

    class Meta:
        verbose_name = _("มาตรการ")
        verbose_name_plural = _("มาตรการ")
        ordering = ["analysis", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
    DONE = "done", _("ดำเนินการแล้วเสร็จ")
    DELAYED = "delayed", _("ล่าช้ากว่ากำหนด")


class ProgressReport(models.Model):
    """One submitted report of one measure at one round. Submitted reports are frozen: a
    correction is a new revision of the same round, and the old one stays readable."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports")
    round_month = models.PositiveSmallIntegerField(_("รอบ (เดือน)"))
    revision = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    status = models.CharField(_("สถานะ"), max_length=12, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("ร้อยละความก้าวหน้า"))
    actions = models.TextField(_("ผลการดำเนินการ"))
    done_when = models.CharField(_("ช่วงเวลาที่ดำเนินการ"), max_length=200, blank=True)
    output = models.TextField(_("ผลผลิต"), blank=True)
    outcome = models.TextField(_("ผลลัพธ์"), blank=True)
    problems = models.TextField(_("ปัญหาอุปสรรค"), blank=True)
    suggestions = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("รายงานความก้าวหน้า")
        verbose_name_plural = _("รายงานความก้าวหน้า")
        ordering = ["measure", "round_month", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "round_month", "revision"], name="progress_revision_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="progress_percent_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} รอบ {self.round_month} เดือน ฉบับที่ {self.revision}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("รายงานที่ส่งแล้วแก้ไขไม่ได้ ให้ส่งฉบับแก้ไขใหม่")
        super().save(*args, **kwargs)


def evidence_path(instance, filename: str) -> str:
    measure = instance.report.measure
    return f"evidence/{measure.analysis.agency_id}/{measure.analysis.fiscal_year}/{filename}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("ไฟล์หลักฐาน"), upload_to=evidence_path, blank=True)
    url = models.URLField(_("ลิงก์หลักฐาน"), blank=True)
    label = models.CharField(_("คำอธิบาย"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("หลักฐานการดำเนินงาน")
        verbose_name_plural = _("หลักฐานการดำเนินงาน")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_url"
            )
        ]

    def __str__(self) -> str:
        return self.label or self.url or self.file.name
