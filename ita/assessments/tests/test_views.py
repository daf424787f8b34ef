"""Results pages: who sees what (every URL × every persona), what the pages show, and the
query budgets of list pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import SEED_001_2566, SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.assessments.models import Assessment
from ita.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(world):
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2564,
        indicator_scores={n: Decimal("90") for n in range(1, 11)},
    )  # fmt: skip
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2565,
        indicator_scores=decimals(SEED_002_2565),
    )  # fmt: skip
    record_result(
        acting_user=world.foreign_officer, agency=world.foreign, fiscal_year=2566,
        indicator_scores=decimals(SEED_001_2566),
    )  # fmt: skip
    return world


def urls_of(agency):
    return [
        reverse("agency_detail", args=[agency.pk]),
        reverse("result_detail", args=[agency.pk, 2565]),
    ]


READERS = ["officer", "division_head", "executive", "coordinator", "assessor", "national"]


@pytest.mark.parametrize("persona", READERS)
def test_own_agency_pages_are_visible_to_its_people(client, results, persona):
    client.force_login(getattr(results, persona))
    for url in urls_of(results.own):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["foreign_officer", "nobody"])
def test_foreign_agency_pages_answer_404(client, results, persona):
    client.force_login(getattr(results, persona))
    for url in [*urls_of(results.own), reverse("result_edit", args=[results.own.pk])]:
        assert client.get(url).status_code == 404, url


def test_missing_and_foreign_look_the_same(client, results):
    client.force_login(results.officer)
    missing = client.get(reverse("agency_detail", args=[999999]))
    foreign = client.get(reverse("agency_detail", args=[results.foreign.pk]))
    assert missing.status_code == foreign.status_code == 404


def test_anonymous_is_sent_to_login(client, results):
    for url in [reverse("home"), *urls_of(results.own), reverse("what_if")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer", 200), ("coordinator", 200), ("national", 200), ("division_head", 404),
     ("executive", 404), ("assessor", 404)],
)  # fmt: skip
def test_only_writers_may_open_the_result_form(client, results, persona, status):
    client.force_login(getattr(results, persona))
    assert client.get(reverse("result_edit", args=[results.own.pk])).status_code == status


def test_agency_list_shows_only_visible_agencies(client, results):
    client.force_login(results.officer)
    body = client.get(reverse("home")).content.decode()
    assert results.own.name in body and results.foreign.name not in body
    client.force_login(results.coordinator)
    body = client.get(reverse("home")).content.decode()
    assert results.own.name in body and results.neighbour.name in body
    assert results.foreign.name not in body


def test_agency_list_query_budget(client, results, django_assert_max_num_queries):
    from ita.agencies.models import Agency, AgencyType

    for i in range(30):
        Agency.objects.create(
            code=f"X{i}", name=f"อบต.ทดสอบ {i}", agency_type=AgencyType.SAO,
            province=results.province,
        )  # fmt: skip
    client.force_login(results.coordinator)
    # session + user + memberships + count + page + the declared years among the page's latest
    # (provisional notices): independent of the number of agencies
    with django_assert_max_num_queries(7):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.content.decode().count("อบต.ทดสอบ") == 30


def test_result_page_shows_total_level_strengths_and_change(client, results):
    client.force_login(results.officer)
    response = client.get(reverse("result_detail", args=[results.own.pk, 2565]))
    body = response.content.decode()
    assert 'data-testid="total">71.03<' in body
    assert 'data-testid="level">C<' in body
    assert "−18.97" in body  # 90.00 in 2564 → 71.03
    weak = [r.number for r in response.context["weaknesses"]]
    assert weak == [10, 8, 5, 7, 4, 3, 2, 6]
    assert [r.number for r in response.context["strengths"]] == [9, 1]
    charts = response.context["charts"]
    assert charts["history"]["labels"] == ["2564", "2565"]
    assert charts["tools"]["values"] == [77.38, 74.38, 63.75]


def test_result_detail_query_budget(client, results, django_assert_max_num_queries):
    client.force_login(results.officer)
    # 12 for the result, + revisions and the timeline (plans, OIT reviews, events): constant
    with django_assert_max_num_queries(16):
        assert client.get(reverse("result_detail", args=[results.own.pk, 2565])).status_code == 200


def test_officer_enters_a_result_with_thai_digits(client, results):
    client.force_login(results.officer)
    data = {"fiscal_year": "๒๕๖๖"} | {
        f"i{n}": v.replace(".", ".") for n, v in SEED_001_2566.items()
    }
    data["i1"] = "๑๐๐"
    response = client.post(reverse("result_edit", args=[results.own.pk]), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(agency=results.own, fiscal_year=2566)
    assert (assessment.total, assessment.level_code, assessment.level_label) == (
        Decimal("89.55"), "PASS", "ผ่าน",
    )  # fmt: skip
    event = AuditEvent.objects.filter(object_id=str(assessment.pk)).latest("at")
    assert event.actor == results.officer and event.after["total"] == "89.55"


def test_bad_form_input_changes_nothing(client, results):
    client.force_login(results.officer)
    before = (Assessment.objects.count(), AuditEvent.objects.count())
    data = {"fiscal_year": "2565"} | {f"i{n}": "80" for n in range(1, 11)}
    data |= {"i3": "120", "i5": "abc"}
    response = client.post(reverse("result_edit", args=[results.own.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in body and "กรุณากรอกตัวเลข" in body
    assert (Assessment.objects.count(), AuditEvent.objects.count()) == before
    assert Assessment.objects.get(agency=results.own, fiscal_year=2565).total == Decimal("71.03")


def test_result_from_oit_verdicts(client, results):
    client.force_login(results.officer)
    data = {"fiscal_year": "2564", "use_verdicts": "on", "rejected_items": ["O36", "O37"]}
    data |= {f"i{n}": "90" for n in range(1, 9)}
    url = reverse("result_edit", args=[results.own.pk])
    assert client.post(url, data).status_code == 200  # FY 2564 exists: the preview first
    response = client.post(url, data | {"confirm": "1", "base_revision": "1"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(agency=results.own, fiscal_year=2564)
    scores = {s.indicator.number: s.score for s in assessment.scores.select_related("indicator")}
    assert scores[9] == Decimal("100.00") and scores[10] == Decimal("87.50")
    assert assessment.oit == Decimal("93.75")


def test_form_entry_over_a_recorded_result_previews_then_confirms(client, results):
    client.force_login(results.officer)
    url = reverse("result_edit", args=[results.own.pk])
    data = {"fiscal_year": "2565"} | {f"i{n}": v for n, v in SEED_002_2565.items()}
    data["i10"] = "57.50"
    events = AuditEvent.objects.count()

    preview = client.post(url, data)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert 'data-testid="changes"' in body and "37.50" in body and "57.50" in body
    assert "71.03" in body  # the old total, beside the new
    assessment = Assessment.objects.get(agency=results.own, fiscal_year=2565)
    assert assessment.total == Decimal("71.03") and AuditEvent.objects.count() == events
    assert assessment.revisions.count() == 1

    back = client.post(url, data | {"back": "1"})  # back to the form, values kept, nothing saved
    assert back.status_code == 200 and 'value="57.50"' in back.content.decode()

    stale = client.post(url, data | {"confirm": "1", "base_revision": "0"})
    assert stale.status_code == 409 and "ถูกแก้ไขหลังจากแสดงตัวอย่าง" in stale.content.decode()
    for garbage in ("x'; --", "²", "9" * 5000):
        response = client.post(url, data | {"confirm": "1", "base_revision": garbage})
        assert response.status_code == 409
    assert Assessment.objects.get(pk=assessment.pk).total == Decimal("71.03")

    done = client.post(url, data | {"confirm": "1", "base_revision": "1"})
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.total == Decimal("75.03")
    assert list(assessment.revisions.values_list("number", "via")) == [(2, "form"), (1, "system")]
    event = AuditEvent.objects.get(action="assessment.changed", object_id=str(assessment.pk))
    assert (
        event.before["indicators"]["10"] == "37.50" and event.after["indicators"]["10"] == "57.50"
    )

    same = client.post(url, data)  # the same scores again: no preview, no revision
    assert same.status_code == 302 and assessment.revisions.count() == 2


@pytest.mark.usefixtures("approved")
def test_preview_warns_when_the_result_is_behind_an_approved_plan(client, world):
    client.force_login(world.officer)
    data = {"fiscal_year": "2565"} | {f"i{n}": "90" for n in range(1, 11)}
    response = client.post(reverse("result_edit", args=[world.own.pk]), data)
    assert 'data-testid="approved-plan-note"' in response.content.decode()


@pytest.mark.usefixtures("approved")
def test_result_page_shows_revisions_and_the_timeline(client, world):
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2565,
        indicator_scores=decimals(SEED_002_2565) | {10: Decimal("57.50")}, via="form",
    )  # fmt: skip
    client.force_login(world.division_head)
    response = client.get(reverse("result_detail", args=[world.own.pk, 2565]))
    body = response.content.decode()
    revisions = body[body.index('data-testid="revisions"') :]
    assert "กรอกในแบบฟอร์ม" in revisions and "71.03" in revisions and "75.03" in revisions
    entries = [e.label for e in response.context["timeline"]]
    assert entries == [
        "บันทึกผลการประเมิน",
        "เริ่มวิเคราะห์ผลการประเมิน",
        "เสนอแผนมาตรการขออนุมัติ",
        "ผู้บริหารอนุมัติมาตรการ",
        "เก็บเอกสารฉบับที่อนุมัติ",
        "แก้ไขผลการประเมิน",
    ]
    last = response.context["timeline"][-1]
    assert last.detail == "คะแนนรวม 71.03 → 75.03 (ฉบับที่ 2)" and last.actor == "officer"
    year = str(response.context["timeline"][0].at.year + 543)
    assert year in body[body.index('data-testid="timeline"') :]  # Buddhist-era dates


def test_what_if_page_and_partial(client, results):
    client.force_login(results.officer)
    url = reverse("what_if")
    params = {"fiscal_year": "2565"} | {f"i{n}": v for n, v in SEED_002_2565.items()}
    body = client.get(url, params).content.decode()
    assert 'data-testid="whatif-total">71.03<' in body
    params["i10"] = "57.33"  # +19.83 in indicator 10 reaches B (see test_whatif)
    partial = client.get(url, params, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert 'data-testid="whatif-level">B<' in partial


def test_what_if_prefills_from_an_agency_result(client, results):
    client.force_login(results.officer)
    body = client.get(reverse("what_if"), {"agency": results.own.pk, "year": 2565}).content
    assert 'data-testid="whatif-total">71.03<' in body.decode()
    client.force_login(results.foreign_officer)
    response = client.get(reverse("what_if"), {"agency": results.own.pk, "year": 2565})
    assert response.status_code == 404
