"""Every change to the OIT workspace: one atomic, audited function each. Views, commands, tasks
and tests call these, never the models directly."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from ita.agencies.models import Agency, Division
from ita.assessments.actions import framework_for, record_result
from ita.assessments.models import Source, Via
from ita.audit.log import record
from ita.disclosure import notices, rules, succession
from ita.disclosure.linkcheck import LinkResult
from ita.disclosure.models import (
    ACTIVE_RUN,
    Clarification,
    DisclosureItem,
    DisclosureYear,
    Evidence,
    EvidenceLink,
    ItemStatus,
    LinkCheck,
    LinkCheckRun,
    Review,
    RiskEvent,
    RiskFollowUp,
)
from ita.disclosure.verdicts import STALE, Verdict
from ita.frameworks.models import Framework
from ita.frameworks.scoring import oit_indicators_from_verdicts
from ita.frameworks.spec import FrameworkSpec
from ita.lib.policy import require

# Re-check schedule: a failing link soon (the officer is fixing it), a good one weekly so that
# a page taken down before the NACC review window is noticed.
RECHECK_OK = dt.timedelta(days=7)
RECHECK_FAILING = dt.timedelta(days=1)
# Verdicts under which an assessor cannot see the content: the item cannot be marked ready.
BLOCKS_READY = {Verdict.BROKEN, Verdict.SOFT_404, Verdict.LOGIN_REQUIRED}


class DisclosureError(ValueError):
    """A refused change; the message is Thai and says what to do."""


@transaction.atomic
def open_year(*, acting_user, agency: Agency, fiscal_year: int) -> DisclosureYear:
    """The year's checklist: one row per OIT item of the year's framework (idempotent)."""
    require(acting_user, "disclosure.manage", agency)
    framework = framework_for(fiscal_year)
    year, created = DisclosureYear.objects.get_or_create(
        agency=agency, fiscal_year=fiscal_year, defaults={"framework": framework}
    )
    if created:
        codes = [item.code for item in framework.spec.items_of_tool("OIT")]
        DisclosureItem.objects.bulk_create(
            DisclosureItem(year=year, item=item)
            for item in framework.items.filter(code__in=codes).order_by("position")
        )
        record(
            actor=acting_user,
            action="disclosure.year_opened",
            obj=year,
            agency=agency,
            after={"fiscal_year": fiscal_year, "items": len(codes)},
        )
    return year


@transaction.atomic
def assign_item(
    *, acting_user, item: DisclosureItem, division: Division | None, due_date: dt.date | None
) -> DisclosureItem:
    require(acting_user, "disclosure.manage", item.year.agency)
    if division is not None and division.agency_id != item.year.agency_id:
        raise DisclosureError(gettext("ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงาน"))
    before = {"division": item.division_id, "due_date": str(item.due_date or "")}
    item.division, item.due_date = division, due_date
    item.save(update_fields=["division", "due_date", "updated_at"])
    record(
        actor=acting_user,
        action="disclosure.item_assigned",
        obj=item,
        agency=item.year.agency,
        before=before,
        after={"division": item.division_id, "due_date": str(due_date or "")},
    )
    return item


def _file_hash(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _new_revision(
    *, acting_user, item: DisclosureItem, urls: Sequence[str], explanation: str, file
) -> Evidence:
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    last = item.evidence.order_by("-revision").values_list("revision", flat=True).first() or 0
    evidence = Evidence.objects.create(
        item=item,
        revision=last + 1,
        explanation=explanation.strip(),
        file=file or "",
        content_hash=_file_hash(file) if file else "",
        created_by=acting_user,
    )
    now = timezone.now()
    EvidenceLink.objects.bulk_create(
        EvidenceLink(evidence=evidence, url=url, position=i, next_check_at=now)
        for i, url in enumerate(urls)
    )
    if item.status in (ItemStatus.NOT_STARTED, ItemStatus.READY):
        item.status = ItemStatus.IN_PROGRESS
    item.link_verdict, item.link_stale = "", False  # until the new links are checked
    item.save(update_fields=["status", "link_verdict", "link_stale", "updated_at"])
    return evidence


@transaction.atomic
def add_evidence(
    *,
    acting_user,
    item: DisclosureItem,
    urls: Sequence[str],
    explanation: str = "",
    file=None,
) -> Evidence:
    """A new evidence revision (the old ones stay). Links are checked by the caller afterwards,
    outside this transaction: a check waits on other websites."""
    require(acting_user, "disclosure.edit_item", item)
    if not urls and not file:
        raise DisclosureError(gettext("ต้องมี URL บนเว็บไซต์หลักของหน่วยงานอย่างน้อย 1 รายการ หรือไฟล์"))
    evidence = _new_revision(
        acting_user=acting_user, item=item, urls=urls, explanation=explanation, file=file
    )
    record(
        actor=acting_user,
        action="disclosure.evidence_added",
        obj=evidence,
        agency=item.year.agency,
        after={"item": item.item.code, "revision": evidence.revision, "urls": list(urls)},
    )
    return evidence


# ------------------------------------------------------------------ across years


def earlier_year(year: DisclosureYear) -> DisclosureYear | None:
    """The agency's newest checklist before this one, whose evidence this year's items are
    offered (the year before, or the last one the agency kept)."""
    return (
        DisclosureYear.objects.select_related("framework")
        .filter(agency_id=year.agency_id, fiscal_year__lt=year.fiscal_year)
        .order_by("-fiscal_year")
        .first()
    )


def framework_specs(year: DisclosureYear, earlier: DisclosureYear) -> dict[str, FrameworkSpec]:
    """The frameworks from this year's back to the earlier year's by `succeeds`, both included
    (empty when the earlier one is not an ancestor): what succession.earlier_codes walks."""
    specs = {year.framework.code: year.framework.spec}
    code, target = year.framework.code, earlier.framework.code
    while code != target:
        code = specs[code].succeeds
        if code == target:
            specs[code] = earlier.framework.spec
            break
        # the first framework, a cycle in uploaded files, or a chain longer than any real one
        if not code or code in specs or len(specs) > succession.MAX_STEPS:
            return {}
        framework = Framework.objects.filter(code=code).first()
        if framework is None:
            return {}
        specs[code] = framework.spec
    return specs


def predecessor_codes(year: DisclosureYear) -> tuple[DisclosureYear | None, dict[str, tuple]]:
    """The earlier checklist, and for each OIT item of this year the codes of the earlier
    checklist's items it continues (only items that continue one)."""
    earlier = earlier_year(year)
    if earlier is None:
        return None, {}
    specs = framework_specs(year, earlier)
    if not specs:
        return earlier, {}
    target, spec = earlier.framework.code, year.framework.spec
    mapping = {
        item.code: succession.earlier_codes(specs, spec.code, item.code, target)
        for item in spec.items_of_tool("OIT")
    }
    return earlier, {code: found for code, found in mapping.items() if found}


