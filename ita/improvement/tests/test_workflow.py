"""The improvement cycle through its pages and actions: draft, own analysis, measures,
approval by role, progress rounds as frozen revisions; permissions and the audit log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita.audit.models import AuditEvent
from ita.improvement import actions
from ita.improvement.models import PlanStatus, ProgressReport
from ita.improvement.tests.fixtures import give_chain, measure_input

pytestmark = pytest.mark.django_db


def test_analysis_page_shows_the_draft(client, world, analysis):
    client.force_login(world.officer)
    response = client.get(reverse("improvement:analysis", args=[analysis.pk]))
    assert response.status_code == 200
    assert [r.number for r in response.context["draft"].weaknesses] == [10, 8, 5, 7, 4, 3, 2, 6]
    assert response.context["urgent"] == [10, 8, 5]
    body = response.content.decode()
    assert "ยังไม่มีบทวิเคราะห์ของหน่วยงานเอง" in body
    assert "ลดลง 16.97 คะแนน" in body  # 88.00 → 71.03


@pytest.mark.parametrize("persona", ["division_head", "executive", "coordinator", "assessor"])
def test_readers_see_but_cannot_edit(client, world, analysis, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("improvement:analysis", args=[analysis.pk])).status_code == 200
    assert client.get(reverse("improvement:analysis_edit", args=[analysis.pk])).status_code == 404
    assert client.get(reverse("improvement:measure_new", args=[analysis.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["foreign_officer", "nobody"])
def test_foreign_users_get_404(client, world, analysis, persona):
    client.force_login(getattr(world, persona))
    for name in (
        "improvement:analysis",
        "improvement:analysis_edit",
        "improvement:progress_dashboard",
    ):
        assert client.get(reverse(name, args=[analysis.pk])).status_code == 404
    assert client.get(reverse("improvement:agency_plans", args=[world.own.pk])).status_code == 404


def test_officer_writes_own_analysis_and_overrides_urgency(client, world, analysis):
    client.force_login(world.officer)
    data = {
        "overview": "หน่วยงานวิเคราะห์แล้วพบว่า…", "improvement_issues": "พัฒนาการสื่อสาร",
        "urgent_weakest": "3", "urgent_floor": "50", "own_10": "ยังไม่เผยแพร่การประเมินความเสี่ยง",
        "urgent_5": "no", "urgent_7": "yes",
    }  # fmt: skip
    response = client.post(reverse("improvement:analysis_edit", args=[analysis.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("improvement:analysis", args=[analysis.pk]))
    assert page.context["urgent"] == [10, 8, 7]
    assert "ยังไม่เผยแพร่การประเมินความเสี่ยง" in page.content.decode()
    assert AuditEvent.objects.filter(action="analysis.changed", actor=world.officer).exists()


def test_measure_form_validates_in_thai_and_changes_nothing(client, world, analysis):
    client.force_login(world.officer)
    url = reverse("improvement:measure_new", args=[analysis.pk])
    response = client.post(url, {"title": "x", "items": "O99"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาเลือกผู้รับผิดชอบ" in body and "ไม่มีข้อ O99" in body
    assert not analysis.measures.exists()


def test_measure_from_library_suggestion(client, world, analysis):
    client.force_login(world.officer)
    url = reverse("improvement:measure_new", args=[analysis.pk]) + "?suggest=risk-assessment"
    form = client.get(url).context["form"]
    assert form.initial["title"].startswith("ประเมินความเสี่ยงการทุจริต")
    assert form.initial["items"] == "O36, O37"  # only the codes of this framework (ita-2562)
    post = {
        "title": form.initial["title"], "steps": form.initial["steps"], "period": "ปี 2566",
        "monitoring": form.initial["monitoring"], "divisions": [world.division.pk],
        "indicators": [10], "items": "O36, O37", "round_months": [6, 12],
    }  # fmt: skip
    assert client.post(url, post).status_code == 302
    measure = analysis.measures.get()
    assert measure.items == ["O36", "O37"] and measure.round_months == [6, 12]


def test_approval_chain_by_role(client, world, analysis):
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    step = lambda user, name, **data: (  # noqa: E731
        client.force_login(user),
        client.post(reverse("improvement:plan_transition", args=[analysis.pk, name]), data),
    )[1]
    assert step(world.executive, "submit").status_code == 404  # executives don't submit
    step(world.officer, "submit")
    analysis.refresh_from_db()
    assert analysis.status == PlanStatus.SUBMITTED
    assert step(world.officer, "approve").status_code == 404  # officers don't approve
    assert step(world.division_head, "approve").status_code == 404
    step(world.executive, "approve")  # refused: the memo's opinions are not given yet
    analysis.refresh_from_db()
    assert analysis.status == PlanStatus.SUBMITTED and not analysis.versions.exists()
    give_chain(world, analysis)
    step(world.executive, "approve")
    analysis.refresh_from_db()
    assert analysis.status == PlanStatus.APPROVED and analysis.decided_by == world.executive
    actions_logged = list(
        AuditEvent.objects.filter(object_type="improvement.analysis", object_id=str(analysis.pk),
                                  action__startswith="plan.")
        .order_by("at", "pk").values_list("action", flat=True)
    )  # fmt: skip
    assert actions_logged == ["plan.submitted", "plan.approved"]


def test_nobody_edits_an_approved_plan_without_returning_it(client, world, approved):
    analysis, mine, _ = approved
    with pytest.raises(actions.PlanError, match="แก้ไขไม่ได้"):
        actions.save_measure(
            acting_user=world.officer,
            analysis=analysis,
            data=measure_input([world.division.pk]),
            measure=mine,
        )
    client.force_login(world.officer)
    response = client.post(
        reverse("improvement:measure_edit", args=[analysis.pk, mine.pk]),
        {"title": "แก้แล้ว", "steps": "x", "period": "y", "monitoring": "z",
         "divisions": [world.division.pk], "round_months": [6]},
    )  # fmt: skip
    assert "ต้องให้ผู้บริหารส่งกลับเพื่อแก้ไขก่อน" in response.content.decode()
    mine.refresh_from_db()
    assert mine.title != "แก้แล้ว"
    client.force_login(world.executive)
    client.post(
        reverse("improvement:plan_transition", args=[analysis.pk, "return"]),
        {"reason": "เพิ่มตัวชี้วัด 7"},
    )
    analysis.refresh_from_db()
    assert analysis.status == PlanStatus.RETURNED and analysis.return_reason == "เพิ่มตัวชี้วัด 7"
    event = AuditEvent.objects.get(action="plan.returned")
    assert event.before == {"status": "approved"} and event.actor == world.executive
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, measure=mine,
        data=measure_input([world.division.pk], title="แก้แล้ว"),
    )  # fmt: skip
    mine.refresh_from_db()
    assert mine.title == "แก้แล้ว"


def test_division_head_reports_only_own_measures(client, world, approved, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, mine, theirs = approved
    client.force_login(world.division_head)
    listed = client.get(reverse("improvement:my_measures")).content.decode()
    assert mine.title in listed and theirs.title not in listed
    assert (
        client.get(reverse("improvement:progress_report", args=[theirs.pk, 6])).status_code == 404
    )
    upload = SimpleUploadedFile(
        "รูปกิจกรรม.pdf", b"%PDF-1.4 evidence", content_type="application/pdf"
    )
    response = client.post(
        reverse("improvement:progress_report", args=[mine.pk, 6]),
        {"status": "in_progress", "percent": "50", "actions": "แต่งตั้งคณะทำงานแล้ว",
         "output": "คำสั่ง 1 ฉบับ", "urls": "https://own.example.go.th/risk-2566", "files": [upload]},
    )  # fmt: skip
    assert response.status_code == 302
    report = ProgressReport.objects.get(measure=mine, round_month=6)
    assert report.revision == 1 and report.submitted_by == world.division_head
    assert report.evidence.count() == 2
    stored = report.evidence.exclude(file="").get()
    assert (tmp_path / stored.file.name).read_bytes().startswith(b"%PDF")
    url = reverse("improvement:evidence_file", args=[stored.pk])
    client.force_login(world.executive)  # anyone of the agency may read the evidence
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")
    client.force_login(world.foreign_officer)
    assert client.get(url).status_code == 404


def test_a_submitted_round_is_frozen_and_corrections_are_revisions(world, approved):
    _, mine, _ = approved
    data = actions.ProgressInput(status="in_progress", percent=40, actions="เริ่มแล้ว")
    first = actions.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6, data=data
    )
    first.actions = "แก้ข้อความเดิม"
    with pytest.raises(ValueError, match="แก้ไขไม่ได้"):
        first.save()
    data.percent, data.actions = 60, "แก้ไข: ดำเนินการแล้วร้อยละ 60"
    second = actions.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6, data=data
    )
    assert (second.revision, second.percent) == (2, 60)
    assert ProgressReport.objects.get(pk=first.pk).actions == "เริ่มแล้ว"
    with pytest.raises(actions.PlanError, match="ไม่มีรอบรายงาน 3 เดือน"):
        actions.report_progress(
            acting_user=world.division_head, measure=mine, round_month=3, data=data
        )


def test_progress_needs_an_approved_plan(world, analysis):
    measure = actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    with pytest.raises(actions.PlanError, match="ได้รับอนุมัติแล้วเท่านั้น"):
        actions.report_progress(
            acting_user=world.officer, measure=measure, round_month=6,
            data=actions.ProgressInput(status="done", percent=100, actions="x"),
        )  # fmt: skip


RISK = "หน่วยงานควรจัดทำการประเมินความเสี่ยงในการทุจริต และการดำเนินการเพื่อจัดการความเสี่ยง"


def test_recommendations_and_copy_warning(client, world, analysis):
    client.force_login(world.officer)
    text = f"O36: {RISK}\nI25 ควรทบทวนนโยบาย"
    client.post(reverse("improvement:recommendations_add", args=[analysis.pk]), {"text": text})
    assert list(analysis.recommendations.values_list("item_code", flat=True)) == ["I25", "O36"]
    bad = client.post(
        reverse("improvement:recommendations_add", args=[analysis.pk]),
        {"text": "ไม่มีรหัส"},
        follow=True,
    )
    assert "ไม่ได้ขึ้นต้นด้วยรหัสข้อ" in bad.content.decode()
    actions.update_analysis(
        acting_user=world.officer, analysis=analysis,
        texts={"overview": RISK},
        findings={},
    )  # fmt: skip
    page = client.get(reverse("improvement:analysis", args=[analysis.pk]))
    assert page.context["copied"] == ["O36"]


def test_comment_themes_appear_from_five_comments(client, world, analysis):
    client.force_login(world.officer)
    url = reverse("improvement:comments_add", args=[analysis.pk])
    client.post(url, {"tool": "EIT", "text": "บริการล่าช้า\nขั้นตอนเยอะ\nรอคิวนาน\nควรเผยแพร่ข้อมูล"})
    assert (
        client.get(reverse("improvement:analysis", args=[analysis.pk])).context["themes"]["EIT"]
        is None
    )
    client.post(url, {"tool": "EIT", "text": "เจ้าหน้าที่บริการดี"})
    themes = client.get(reverse("improvement:analysis", args=[analysis.pk])).context["themes"][
        "EIT"
    ]
    assert themes[0].theme == "การให้บริการและขั้นตอน"


def test_dashboard_query_budget(client, world, approved, django_assert_max_num_queries):
    analysis, *_ = approved
    client.force_login(world.officer)
    with django_assert_max_num_queries(10):
        assert (
            client.get(reverse("improvement:progress_dashboard", args=[analysis.pk])).status_code
            == 200
        )
