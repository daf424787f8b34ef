from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ita.documents.content import KIND_LABELS, Kind

# The documents' names stay Thai in the documents (content.KIND_LABELS); the batch pages show
# them translated ({% translate batch.get_kind_display %}), so they are marked here.
KIND_NAMES = (
    gettext_noop("รายงานการวิเคราะห์ผลการประเมิน"),
    gettext_noop("บันทึกข้อความขออนุมัติมาตรการ"),
    gettext_noop("รายงานผลการดำเนินการตามมาตรการ"),
)


class DocumentKind(models.TextChoices):
    O42 = Kind.O42.value, _(KIND_LABELS[Kind.O42])
    MEMO = Kind.MEMO.value, _(KIND_LABELS[Kind.MEMO])
    O43 = Kind.O43.value, _(KIND_LABELS[Kind.O43])


class OutputFormat(models.TextChoices):
    DOCX = "docx", "Word (DOCX)"
    PDF = "pdf", "PDF"
    BOTH = "both", _("Word และ PDF")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสร้างเอกสาร")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


class DocumentBatch(models.Model):
    """One request to render a document for many agencies into one ZIP, run in the background.
    Progress (done/total) is written as it goes so the page can show a bar; a batch whose worker
    died is marked failed when seen (batch.mark_if_stale), never left "running" forever, and
    a failed batch resumes after the last agency it finished."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("เอกสาร"), max_length=16, choices=DocumentKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    output_format = models.CharField(
        _("รูปแบบไฟล์"), max_length=8, choices=OutputFormat.choices, default=OutputFormat.BOTH
    )
    agencies = models.ManyToManyField("agencies.Agency", related_name="+")
    status = models.CharField(
        _("สถานะ"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("เสร็จแล้ว"), default=0)
    total = models.PositiveIntegerField(_("ทั้งหมด"), default=0)
    output = models.CharField(_("ไฟล์ ZIP (ใต้ MEDIA_ROOT)"), max_length=255, blank=True)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    # Agencies whose document could not be made (no analysis of the year, …): [{code, name,
    # reason}], listed on the page and in the ZIP; they do not stop the others.
    skipped = models.JSONField(_("หน่วยงานที่ข้าม"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("ความคืบหน้าล่าสุด"), null=True, blank=True)
    # Which run holds the batch (host:process:task): a run whose batch was taken over after its
    # lease lapsed (batch.claim) finds another name here and stops writing.
    runner = models.CharField(max_length=120, blank=True, default="")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ชุดสร้างเอกสาร")
        verbose_name_plural = _("ชุดสร้างเอกสาร")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="documentbatch_done_le_total"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=2556, fiscal_year__lte=2700),
                name="documentbatch_year_buddhist_era",
            ),
        ]
        indexes = [
            # "my batches" list: a user's batches, newest first
            models.Index(fields=["requested_by", "-created_at"], name="documentbatch_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ปี {self.fiscal_year} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)

    @property
    def resumable(self) -> bool:
        return self.status == BatchStatus.FAILED

    @property
    def made(self) -> int:
        """Agencies whose documents are in the ZIP."""
        return self.done - len(self.skipped)