def predecessor_items(item: DisclosureItem) -> list[DisclosureItem]:
    """The earlier checklist's items this item continues, in the framework's order of maps_to,
    each with its evidence revisions prefetched (newest first)."""
    earlier, mapping = predecessor_codes(item.year)
    codes = mapping.get(item.item.code, ())
    if earlier is None or not codes:
        return []
    found = {
        i.item.code: i
        for i in earlier.items.filter(item__code__in=codes)
        .select_related("item", "year")
        .prefetch_related("evidence__links")
    }
    return [found[code] for code in codes if code in found]


def newest(item: DisclosureItem) -> Evidence | None:
    """The newest revision among prefetched ones (no query when prefetched)."""
    return max(item.evidence.all(), key=lambda e: e.revision, default=None)


def _copied_file(evidence: Evidence):
    # A copy, not a shared path: the earlier year's file stays that year's evidence even if
    # this year's is replaced, and removing one year never removes the other's.
    try:
        with evidence.file.open("rb") as handle:
            return ContentFile(handle.read(), name=evidence.file.name.rsplit("/", 1)[-1])
    except OSError:
        raise DisclosureError(
            gettext("ไม่พบไฟล์แนบของหลักฐานปีก่อนในระบบ จึงยกมาไม่ได้ กรุณาแนบไฟล์ใหม่")
        ) from None


def _origin_note(revisions: list[tuple[DisclosureItem, Evidence]]) -> str:
    year = revisions[0][0].year.fiscal_year
    named = ", ".join(f"ข้อ {s.item.code} (ฉบับที่ {ev.revision})" for s, ev in revisions)
    explanations = [ev.explanation for _, ev in revisions if ev.explanation]
    return "\n".join([f"ยกมาจากหลักฐานปีงบประมาณ {year} {named}", *explanations])


