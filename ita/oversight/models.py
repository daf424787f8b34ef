"""The province's oversight work (seed 000, issue 12): committee orders (คำสั่งแต่งตั้ง
คณะกรรมการ), follow-up meetings in the districts and the ITA clinic, the issues raised there and
the follow-ups asked of agencies, which their officers answer and the coordinator closes.

Everything here belongs to one province: the coordinator of that province writes it (the
actions in committees.py, meetings.py, followups.py), the owner agency of a follow-up answers
it. Rows are written only through those actions, which write the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Committee(models.Model):
    """One committee order of the province (จังหวัดแม่ฮ่องสอน คำสั่งที่ …/๒๕๖๓)."""

    province = models.ForeignKey(
        "agencies.Province", on_delete=models.PROTECT, related_name="committees"
    )
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="หน่วยงานหลัก",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_committees",
    )
    number = models.CharField("เลขที่คำสั่ง", max_length=32)  # "123/2563": as the order prints it
    ordered_on = models.DateField("ลงวันที่")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ")  # the year of the order's date
    title = models.CharField("เรื่อง", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "คำสั่งแต่งตั้งคณะกรรมการ"
        verbose_name_plural = "คำสั่งแต่งตั้งคณะกรรมการ"
        ordering = ["province", "-ordered_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number"], name="committee_unique_number_per_province"
            )
        ]

    def __str__(self) -> str:
        return f"คำสั่งที่ {self.number} {self.title}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("ประธานกรรมการ")
    VICE_CHAIR = "vice_chair", _("รองประธานกรรมการ")
    MEMBER = "member", _("กรรมการ")
    SECRETARY = "secretary", _("กรรมการและเลขานุการ")
    ASSISTANT_SECRETARY = "assistant", _("กรรมการและผู้ช่วยเลขานุการ")


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    order = models.PositiveSmallIntegerField("ลำดับ")
    name = models.CharField("ชื่อ-สกุล", max_length=200, blank=True)  # orders often name the post
    position = models.CharField("ตำแหน่ง", max_length=200)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="หน่วยงาน",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
    )
    role = models.CharField("ตำแหน่งในคณะกรรมการ", max_length=16, choices=CommitteeRole.choices)

    class Meta:
        verbose_name = "กรรมการ"
        verbose_name_plural = "กรรมการ"
        ordering = ["committee", "order"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "order"], name="committee_member_order")
        ]

    def __str__(self) -> str:
        return f"{self.name or self.position} ({self.get_role_display()})"


class MeetingKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("ประชุมติดตาม")
    CLINIC = "clinic", _("คลินิก ITA")
    BRIEFING = "briefing", _("ประชุมชี้แจง")
    REHEARSAL = "rehearsal", _("ประชุมซักซ้อมแนวทาง")
    OTHER = "other", _("อื่น ๆ")


class Meeting(models.Model):
    """A meeting or clinic visit the province held (in a district or at the province)."""

    province = models.ForeignKey(
        "agencies.Province", on_delete=models.PROTECT, related_name="meetings"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name="คณะกรรมการ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField("ประเภท", max_length=16, choices=MeetingKind.choices)
    title = models.CharField("เรื่อง", max_length=300)
    held_on = models.DateField("วันที่")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ")  # fiscal_year_of(held_on)
    place = models.CharField("สถานที่", max_length=300)
    district = models.ForeignKey(
        "agencies.District",
        verbose_name="อำเภอ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    agencies_present = models.ManyToManyField(
        "agencies.Agency", verbose_name="หน่วยงานที่เข้าร่วม", blank=True, related_name="meetings"
    )
    notes = models.TextField("สรุปการประชุม", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "การประชุม/คลินิก"
        verbose_name_plural = "การประชุม/คลินิก"
        ordering = ["province", "-held_on", "-pk"]
        indexes = [
            # followup_log and the meetings list: one province's meetings of a fiscal year
            models.Index(fields=["province", "fiscal_year", "held_on"], name="meeting_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class Issue(models.Model):
    """An issue raised at a meeting (ปัญหา/ข้อสังเกต), optionally about one indicator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="issues")
    order = models.PositiveSmallIntegerField("ลำดับ")
    text = models.TextField("ประเด็น")
    indicator = models.PositiveSmallIntegerField("ตัวชี้วัดที่", null=True, blank=True)

    class Meta:
        verbose_name = "ประเด็นจากการประชุม"
        verbose_name_plural = "ประเด็นจากการประชุม"
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="issue_order_per_meeting")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("เปิด")
    ANSWERED = "answered", _("ตอบแล้ว")
    CLOSED = "closed", _("ปิด")


class FollowUp(models.Model):
    """What the meeting asked of one agency, by when; the agency answers, the coordinator
    closes. An answered follow-up may be answered again (a better answer) until it is closed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="followups")
    issue = models.ForeignKey(
        Issue,
        verbose_name="ประเด็น",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="หน่วยงานที่รับผิดชอบ",
        on_delete=models.PROTECT,
        related_name="followups",
    )
    request = models.TextField("สิ่งที่ขอให้ดำเนินการ")
    due_on = models.DateField("กำหนดส่ง")
    status = models.CharField(
        "สถานะ", max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    answer = models.TextField("คำตอบของหน่วยงาน", blank=True)
    evidence_url = models.URLField("ลิงก์หลักฐาน", max_length=500, blank=True)
    answered_at = models.DateTimeField("ตอบเมื่อ", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("ปิดเมื่อ", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "เรื่องที่ต้องติดตาม"
        verbose_name_plural = "เรื่องที่ต้องติดตาม"
        ordering = ["due_on", "pk"]
        indexes = [
            # open_followups_for_agency: an agency's not-closed follow-ups by due date
            models.Index(fields=["agency", "status", "due_on"], name="followup_agency_due"),
        ]
        constraints = [
            models.CheckConstraint(
                name="followup_answered_has_answer",
                condition=models.Q(status="open") | ~models.Q(answer=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.request[:60]}"
