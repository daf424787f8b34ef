"""Survey waves and their anonymous answers.

Anonymity by construction (docs/security.md): the answer tables (PendingResponse, Response) have
no link to a token, a user, an IP address or a user agent, and keep only the day of submission.
A slip is the hash of a random token and nothing else; answering deletes it, so a spent slip
leaves no row (no used flag, no transaction id, no order). Answers wait in PendingResponse, which
each submission rewrites whole in random order, until there are ANONYMITY_K of them; then they
enter Response together with the rest of their day, rewritten in random order in one transaction
(surveys.mixing), so neither the primary key, the physical position (ctid) nor the transaction id
(xmin) of a stored answer tells when it came."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Tool(models.TextChoices):
    # marked only (plain str): the pages translate them where they are headings
    IIT = "IIT", gettext_noop("IIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (บุคลากร)")
    EIT = "EIT", gettext_noop("EIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (ผู้รับบริการ)")


class WaveStatus(models.TextChoices):
    OPEN = "open", _("เปิดรับคำตอบ")
    CLOSED = "closed", _("ปิดแล้ว")


class Campaign(models.Model):
    """Waves opened together for every agency of a province (a province pre-assessment)."""

    province = models.ForeignKey("agencies.Province", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    starts_on = models.DateField(_("เริ่ม"))
    ends_on = models.DateField(_("สิ้นสุด"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("การสำรวจทั้งจังหวัด")
        verbose_name_plural = _("การสำรวจทั้งจังหวัด")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"จังหวัด{self.province} ปีงบประมาณ {self.fiscal_year}"


class Wave(models.Model):
    """One round of one questionnaire (IIT or EIT) for one agency, between two dates."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="waves")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="waves"
    )
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="+"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    tool = models.CharField(_("แบบวัด"), max_length=3, choices=Tool.choices)
    starts_on = models.DateField(_("เริ่มรับคำตอบ"))
    ends_on = models.DateField(_("สิ้นสุด"))
    population = models.PositiveIntegerField(_("จำนวนบุคลากร/ผู้รับบริการ"), default=0)
    min_responses = models.PositiveIntegerField(_("จำนวนคำตอบขั้นต่ำ"))
    public_code = models.CharField(max_length=16, unique=True)  # EIT link and thanks page
    tokens_issued = models.PositiveIntegerField(_("จำนวนใบ IIT ที่ออก"), default=0)
    status = models.CharField(max_length=8, choices=WaveStatus.choices, default=WaveStatus.OPEN)
    tallied_responses = models.PositiveIntegerField(default=0)  # stored, i.e. mixed and counted
    tool_score = models.DecimalField(_("คะแนนเครื่องมือ"), max_digits=5, decimal_places=2, null=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("รอบการสำรวจ")
        verbose_name_plural = _("รอบการสำรวจ")
        ordering = ["-fiscal_year", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "tool"],
                condition=models.Q(status="open"),
                name="survey_wave_one_open_per_tool",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="survey_wave_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(tool__in=["IIT", "EIT"]), name="survey_wave_tool_known"
            ),
        ]
        indexes = [
            # an agency's survey page lists its waves, newest year first
            models.Index(fields=["agency", "-fiscal_year"], name="survey_wave_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.tool} {self.agency} ปีงบประมาณ {self.fiscal_year}"

    def accepting(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == WaveStatus.OPEN and self.starts_on <= today <= self.ends_on


class IitToken(models.Model):
    """An unused IIT slip: the SHA-256 of a random token, which the server cannot recompute.
    Answering deletes the row in the statement that stores the answer, so the table holds only
    slips nobody has used, with nothing about when they were issued beyond their wave."""

    token_hash = models.CharField(max_length=64, primary_key=True)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tokens")

    class Meta:
        verbose_name = _("ใบรหัสที่ยังไม่ได้ใช้ (IIT)")
        verbose_name_plural = _("ใบรหัสที่ยังไม่ได้ใช้ (IIT)")

    def __str__(self) -> str:
        return f"ใบรหัส IIT ของรอบ {self.wave_id}"


class AnswerFields(models.Model):
    """What an anonymous questionnaire keeps. `client_id` is the random id the form page
    carries, so a double tap or a retry stores nothing more (KoboToolbox/ODK instance ids)."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="+")
    client_id = models.UUIDField()
    submitted_on = models.DateField(_("วันที่ตอบ"))  # the day only, never a time
    # the chosen option of each sub-question, "I1=33;I2=3;…" (questionnaire.encode_answers);
    # the tallies are folded from these when the answer enters the stored table
    answers = models.TextField()
    comment = models.TextField(_("ข้อเสนอแนะ"), blank=True, max_length=2000)

    class Meta:
        abstract = True


class PendingResponse(AnswerFields):
    """An answer waiting for its batch. A random primary key: nothing here counts upwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # no index of its own: the (wave, client_id) constraint's index serves lookups by wave
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="pending", db_index=False)

    class Meta:
        verbose_name = _("คำตอบที่รอรวมชุด")
        verbose_name_plural = _("คำตอบที่รอรวมชุด")
        constraints = [
            models.UniqueConstraint(fields=["wave", "client_id"], name="survey_pending_once"),
        ]

    def __str__(self) -> str:
        return f"คำตอบที่รอรวมชุด ({self.submitted_on})"


class Response(AnswerFields):
    """A stored anonymous questionnaire, counted in the tallies."""

    # no index of its own: the (wave, client_id) constraint's index serves lookups by wave
    wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="responses", db_index=False
    )

    class Meta:
        verbose_name = _("คำตอบ")
        verbose_name_plural = _("คำตอบ")
        constraints = [
            models.UniqueConstraint(fields=["wave", "client_id"], name="survey_response_once"),
        ]
        indexes = [
            # each batch rewrites the stored answers of its days
            models.Index(fields=["wave", "submitted_on"], name="survey_response_day"),
        ]

    def __str__(self) -> str:
        return f"คำตอบ ({self.submitted_on})"


class WaveTally(models.Model):
    """Running totals per item, folded in from responses, so the dashboard reads scores instead of
    recomputing them from every answer."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tallies")
    item_code = models.CharField(max_length=12)
    respondents = models.PositiveIntegerField(default=0)
    value_sum = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("ผลรวมรายข้อ")
        verbose_name_plural = _("ผลรวมรายข้อ")
        constraints = [
            models.UniqueConstraint(fields=["wave", "item_code"], name="survey_tally_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.respondents} คน"


class WaveScore(models.Model):
    """Indicator scores of a closed wave (self-assessment), shown beside the official ones."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="scores")
    indicator = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    score = models.DecimalField(_("คะแนน"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("คะแนนประเมินตนเองรายตัวชี้วัด")
        verbose_name_plural = _("คะแนนประเมินตนเองรายตัวชี้วัด")
        ordering = ["wave", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "indicator"], name="survey_score_unique"),
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.indicator}: {self.score}"