@transaction.atomic
def take_over_evidence(*, acting_user, item: DisclosureItem, source_ids: Sequence[int]) -> Evidence:
    """The officer takes the evidence of the item's predecessor(s) in the earlier checklist as
    a new revision of this year's: their newest URLs (and the first file), with an explanation
    naming where they come from. Only items this one continues may be named; the links are
    checked by the caller, since last year's page may show last year's data."""
    require(acting_user, "disclosure.edit_item", item)
    allowed = {source.pk: source for source in predecessor_items(item)}
    chosen = [allowed.get(pk) for pk in dict.fromkeys(source_ids)]
    if not chosen or None in chosen:
        raise DisclosureError(gettext("ข้อที่เลือกไม่ใช่ข้อเดิมของข้อนี้ในปีก่อน จึงยกหลักฐานมาไม่ได้"))
    revisions = [(source, newest(source)) for source in chosen]
    revisions = [(source, evidence) for source, evidence in revisions if evidence]
    urls = list(dict.fromkeys(link.url for _, ev in revisions for link in ev.links.all()))
    if len(urls) > rules.MAX_URLS:
        raise DisclosureError(
            gettext("รวมกันแล้วเกิน %(n)s URL ต่อข้อ กรุณาเลือกทีละข้อ") % {"n": rules.MAX_URLS}
        )
    with_file = next((ev for _, ev in revisions if ev.file), None)
    if not urls and with_file is None:
        raise DisclosureError(gettext("ข้อเดิมในปีก่อนยังไม่มีหลักฐาน จึงไม่มีอะไรให้ยกมา"))
    evidence = _new_revision(
        acting_user=acting_user,
        item=item,
        urls=urls,
        explanation=_origin_note(revisions),
        file=_copied_file(with_file) if with_file else None,
    )
    origin = [
        {"year": s.year.fiscal_year, "item": s.item.code, "revision": ev.revision}
        for s, ev in revisions
    ]
    record(
        actor=acting_user,
        action="disclosure.evidence_taken_over",
        obj=evidence,
        agency=item.year.agency,
        after={
            "item": item.item.code,
            "revision": evidence.revision,
            "urls": urls,
            "file": bool(with_file),
            "from": origin,
        },
    )
    return evidence


@transaction.atomic
def record_link_checks(results: Iterable[tuple[EvidenceLink, LinkResult]]) -> list[LinkCheck]:
    """Store one check per link (history is kept), schedule the next one, and refresh the
    items' worst verdict. A system observation, not a user's change: no audit event."""
    now = timezone.now()
    checks = []
    for link, result in results:
        checks.append(
            LinkCheck(
                link=link,
                verdict=result.verdict,
                status=result.status,
                final_url=result.final_url[:2000],
                warnings=list(result.warnings),
                detail=result.detail,
                content_type=result.content_type[:100],
                content_hash=result.content_hash,
                elapsed_ms=result.elapsed_ms,
            )
        )
        failing = result.verdict != Verdict.OK or STALE in result.warnings
        link.next_check_at = now + (RECHECK_FAILING if failing else RECHECK_OK)
    LinkCheck.objects.bulk_create(checks)
    EvidenceLink.objects.bulk_update([c.link for c in checks], ["next_check_at"])
    refresh_link_verdicts({c.link.evidence.item_id for c in checks})
    return checks


@transaction.atomic
def start_link_check(
    *, acting_user, item: DisclosureItem, reason: str = "check"
) -> tuple[LinkCheckRun | None, bool]:
    """Queue a check of the item's current links, run in the background once this transaction
    commits (never inside the request: issue 10). Returns (run, started): the item's queued or
    running run and False when there is one already (a second click starts nothing), (None,
    False) when the newest evidence has no link."""
    from ita.disclosure import checks, tasks

    require(acting_user, "disclosure.edit_item", item)
    DisclosureItem.objects.select_for_update().filter(pk=item.pk).exists()  # one at a time
    active = checks.mark_if_stale(item.check_runs.filter(status__in=ACTIVE_RUN).first())
    if active is not None and active.active:
        return active, False
    evidence = latest_evidence(item)
    total = evidence.links.count() if evidence else 0
    if not total:
        return None, False
    deadline = checks.run_deadline()
    try:
        with transaction.atomic():  # SQLite has no row lock: the constraint decides a race
            run = LinkCheckRun.objects.create(
                item=item, requested_by=acting_user, total=total, deadline_seconds=deadline
            )
    except IntegrityError:
        return item.check_runs.filter(status__in=ACTIVE_RUN).first(), False
    record(
        actor=acting_user,
        action="disclosure.link_check_started",
        obj=run,
        agency=item.year.agency,
        after={"item": item.pk, "links": total, "reason": reason, "deadline_seconds": deadline},
    )
    transaction.on_commit(lambda: tasks.enqueue_link_check(run.pk))
    return run, True


