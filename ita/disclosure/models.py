"""OIT disclosure: an agency's checklist for one fiscal year, the evidence for each item (kept as
revisions), every link check (history), the assessor's reviews and the agency's clarifications,
and the corruption-risk register (the evidence of the items each framework names for the roles
corruption_risk and corruption_risk_measures)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ita.disclosure.verdicts import BADGE, Verdict


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    READY = "ready", _("พร้อมให้ตรวจ")
    ACCEPTED = "accepted", _("ผ่าน")
    NOT_ACCEPTED = "not_accepted", _("ไม่ผ่าน")


STATUS_BADGE = {
    ItemStatus.NOT_STARTED: "text-bg-light",
    ItemStatus.IN_PROGRESS: "text-bg-info",
    ItemStatus.READY: "text-bg-primary",
    ItemStatus.ACCEPTED: "text-bg-success",
    ItemStatus.NOT_ACCEPTED: "text-bg-danger",
}


class DisclosureYear(models.Model):
    """An agency's OIT checklist for one fiscal year, under the framework of that year."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="disclosure_years"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="disclosure_years"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("รายการตรวจ OIT ประจำปี")
        verbose_name_plural = _("รายการตรวจ OIT ประจำปี")
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"], name="disclosure_year_one_per_agency"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2556, fiscal_year__lte=2700),
                name="disclosure_year_buddhist_era",
            ),
        ]

    def __str__(self) -> str:
        return f"OIT {self.agency} ปีงบประมาณ {self.fiscal_year}"


