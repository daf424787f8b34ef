"""The demo improvement plans of the four seed agencies and of the current cycle's agency, as
ita_demo builds them: through the audited actions, faithful to the seeds, and written once (a
second run adds nothing)."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from ita.assessments.models import Assessment, Source
from ita.audit.models import AuditEvent
from ita.improvement.analysis import completeness
from ita.improvement.models import Analysis, Measure, PlanStatus, ProgressReport, Tool
from ita.improvement.queries import draft_for, plan_facts
from ita.improvement.themes import comment_themes

pytestmark = pytest.mark.django_db

MDH = "องค์การบริหารส่วนจังหวัดมุกดาหาร"
MAEHOM = "องค์การบริหารส่วนตำบลแม่ฮ่อม"
PAO = "องค์การบริหารส่วนจังหวัดแม่ฮ่องสอน"
TOWN = "เทศบาลเมืองแม่ฮ่องสอน"
PANGMU = "เทศบาลตำบลปางหมู"
SEEDED = ((MDH, 2565), (MAEHOM, 2564), (PAO, 2563), (TOWN, 2566))
APPROVED = (*SEEDED, (PANGMU, 2568))  # and PANGMU's FY 2569 analysis, still a draft


def analysis_of(name: str, year: int) -> Analysis:
    return Analysis.objects.get(agency__name=name, fiscal_year=year)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Analysis, Measure, ProgressReport, AuditEvent)}


def framework_codes(analysis: Analysis) -> set[str]:
    result = Assessment.objects.get(
        agency=analysis.agency, fiscal_year=analysis.fiscal_year, source=Source.OFFICIAL
    )
    return {item.code for item in result.framework.spec.items}


def _cites(client, username: str, analysis: Analysis) -> dict[str, str]:
    """What the officer reads: the analysis page and the DOCX text of its three documents."""
    from ita.documents.tests.test_builders import docx_text

    client.force_login(User.objects.get(username=username))
    texts = {
        "page": client.get(reverse("improvement:analysis", args=[analysis.pk])).content.decode()
    }
    for kind in ("o42", "memo", "o43"):
        response = client.get(reverse("analysis_document", args=[analysis.pk, kind, "docx"]))
        assert response.status_code == 200, kind
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts[kind] = "\n".join(docx_text(body))
    return texts


def test_demo_builds_the_seed_plans_once(client):
    out = StringIO()
    call_command("ita_demo", stdout=out)
    assert "6 แผน" in out.getvalue()

    # seed 002: อบจ.มุกดาหาร analyses FY 2565 against 2564, eight measures, approved
    mdh = analysis_of(MDH, 2565)
    assert mdh.status == PlanStatus.APPROVED
    assert mdh.measures.count() == 8
    draft = draft_for(mdh)
    assert [r.number for r in draft.strengths] == [9, 1]
    assert [r.number for r in draft.weaknesses] == [10, 8, 5, 7, 4, 3, 2, 6]
    assert draft.previous.total == Decimal("87.64")
    assert draft.total_change == Decimal("-16.61")
    assert {"O36", "O42"} <= set(mdh.recommendations.values_list("item_code", flat=True))
    eit = list(mdh.comments.filter(tool=Tool.EIT).values_list("text", flat=True))
    assert len(eit) >= 5 and comment_themes(eit)
    assert mdh.approver_name == "นายวีระพงษ์ ทองมา"  # the memo's, not the approving user's
    # approving through the action froze what was approved, for every approved demo plan
    (version,) = mdh.versions.all()
    assert version.record["texts"]["approver_name"] == "นายวีระพงษ์ ทองมา"
    assert len(version.record["measures"]) == 8
    for analysis in Analysis.objects.filter(status=PlanStatus.APPROVED):
        assert analysis.versions.count() == 1, analysis

    # seed 003: อบต.แม่ฮ่อม's four measures for FY 2565, under its memo
    maehom = analysis_of(MAEHOM, 2564)
    assert maehom.measures.count() == 4
    assert (maehom.memo_number, maehom.memo_date) == ("มส.๗๔๗๐๑.๕/", dt.date(2022, 1, 10))
    assert maehom.proposer_name == "นายคณิศร ไพรเสรี"

    # every plan approved but the current draft; the town's by its mayor
    assert Analysis.objects.filter(status=PlanStatus.APPROVED).count() == len(APPROVED)
    assert analysis_of(PANGMU, 2569).status == PlanStatus.DRAFT
    assert analysis_of(TOWN, 2566).decided_by.username == "mayor"

    # progress reported for every seed agency, each report with a link as evidence
    for name, year in APPROVED:
        reports = ProgressReport.objects.filter(measure__analysis=analysis_of(name, year))
        assert reports.exists(), name
        assert not reports.filter(evidence=None).exists(), name
    finance = ProgressReport.objects.filter(submitted_by__username="head_finance")
    assert finance.exists()
    assert all(r.measure.divisions.filter(name="กองคลัง").exists() for r in finance)

    # every measure has an owner, and cites items of its year's framework
    assert not Measure.objects.filter(divisions=None).exists()
    for analysis in Analysis.objects.all():
        codes = framework_codes(analysis)
        for measure in analysis.measures.all():
            assert set(measure.items) <= codes, (analysis, measure.title)

    # the current cycle: FY 2568 below the pass mark (its texts say so), FY 2569 above; the
    # approved plan is complete; it cites ita-2569's items; FY 2565's seed plan still O42/O43
    results = Assessment.objects.filter(agency__name=PANGMU, source=Source.OFFICIAL)
    assert results.get(fiscal_year=2568).total < 85 <= results.get(fiscal_year=2569).total
    current = analysis_of(PANGMU, 2568)
    assert completeness(plan_facts(current, draft_for(current))) == []
    pangmu = _cites(client, "officer_pangmu", analysis_of(PANGMU, 2568))
    for where in ("page", "o42"):
        assert "O25" in pangmu[where] and "O26" in pangmu[where] and "O42" not in pangmu[where]
    assert "ข้อ O26" in pangmu["o43"] and "O43" not in pangmu["o43"]
    assert "ข้อ O25" in pangmu["memo"] and "ชั่วคราว" not in pangmu["o42"]
    draft = _cites(client, "officer_pangmu", analysis_of(PANGMU, 2569))  # runs in FY 2570
    assert all("ชั่วคราว" in text for text in draft.values())
    mdh_plan = _cites(client, "officer_mdh", mdh)
    for where in ("page", "o42"):
        assert "O42" in mdh_plan[where] and "O43" in mdh_plan[where]
        assert "O25" not in mdh_plan[where] and "O26" not in mdh_plan[where]
    assert "ข้อ O42" in mdh_plan["memo"]
    # the made-up scores say so; the seeds' published ones do not
    for kind in ("o42", "memo"):
        assert "ข้อมูลสมมติเพื่อการสาธิต" in pangmu[kind]
        assert "ข้อมูลสมมติ" not in mdh_plan[kind]

    # a second run writes nothing, not even an audit event; its JSON shows the totals
    before = counts()
    out = StringIO()
    call_command("ita_demo", "--json", stdout=out)
    assert counts() == before
    assert json.loads(out.getvalue())["improvement"] == {
        "analyses": len(APPROVED) + 1,
        "measures": before["Measure"],
        "reports": before["ProgressReport"],
    }
