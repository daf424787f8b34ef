"""Approval freezes a version (issue 8, "a record that does not drift"): the approved O42 and
memo never change after a later OIT review, re-import or edit; the analysis page lists what
changed since approval; a new revision is approved as version 2 and version 1 stays."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.assessments.importing import confirm_import, import_results
from ita.assessments.models import Via
from ita.audit.models import AuditEvent
from ita.documents.builders import build_memo, build_o42, build_o43, build_version
from ita.documents.content import Kind, plain
from ita.improvement import actions
from ita.improvement.models import PlanStatus
from ita.improvement.queries import record_of
from ita.improvement.record import differences, from_json, to_json
from ita.improvement.tests.fixtures import measure_input, submit_and_approve

pytestmark = pytest.mark.django_db


def oit_review_rejects(world, *codes):
    """What disclosure.actions.review_item stores on the result: indicators 9–10 from the
    verdicts of every OIT item, the other indicators as recorded."""
    spec = world.own.results.get(fiscal_year=2565).framework.spec
    verdicts = {i.code: i.code not in codes for i in spec.items_of_tool("OIT")}
    record_result(
        acting_user=world.assessor, agency=world.own, fiscal_year=2565,
        indicator_scores=decimals(SEED_002_2565), oit_verdicts=verdicts,
        note="ตัวชี้วัดที่ 9–10 คำนวณจากผลการตรวจรายข้อ OIT ในระบบ", via=Via.OIT_REVIEW,
    )  # fmt: skip


def reimport(world, scores):
    header = "รหัสหน่วยงาน,ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11))
    row = "T-OWN,2022," + ",".join(scores)  # 2022 = FY 2565, written in the Christian era
    outcome = import_results(
        acting_user=world.officer, filename="ผล.csv", content=f"{header}\n{row}\n".encode()
    )
    assert outcome.needs_confirmation
    assert confirm_import(acting_user=world.officer, pending=outcome.pending).ok


def text_of(doc) -> str:
    """Every run of every block, in order (enough to see any number or item code change)."""
    return repr(doc)


def test_finding_an_oit_review_after_approval_leaves_the_approved_o42_alone(world, approved):
    """Issue 8 as reported (fails on the code before versions): the assessor's review added
    "ข้อ OIT ที่ไม่ผ่านเกณฑ์ O11, O32" to the approved O42."""
    analysis, *_ = approved
    before = build_o42(analysis)
    oit_review_rejects(world, "O11", "O32")
    after = build_o42(analysis)
    assert "O11" not in repr(after) and after == before


def test_finding_a_christian_year_import_does_not_silently_replace_a_result(world):
    """Issue 8 as reported (fails on the code before revisions): "2023" replaced FY 2566."""
    header = "รหัสหน่วยงาน,ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11))
    for year, score in (("2566", "89.55"), ("2023", "94.29")):
        import_results(
            acting_user=world.officer, filename="ผล.csv",
            content=f"{header}\nT-OWN,{year},{','.join([score] * 10)}\n".encode(),
        )  # fmt: skip
    assert world.own.results.get(fiscal_year=2566).total == Decimal("89.55")


def test_approval_freezes_the_record_as_version_1(world, approved):
    analysis, *_ = approved
    (version,) = analysis.versions.all()
    assert version.number == 1 and version.approved_by == world.executive
    record = from_json(version.record)
    assert record == record_of(analysis)  # the JSON keeps every value exactly
    assert to_json(record) == version.record
    assert record.current.total == Decimal("71.03") and record.status == PlanStatus.APPROVED
    assert [m.title for m in record.measures] == ["ประเมินความเสี่ยงการทุจริต", "ปรับปรุงเว็บไซต์"]
    event = AuditEvent.objects.get(action="plan.version_frozen")
    assert event.after == {"number": 1, "fiscal_year": 2565} and event.actor == world.executive
    with pytest.raises(ValueError):
        version.save()


def test_documents_do_not_drift_after_a_review_an_import_or_an_edit(world, approved):
    analysis, mine, _ = approved
    o42, memo, o43 = build_o42(analysis), build_memo(analysis), build_o43(analysis)
    assert "O11" not in text_of(o42)

    oit_review_rejects(world, "O11", "O32")
    assert build_o42(analysis) == o42 and build_memo(analysis) == memo
    assert "O11" not in text_of(build_o42(analysis))  # the finding of issue 8

    reimport(world, ["90.00"] * 10)
    assert world.own.results.get(fiscal_year=2565).total == Decimal("90.00")
    assert build_o42(analysis) == o42 and build_memo(analysis) == memo

    analysis = actions.start_revision(acting_user=world.officer, analysis=analysis)
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, measure=mine,
        data=measure_input([world.division.pk], title="มาตรการที่แก้ไขแล้ว"),
    )  # fmt: skip
    version = analysis.versions.get()
    assert build_version(version, Kind.O42) == o42 and build_version(version, Kind.MEMO) == memo
    assert build_o43(analysis) == o43  # O43 cites the approved measures while v2 is drafted
    assert "มาตรการที่แก้ไขแล้ว" in text_of(build_o42(analysis))  # the draft of version 2


def test_changes_since_approval_are_listed_old_to_new(world, approved):
    analysis, *_ = approved
    oit_review_rejects(world, "O11", "O32")
    approved_record = from_json(analysis.versions.get().record)
    changes = {d.label: (d.old, d.new) for d in differences(approved_record, record_of(analysis))}
    assert changes["ข้อ OIT ที่ไม่ผ่านเกณฑ์ ปี 2565"] == ("–", "O11, O32")
    assert changes["คะแนนรวม ปี 2565"][0] == "71.03"
    assert changes["ตัวชี้วัดที่ 10 การป้องกันการทุจริต ปี 2565"][0] == "37.50"


def test_the_analysis_page_shows_the_changes_and_the_versions(client, world, approved):
    analysis, *_ = approved
    url = reverse("improvement:analysis", args=[analysis.pk])
    client.force_login(world.officer)
    body = client.get(url).content.decode()
    assert 'data-testid="versions"' in body and 'data-testid="changed-since-approval"' not in body
    oit_review_rejects(world, "O11", "O32")
    body = client.get(url).content.decode()
    assert "เปลี่ยนแปลงหลังการอนุมัติ" in body and "O11, O32" in body
    download = reverse("version_document", args=[analysis.pk, 1, "o42", "docx"])
    assert client.get(download).status_code == 200
    assert (
        client.get(reverse("version_document", args=[analysis.pk, 2, "o42", "docx"])).status_code
        == 404
    )
    assert (
        client.get(reverse("version_document", args=[analysis.pk, 1, "o43", "pdf"])).status_code
        == 404
    )
    client.force_login(world.foreign_officer)
    assert client.get(download).status_code == 404


def test_a_new_revision_is_approved_as_version_2_and_version_1_stays(client, world, approved):
    analysis, mine, _ = approved
    v1_o42 = build_o42(analysis)
    step = reverse("improvement:plan_transition", args=[analysis.pk, "revise"])
    client.force_login(world.executive)
    assert client.post(step).status_code == 404  # planners revise, executives decide
    client.force_login(world.officer)
    assert client.post(step).status_code == 302
    analysis.refresh_from_db()
    assert analysis.status == PlanStatus.DRAFT and analysis.versions.count() == 1
    assert AuditEvent.objects.filter(action="plan.revision_started").exists()

    actions.save_measure(
        acting_user=world.officer, analysis=analysis, measure=mine,
        data=measure_input([world.division.pk], title="มาตรการฉบับปรับปรุง"),
    )  # fmt: skip
    submit_and_approve(world, analysis)
    analysis.refresh_from_db()
    v2, v1 = analysis.versions.all()
    assert (v1.number, v2.number) == (1, 2)
    assert build_version(v1, Kind.O42) == v1_o42
    assert "มาตรการฉบับปรับปรุง" in plain(repr(build_version(v2, Kind.O42)))
    assert build_o42(analysis) == build_version(v2, Kind.O42)
    assert "มาตรการฉบับปรับปรุง" in text_of(build_o43(analysis))


def test_revising_a_plan_that_is_not_approved_is_refused(world, analysis):
    with pytest.raises(actions.PlanError):
        actions.start_revision(acting_user=world.officer, analysis=analysis)


def test_progress_is_reported_while_the_next_revision_is_drafted(world, approved):
    analysis, mine, _ = approved
    actions.start_revision(acting_user=world.officer, analysis=analysis)
    report = actions.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6,
        data=actions.ProgressInput(status="in_progress", percent=40, actions="เริ่มแล้ว"),
    )  # fmt: skip
    assert report.revision == 1
    with pytest.raises(actions.PlanError):  # its reports would lose their measure
        actions.delete_measure(acting_user=world.officer, measure=mine)


def test_new_urls_ask_anonymous_users_to_log_in(client, world, approved):
    analysis, *_ = approved
    urls = [
        ("get", reverse("version_document", args=[analysis.pk, 1, "o42", "pdf"])),
        ("post", reverse("improvement:plan_transition", args=[analysis.pk, "revise"])),
        ("post", reverse("import_confirm", args=[1])),
        ("post", reverse("import_cancel", args=[1])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    analysis.refresh_from_db()
    assert analysis.status == PlanStatus.APPROVED


def test_a_plan_approved_before_versions_were_kept_gets_its_version_once(world, approved):
    from ita.improvement.actions import freeze_earlier_approvals
    from ita.improvement.models import PlanVersion

    analysis, *_ = approved
    o42 = build_o42(analysis)
    PlanVersion.objects.filter(analysis=analysis).delete()  # as before this release
    assert freeze_earlier_approvals() == 1
    version = analysis.versions.get()
    assert version.number == 1 and version.approved_by == world.executive
    assert build_o42(analysis) == o42
    assert freeze_earlier_approvals() == 0  # once


def test_a_plan_approved_in_english_is_frozen_in_thai(world):
    """The frozen record feeds the Thai documents: the provisional-year notice it keeps (FY 2570
    uses the FY 2569 framework) is Thai even when the executive reads the pages in English."""
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2569,
        indicator_scores=decimals(SEED_002_2565),
    )  # fmt: skip
    analysis = actions.start_analysis(acting_user=world.officer, agency=world.own, fiscal_year=2569)
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    with translation.override("en"):
        assert record_of(analysis).items.notice.startswith("Fiscal year B.E. 2570")
        submit_and_approve(world, analysis)
    (version,) = analysis.versions.all()
    assert version.record["items"]["notice"].startswith("ปีงบประมาณ 2570 ยังไม่มีกรอบการประเมิน")
