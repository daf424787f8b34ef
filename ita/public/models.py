"""What an agency has published (issue 13): nothing of an agency is public until its officer
marks it so, one row per thing published.

The decision lives in the `public` app, not in the apps whose objects it names, because it is
the public portal's one question ("may a citizen see this?") and no other app asks it: results,
plans and OIT checklists stay as they are, and unpublishing is deleting this row (the audit log
keeps who published and withdrew what, when).

What a row shows:
- RESULT: the agency's official result of the year, as it stands (a correction of an official
  result is itself a recorded revision, see assessments.AssessmentRevision).
- O42, MEMO: the approved, frozen PlanVersion named here (improvement.PlanVersion never
  changes); publishing a later version is a new decision.
- O43: one progress round, frozen at publication: `frozen` holds the report's facts (the plan
  record in force, the latest report of each measure up to the round, the as-of date), so a
  later progress edit does not change the published file; re-publishing refreezes it.
- DISCLOSURE: the year's OIT disclosure page, live: it is the agency's index of links, meant to
  follow its website as evidence is added.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RESULT = "result", _("ผลการประเมิน ITA")
    O42 = "o42", _("รายงานการวิเคราะห์ผลการประเมิน (O42)")
    MEMO = "memo", _("บันทึกข้อความขออนุมัติมาตรการ")
    O43 = "o43", _("รายงานผลการดำเนินการตามมาตรการ (O43)")
    DISCLOSURE = "disclosure", _("หน้าการเปิดเผยข้อมูลสาธารณะ (OIT)")

    @classmethod
    def versioned(cls) -> set[str]:
        return {cls.O42, cls.MEMO}


class Publication(models.Model):
    """fiscal_year: the assessed year for RESULT and DISCLOSURE, the analysed year for the
    documents (as `ita_document --year` and the document pages count it)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="publications"
    )
    kind = models.CharField(_("สิ่งที่เผยแพร่"), max_length=16, choices=Kind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    round_month = models.PositiveSmallIntegerField(_("รอบรายงาน (เดือน)"), default=0)  # O43 only
    version = models.ForeignKey(
        "improvement.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
    )
    frozen = models.JSONField(_("ข้อมูลที่ตรึงไว้ ณ วันเผยแพร่"), null=True, blank=True)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("การเผยแพร่")
        verbose_name_plural = _("การเผยแพร่")
        ordering = ["agency", "-fiscal_year", "kind", "round_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "fiscal_year", "round_month"],
                name="publication_one_per_thing",
            ),
            models.CheckConstraint(
                name="publication_shape_of_kind",
                condition=(
                    models.Q(kind__in=["o42", "memo"], version__isnull=False, round_month=0)
                    | models.Q(kind="o43", version__isnull=True, frozen__isnull=False)
                    | models.Q(
                        kind__in=["result", "disclosure"], version__isnull=True, round_month=0
                    )
                ),
            ),
        ]
        indexes = [
            # open data and the province page: what is published of one kind in one year
            models.Index(fields=["kind", "fiscal_year"], name="publication_kind_year"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()} ปี {self.fiscal_year}"
