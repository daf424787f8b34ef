"""Publishing and withdrawing, each one audited action (the HTML form, the demo and the tests
call these; nothing else writes a Publication)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from ita.assessments.models import Assessment, Source
from ita.audit.log import record
from ita.disclosure.models import DisclosureYear
from ita.improvement.models import Analysis, PlanVersion
from ita.lib.policy import require
from ita.public.frozen import freeze_o43
from ita.public.models import Kind, Publication


class PublicationError(ValueError):
    """Said to the officer in Thai; nothing was written."""


def _analysis(agency, fiscal_year: int) -> Analysis:
    analysis = Analysis.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    if analysis is None:
        raise PublicationError(
            gettext("ยังไม่มีการวิเคราะห์ผลการประเมินปีงบประมาณ %(year)s") % {"year": fiscal_year}
        )
    return analysis


def _version(analysis: Analysis, number: int | None) -> PlanVersion:
    versions = analysis.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise PublicationError(gettext("เผยแพร่ได้เฉพาะฉบับที่ผู้บริหารอนุมัติแล้ว"))
    return version


def plan_rounds(analysis: Analysis) -> list[int]:
    """The progress rounds of the approved version's measures (what an O43 can be of)."""
    from ita.documents.builders import record_in_force

    if not analysis.versions.exists():
        return []
    return sorted(
        {m for measure in record_in_force(analysis).measures for m in measure.round_months}
    )


def _shape(agency, kind: str, fiscal_year: int, round_month: int, version_number) -> dict:
    """The row's fields for this decision, or a PublicationError saying what is missing."""
    if kind == Kind.RESULT:
        if not Assessment.objects.filter(
            agency=agency, fiscal_year=fiscal_year, source=Source.OFFICIAL
        ).exists():
            raise PublicationError(
                gettext("ยังไม่มีผลการประเมินอย่างเป็นทางการปีงบประมาณ %(year)s") % {"year": fiscal_year}
            )
        return {}
    if kind == Kind.DISCLOSURE:
        if not DisclosureYear.objects.filter(agency=agency, fiscal_year=fiscal_year).exists():
            raise PublicationError(
                gettext("ยังไม่ได้เริ่มรายการตรวจ OIT ปีงบประมาณ %(year)s") % {"year": fiscal_year}
            )
        return {}
    analysis = _analysis(agency, fiscal_year)
    if kind in Kind.versioned():
        return {"version": _version(analysis, version_number)}
    if round_month not in plan_rounds(analysis):
        raise PublicationError(gettext("ไม่มีรอบรายงานนี้ในแผนที่อนุมัติแล้ว"))
    return {"frozen": freeze_o43(analysis, round_month)}


def _described(p: Publication) -> dict:
    return {
        "kind": p.kind,
        "fiscal_year": p.fiscal_year,
        "round_month": p.round_month,
        "version": p.version.number if p.version_id else None,
    }


@transaction.atomic
def publish(
    *, acting_user, agency, kind: str, fiscal_year: int, round_month: int = 0, version_number=None
) -> Publication:
    """Mark one thing of the agency published (again: a later version, a refrozen round)."""
    require(acting_user, "public.publish", agency)
    if kind not in Kind.values:
        raise PublicationError(gettext("ไม่รู้จักสิ่งที่จะเผยแพร่"))
    round_month = round_month if kind == Kind.O43 else 0
    values = {
        "version": None,
        "frozen": None,
        **_shape(agency, kind, fiscal_year, round_month, version_number),
    }
    key = {"agency": agency, "kind": kind, "fiscal_year": fiscal_year, "round_month": round_month}
    old = Publication.objects.select_for_update().filter(**key).first()
    before = _described(old) if old else None
    if old:
        old.delete()  # a new decision, with its own time and author
    publication = Publication.objects.create(**key, **values, published_by=acting_user)
    record(
        actor=acting_user, action="public.publish", obj=publication, agency=agency,
        before=before, after=_described(publication),
    )  # fmt: skip
    return publication


@transaction.atomic
def unpublish(*, acting_user, agency, kind: str, fiscal_year: int, round_month: int = 0) -> None:
    require(acting_user, "public.publish", agency)
    round_month = round_month if kind == Kind.O43 else 0
    publication = (
        Publication.objects.select_for_update()
        .filter(agency=agency, kind=kind, fiscal_year=fiscal_year, round_month=round_month)
        .first()
    )
    if publication is None:
        raise PublicationError(gettext("รายการนี้ยังไม่ได้เผยแพร่"))
    record(
        actor=acting_user, action="public.unpublish", obj=publication, agency=agency,
        before=_described(publication),
    )  # fmt: skip
    publication.delete()