def latest_evidence(item: DisclosureItem) -> Evidence | None:
    return item.evidence.order_by("-revision").first()


def refresh_link_verdicts(item_ids: Iterable[int]) -> None:
    for item in DisclosureItem.objects.filter(pk__in=list(item_ids)):
        evidence = latest_evidence(item)
        pairs = []
        for link in evidence.links.all() if evidence else []:
            check = link.checks.order_by("-checked_at", "-pk").first()
            if check:
                pairs.append((check.verdict, check.warnings))
        worst, stale = rules.worst_verdict(pairs)
        item.link_verdict, item.link_stale = worst or "", stale
        item.save(update_fields=["link_verdict", "link_stale"])


@transaction.atomic
def mark_ready(*, acting_user, item: DisclosureItem) -> DisclosureItem:
    """The officer says the item is ready for the assessor. Refused while the assessor could not
    see the evidence, and for a risk register that reports no risk (NACC gives it no score)."""
    require(acting_user, "disclosure.edit_item", item)
    evidence = latest_evidence(item)
    if evidence is None:
        raise DisclosureError(gettext("ยังไม่มีหลักฐานของข้อนี้"))
    if item.link_verdict in BLOCKS_READY:
        raise DisclosureError(
            gettext("ยังมีลิงก์ที่ผู้ตรวจประเมินเปิดไม่ได้ (ลิงก์เสีย ต้องเข้าสู่ระบบ หรือแจ้งว่าไม่พบข้อมูล) กรุณาแก้ไขก่อน")
        )
    year = item.year
    assessment_item = year.framework.spec.item_for_role("corruption_risk")
    if assessment_item is not None and item.item.code == assessment_item.code:
        problems = rules.register_problems(year.risks.values_list("event", "mitigation"))
        if problems:
            raise DisclosureError(" ".join(problems))
    before = item.status
    item.status = ItemStatus.READY
    item.save(update_fields=["status", "updated_at"])
    record(
        actor=acting_user,
        action="disclosure.item_ready",
        obj=item,
        agency=year.agency,
        before={"status": before},
        after={"status": item.status},
    )
    return item


def verdicts_of(year: DisclosureYear) -> dict[str, bool]:
    """Each reviewed item's newest verdict, by item code (unreviewed items are absent)."""
    verdicts: dict[str, bool] = {}
    reviews = Review.objects.filter(item__year=year).select_related("item__item")
    for review in reviews.order_by("created_at", "pk"):  # newest wins
        verdicts[review.item.item.code] = review.accepted
    return verdicts


def oit_scores(year: DisclosureYear, verdicts: dict[str, bool] | None = None):
    """Indicators 9–10 from the verdicts, by the foundation's scoring rule."""
    if verdicts is None:
        verdicts = verdicts_of(year)
    return oit_indicators_from_verdicts(year.framework.spec, verdicts)


def _store_on_result(*, acting_user, year: DisclosureYear, verdicts: dict[str, bool]) -> bool:
    """Put the verdicts on the agency's official result of the year, if there is one (the other
    indicators stay as recorded). Without a result, the pages show the computed indicators."""
    result = year.agency.results.filter(
        fiscal_year=year.fiscal_year, source=Source.OFFICIAL
    ).first()
    if result is None:
        return False
    scores = {s.indicator.number: s.score for s in result.scores.select_related("indicator")}
    record_result(
        acting_user=acting_user,
        agency=year.agency,
        fiscal_year=year.fiscal_year,
        indicator_scores=scores,
        oit_verdicts=verdicts,
        note="ตัวชี้วัดที่ 9–10 คำนวณจากผลการตรวจรายข้อ OIT ในระบบ",
        via=Via.OIT_REVIEW,
    )
    return True