class DisclosureItem(models.Model):
    year = models.ForeignKey(DisclosureYear, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("frameworks.Item", on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(
        "agencies.Division",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disclosure_items",
        verbose_name=_("ส่วนราชการที่รับผิดชอบ"),
    )
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    # The worst verdict of the newest evidence's links, kept by the check action so that list
    # pages need no per-link subqueries.
    link_verdict = models.CharField(
        _("ผลตรวจลิงก์"), max_length=16, choices=Verdict.choices, blank=True
    )
    link_stale = models.BooleanField(_("อาจเป็นข้อมูลปีก่อน"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ข้อ OIT ของหน่วยงาน")
        verbose_name_plural = _("ข้อ OIT ของหน่วยงาน")
        ordering = ["year", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["year", "item"], name="disclosure_item_unique")
        ]
        indexes = [
            # the province readiness page counts items per status for many agencies at once
            models.Index(fields=["year", "status"], name="disclosure_item_status"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.item.title}"

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE[self.status]

    @property
    def link_badge(self) -> str:
        return "text-bg-" + BADGE[self.link_verdict] if self.link_verdict else ""


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    year = instance.item.year
    return f"disclosure/{year.agency_id}/{year.fiscal_year}/{instance.item.item.code}/{filename}"


class Evidence(models.Model):
    """One revision of an item's evidence: the URLs on the agency's website (and/or a file) and
    a short explanation. Never edited: a correction is a new revision."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="evidence")
    revision = models.PositiveIntegerField(_("ฉบับที่"))
    explanation = models.TextField(_("คำอธิบาย"), blank=True)
    file = models.FileField(_("ไฟล์"), upload_to=evidence_upload_to, blank=True)
    content_hash = models.CharField(_("ค่าแฮชของเนื้อหา"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now_add=True)

    class Meta:
        verbose_name = _("หลักฐานข้อ OIT")
        verbose_name_plural = _("หลักฐานข้อ OIT")
        ordering = ["item", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["item", "revision"], name="evidence_unique_revision")
        ]

    def __str__(self) -> str:
        return f"{self.item} ฉบับที่ {self.revision}"


class EvidenceLink(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    url = models.URLField("URL", max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)
    next_check_at = models.DateTimeField(_("ตรวจครั้งถัดไป"), null=True, blank=True)

    class Meta:
        verbose_name = _("ลิงก์หลักฐาน")
        verbose_name_plural = _("ลิงก์หลักฐาน")
        ordering = ["evidence", "position"]
        indexes = [
            # ita_linkcheck --due picks links whose scheduled re-check has come
            models.Index(fields=["next_check_at"], name="evidence_link_due"),
        ]

    def __str__(self) -> str:
        return self.url


class LinkCheck(models.Model):
    """One check of one link: the history is kept, the newest is what pages show."""

    link = models.ForeignKey(EvidenceLink, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(_("ตรวจเมื่อ"), auto_now_add=True)
    verdict = models.CharField(_("ผลการตรวจ"), max_length=16, choices=Verdict.choices)
    status = models.PositiveSmallIntegerField(_("รหัสตอบกลับ HTTP"), null=True, blank=True)
    final_url = models.URLField(_("URL ปลายทาง"), max_length=2000, blank=True)
    warnings = models.JSONField(_("คำเตือน"), default=list, blank=True)
    detail = models.CharField(max_length=32, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ผลการตรวจลิงก์")
        verbose_name_plural = _("ผลการตรวจลิงก์")
        ordering = ["link", "-checked_at", "-pk"]
        indexes = [
            # the newest check of each link, for item and readiness pages
            models.Index(fields=["link", "-checked_at"], name="link_check_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id}: {self.verdict}"


class Review(models.Model):
    """The assessor's verdict on an item (round 1), or after the clarification round (round 2,
    final). The newest review of an item is its verdict for indicators 9–10."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="reviews")
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("รอบ"), default=1)
    accepted = models.BooleanField(_("ผ่านเกณฑ์"))
    comment = models.TextField(_("ความเห็นผู้ตรวจประเมิน"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ผลการตรวจของผู้ตรวจประเมิน")
        verbose_name_plural = _("ผลการตรวจของผู้ตรวจประเมิน")
        ordering = ["item", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted=True) | ~models.Q(comment=""),
                name="review_rejection_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {'ผ่าน' if self.accepted else 'ไม่ผ่าน'}"


class Clarification(models.Model):
    """The agency's answer to a rejection, with the new evidence revision if any."""

    item = models.ForeignKey(
        DisclosureItem, on_delete=models.CASCADE, related_name="clarifications"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="clarifications")
    reply = models.TextField(_("คำชี้แจง"))
    evidence = models.ForeignKey(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("คำชี้แจงของหน่วยงาน")
        verbose_name_plural = _("คำชี้แจงของหน่วยงาน")
        ordering = ["item", "-created_at"]

    def __str__(self) -> str:
        return f"คำชี้แจง {self.item}"


class RiskEvent(models.Model):
    """A corruption-risk event of one work process, scored likelihood × impact on 5 × 5."""

    year = models.ForeignKey(DisclosureYear, on_delete=models.CASCADE, related_name="risks")
    process = models.CharField(_("กระบวนงาน/ภารกิจ"), max_length=300)
    event = models.TextField(_("เหตุการณ์ความเสี่ยงการทุจริต"))
    likelihood = models.PositiveSmallIntegerField(
        _("โอกาส (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("ผลกระทบ (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    existing_controls = models.TextField(_("การควบคุมที่มีอยู่"), blank=True)
    mitigation = models.TextField(_("มาตรการจัดการความเสี่ยง"))
    # improvement.Measure does not exist yet (issue of the improvement app). This id becomes a
    # ForeignKey to it then; until then the free-text mitigation above is the measure.
    measure_id = models.PositiveBigIntegerField(_("มาตรการในแผนพัฒนา (รหัส)"), null=True, blank=True)
    owner_division = models.ForeignKey(
        "agencies.Division",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ส่วนราชการผู้รับผิดชอบ"),
    )
    owner = models.CharField(_("ผู้รับผิดชอบ"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("เหตุการณ์ความเสี่ยงการทุจริต")
        verbose_name_plural = _("เหตุการณ์ความเสี่ยงการทุจริต")
        ordering = ["year", "-likelihood", "-impact", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"
            ),
        ]

    def __str__(self) -> str:
        return self.event[:60]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class FollowUpStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่ดำเนินการ")
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
    DONE = "done", _("ดำเนินการแล้ว")


class RiskFollowUp(models.Model):
    """A follow-up round on one risk's mitigation (the corruption_risk_measures item's report is
    built from these)."""

    risk = models.ForeignKey(RiskEvent, on_delete=models.CASCADE, related_name="follow_ups")
    round = models.PositiveSmallIntegerField(_("รอบที่"))
    reported_on = models.DateField(_("วันที่รายงาน"))
    status = models.CharField(_("สถานะ"), max_length=16, choices=FollowUpStatus.choices)
    progress = models.TextField(_("ผลการดำเนินการ"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("การติดตามมาตรการจัดการความเสี่ยง")
        verbose_name_plural = _("การติดตามมาตรการจัดการความเสี่ยง")
        ordering = ["risk", "round"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "round"], name="risk_follow_up_unique_round")
        ]

    def __str__(self) -> str:
        return f"{self.risk} รอบที่ {self.round}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิวตรวจลิงก์")
    RUNNING = "running", _("กำลังตรวจลิงก์")
    DONE = "done", _("ตรวจลิงก์เสร็จแล้ว")
    FAILED = "failed", _("ตรวจลิงก์ไม่สำเร็จ")


ACTIVE_RUN = (RunStatus.QUEUED, RunStatus.RUNNING)


class LinkCheckRun(models.Model):
    """One check of an item's current links, run in the background (issue 10: never inside the
    request). Progress (done/total) is written as links finish so the item page can show it; a
    run ends by its deadline; at most one queued or running run per item."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="check_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("สถานะ"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("จำนวนลิงก์"), default=0)
    done = models.PositiveIntegerField(_("ตรวจแล้ว"), default=0)
    problems = models.PositiveIntegerField(_("พบปัญหา"), default=0)
    deadline_seconds = models.PositiveIntegerField(_("เวลาสูงสุด (วินาที)"))
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("ความคืบหน้าล่าสุด"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("รอบการตรวจลิงก์")
        verbose_name_plural = _("รอบการตรวจลิงก์")
        ordering = ["item", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="linkcheckrun_done_le_total"
            ),
            # a second click while a run is queued or running starts nothing
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(status__in=["queued", "running"]),
                name="linkcheckrun_one_active_per_item",
            ),
        ]
        indexes = [
            # the item page shows the item's newest run
            models.Index(fields=["item", "-created_at"], name="linkcheckrun_item_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()} {self.done}/{self.total}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_RUN

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