@transaction.atomic
def review_item(*, acting_user, item: DisclosureItem, accepted: bool, comment: str = "") -> Review:
    require(acting_user, "disclosure.review", item.year.agency)
    comment = comment.strip()
    if not accepted and not comment:
        raise DisclosureError(gettext("กรุณาระบุเหตุผลที่ไม่ผ่าน เพื่อให้หน่วยงานแก้ไขได้"))
    item = DisclosureItem.objects.select_for_update().select_related("year__agency").get(pk=item.pk)
    previous = item.reviews.order_by("-created_at", "-pk").first()
    answered = previous is not None and item.clarifications.filter(review=previous).exists()
    review = Review.objects.create(
        item=item,
        evidence=latest_evidence(item),
        round=2 if answered or (previous and previous.round == 2) else 1,
        accepted=accepted,
        comment=comment,
        assessor=acting_user,
    )
    before = item.status
    item.status = ItemStatus.ACCEPTED if accepted else ItemStatus.NOT_ACCEPTED
    item.save(update_fields=["status", "updated_at"])
    verdicts = verdicts_of(item.year)
    stored = _store_on_result(acting_user=acting_user, year=item.year, verdicts=verdicts)
    record(
        actor=acting_user,
        action="disclosure.item_reviewed",
        obj=review,
        agency=item.year.agency,
        before={"status": before},
        after={"status": item.status, "round": review.round, "stored_on_result": stored},
        note=comment,
    )
    notices.item_reviewed(acting_user, item, review)
    return review


@transaction.atomic
def answer_review(
    *,
    acting_user,
    item: DisclosureItem,
    reply: str,
    urls: Sequence[str] = (),
    explanation: str = "",
    file=None,
) -> Clarification:
    """The clarification round: the agency answers a rejection, with new evidence if it has
    any; the item waits for the assessor's final verdict."""
    require(acting_user, "disclosure.edit_item", item)
    review = item.reviews.order_by("-created_at", "-pk").first()
    if review is None or review.accepted:
        raise DisclosureError(gettext("ข้อนี้ไม่มีผลการตรวจที่ต้องชี้แจง"))
    if not reply.strip():
        raise DisclosureError(gettext("กรุณาเขียนคำชี้แจง"))
    evidence = None
    if urls or file:
        evidence = add_evidence(
            acting_user=acting_user, item=item, urls=urls, explanation=explanation, file=file
        )
    clarification = Clarification.objects.create(
        item=item, review=review, reply=reply.strip(), evidence=evidence, created_by=acting_user
    )
    item.refresh_from_db()
    item.status = ItemStatus.READY
    item.save(update_fields=["status", "updated_at"])
    record(
        actor=acting_user,
        action="disclosure.review_answered",
        obj=clarification,
        agency=item.year.agency,
        after={"item": item.item.code, "evidence": evidence.revision if evidence else None},
        note=reply,
    )
    notices.review_answered(acting_user, item, clarification)
    return clarification


@transaction.atomic
def add_risk(*, acting_user, year: DisclosureYear, **fields) -> RiskEvent:
    """A risk event of the register. "No risk" is not an event (NACC scores it zero)."""
    require(acting_user, "disclosure.manage", year.agency)
    if rules.says_no_risk(fields.get("event", "")):
        raise DisclosureError(rules.NO_RISK_REASON)
    rules.risk_level(fields["likelihood"], fields["impact"])  # raises on a value off the matrix
    risk = RiskEvent.objects.create(year=year, **fields)
    record(
        actor=acting_user,
        action="disclosure.risk_added",
        obj=risk,
        agency=year.agency,
        after={"event": risk.event, "score": risk.score},
    )
    return risk


@transaction.atomic
def delete_risk(*, acting_user, risk: RiskEvent) -> None:
    require(acting_user, "disclosure.manage", risk.year.agency)
    record(
        actor=acting_user,
        action="disclosure.risk_deleted",
        obj=risk,
        agency=risk.year.agency,
        before={"event": risk.event, "score": risk.score},
    )
    risk.delete()


@transaction.atomic
def add_follow_up(*, acting_user, risk: RiskEvent, **fields) -> RiskFollowUp:
    require(acting_user, "disclosure.manage", risk.year.agency)
    last = risk.follow_ups.order_by("-round").values_list("round", flat=True).first() or 0
    follow_up = RiskFollowUp.objects.create(
        risk=risk, round=last + 1, created_by=acting_user, **fields
    )
    record(
        actor=acting_user,
        action="disclosure.risk_followed_up",
        obj=follow_up,
        agency=risk.year.agency,
        after={"round": follow_up.round, "status": follow_up.status},
    )
    return follow_up
