"""The current year on the results pages (issue 9): the score entry offers exactly the years
with a framework (FY 2570 declared to use ita-2569, 2568 and 2569 with their own), a result for
the declared year is stored and scored with ita-2569, and every officer page of that year says
the framework is provisional."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ita.assessments.actions import record_result
from ita.assessments.models import Assessment, ResultImport
from ita.frameworks import years
from ita.frameworks.models import DeclaredYear, Framework

pytestmark = pytest.mark.django_db
NOTICE = "ยังไม่มีกรอบการประเมินของสำนักงาน ป.ป.ช. ที่เผยแพร่แล้ว"


def _options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def _selected(page: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1)).group(1)


def _warnings(page: str) -> list[str]:
    return re.findall(r'<div class="alert alert-warning[^"]*"[^>]*>(.*?)</div>', page, re.S)


def _entry(year, score="90", **extra) -> dict:
    return {"fiscal_year": year} | {f"i{n}": score for n in range(1, 11)} | extra


def test_score_entry_offers_exactly_the_years_with_a_framework(client, world):
    client.force_login(world.officer)
    page = client.get(reverse("result_edit", args=[world.own.pk])).content.decode()
    options = _options(page, "fiscal_year")
    assert [int(v) for v, _ in options] == list(range(2570, 2561, -1))
    assert ("2570", "2570 (กรอบชั่วคราว)") in options and ("2569", "2569") in options
    assert ("2568", "2568") in options
    assert _selected(page, "fiscal_year") == str(years.default_year())
    links = re.findall(r'href="\?year=(\d+)"', page)
    assert links == [v for v, _ in options]  # the framework switch offers the same years


def test_score_entry_for_the_declared_year_stores_ita_2569_and_says_provisional(client, world):
    client.force_login(world.officer)
    url = reverse("result_edit", args=[world.own.pk])
    page = client.get(url, {"year": "2570"}).content.decode()
    assert any(NOTICE in w and "ชั่วคราว" in w for w in _warnings(page))
    response = client.post(url, _entry("๒๕๗๐", use_verdicts="on", rejected_items=["O25"]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = Assessment.objects.get(agency=world.own, fiscal_year=2570)
    assert assessment.framework.code == "ita-2569"
    # 2569's own item codes: indicator 10 = O20–O26, so O25 refused gives 6/7
    scores = {s.indicator.number: s.score for s in assessment.scores.select_related("indicator")}
    assert (scores[9], scores[10]) == (Decimal("100.00"), Decimal("85.71"))
    assert assessment.level_label == "ผ่าน"


def test_a_year_of_another_framework_is_not_scored_with_this_one(client, world):
    client.force_login(world.officer)
    url = reverse("result_edit", args=[world.own.pk]) + "?year=2570"
    # the page shows ita-2569's OIT items; O36 belongs to the 2562 and 2566 lists only
    response = client.post(url, _entry("2570", use_verdicts="on", rejected_items=["O36"]))
    assert response.status_code == 200
    assert not Assessment.objects.filter(fiscal_year=2570).exists()


@pytest.mark.parametrize("typed", ["2571", "๒๕๕๐", "ปี 70", "²⁵⁷⁰"])
def test_a_year_without_a_framework_gets_a_thai_message(client, world, typed):
    client.force_login(world.officer)
    response = client.post(reverse("result_edit", args=[world.own.pk]), _entry(typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ปีงบประมาณ" in page and 'class="invalid-feedback' in page
    assert re.search(r"ยังไม่มีกรอบการประเมิน|กรุณาเลือกปีงบประมาณ", page)
    assert not Assessment.objects.exists()


def test_asking_for_a_year_without_a_framework_shows_the_default_with_a_thai_warning(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("result_edit", args=[world.own.pk]), {"year": "2571"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ปีงบประมาณ 2571 ยังไม่มีกรอบการประเมิน" in page
    assert _selected(page, "fiscal_year") == str(years.default_year())


@pytest.fixture
def provisional_result(world):
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2569,
        indicator_scores={n: Decimal("88") for n in range(1, 11)},
    )  # fmt: skip
    return record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2570,
        indicator_scores={n: Decimal("90") for n in range(1, 11)},
    )  # fmt: skip


def test_the_result_page_of_a_declared_year_says_provisional(client, world, provisional_result):
    assert provisional_result.framework.code == "ita-2569"
    client.force_login(world.executive)
    page = client.get(reverse("result_detail", args=[world.own.pk, 2570])).content.decode()
    notices = [w for w in _warnings(page) if NOTICE in w]
    assert len(notices) == 1 and "ชั่วคราว" in notices[0] and "2570" in notices[0]
    assert "กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2569" in notices[0]
    own_year = client.get(reverse("result_detail", args=[world.own.pk, 2569])).content.decode()
    assert NOTICE not in own_year and "ชั่วคราว" not in own_year


def test_the_agency_results_list_says_which_year_is_provisional(client, world, provisional_result):
    client.force_login(world.officer)
    page = client.get(reverse("agency_detail", args=[world.own.pk])).content.decode()
    assert any(NOTICE in w and "2570" in w for w in _warnings(page))
    rows = re.findall(r"<tr><td><a [^>]*>พ\.ศ\. (\d+)</a>(.*?)</td>", page, re.S)
    assert [(y, "ชั่วคราว" in rest) for y, rest in rows] == [("2570", True), ("2569", False)]


def test_once_the_year_has_its_own_framework_the_notice_goes(client, world, provisional_result):
    DeclaredYear.objects.all().delete()
    framework = Framework.objects.get(code="ita-2569")
    framework.fiscal_year_to = 2570
    framework.save()
    client.force_login(world.officer)
    for url in (
        reverse("result_detail", args=[world.own.pk, 2570]),
        reverse("agency_detail", args=[world.own.pk]),
        reverse("result_edit", args=[world.own.pk]) + "?year=2570",
    ):
        assert "ชั่วคราว" not in client.get(url).content.decode(), url


def test_result_pages_of_a_declared_year_keep_their_query_budget(
    client, world, provisional_result, django_assert_max_num_queries
):
    client.force_login(world.officer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("result_detail", args=[world.own.pk, 2570])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("agency_detail", args=[world.own.pk])).status_code == 200


def test_an_import_row_for_the_declared_year_is_scored_with_its_framework(world):
    from ita.assessments.importing import import_results

    header = ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "ปีงบประมาณ"] + [f"ตัวชี้วัดที่ {n}" for n in range(1, 11)]
    rows = [header, ["T-OWN", "", "๒๕๗๐", *["90"] * 10], ["T-OWN", "", "2569", *["80"] * 10]]
    content = ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode("utf-8-sig")
    outcome = import_results(acting_user=world.officer, filename="ผล.csv", content=content)
    assert outcome.ok, outcome.errors
    stored = dict(Assessment.objects.values_list("fiscal_year", "framework__code"))
    assert stored == {2570: "ita-2569", 2569: "ita-2569"}
    rows[1][2] = "2571"
    content = ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode("utf-8-sig")
    outcome = import_results(acting_user=world.officer, filename="ผล.csv", content=content)
    assert not outcome.ok
    assert "ยังไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2571" in outcome.errors[0].message
    assert "2570" in outcome.errors[0].message  # the years it has, the declared one too


def test_what_if_for_the_declared_year_uses_its_framework_and_says_provisional(client, world):
    client.force_login(world.officer)
    params = {"fiscal_year": "2570"} | {f"i{n}": "90" for n in range(1, 11)}
    response = client.get(reverse("what_if"), params)
    page = response.content.decode()
    assert response.context["spec"].code == "ita-2569"
    assert 'data-testid="whatif-total">90.00<' in page
    assert any(NOTICE in w for w in _warnings(page))
    assert _selected(page, "fiscal_year") == "2570"
    own = client.get(reverse("what_if"), params | {"fiscal_year": "2569"}).content.decode()
    assert NOTICE not in own


def test_the_agency_list_marks_a_latest_year_that_is_provisional(
    client, world, provisional_result, django_assert_max_num_queries
):
    client.force_login(world.officer)
    # the list's 7, + the one declared year's framework and declaration (its notice)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("home")).content.decode()
    assert any(NOTICE in w and "2570" in w for w in _warnings(page))
    row = re.search(r"<tr>\s*<td><a [^>]*>เทศบาลเมืองทดสอบ</a>.*?</tr>", page, re.S).group(0)
    assert "2570" in row and "กรอบชั่วคราว" in row


def test_importing_the_declared_year_says_provisional(client, world, provisional_result):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "ปีงบประมาณ"] + [f"ตัวชี้วัดที่ {n}" for n in range(1, 11)]

    def upload(score: str):
        rows = [header, ["T-OWN", "", "2570", *[score] * 10]]
        content = ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode("utf-8-sig")
        file = SimpleUploadedFile("ผล.csv", content, content_type="text/csv")
        return client.post(reverse("import_results"), {"file": file}, follow=True)

    client.force_login(world.officer)
    page = upload("80").content.decode()  # changes the recorded 2570 result: a preview first
    assert 'data-testid="import-preview"' in page
    assert any(NOTICE in w and "2570" in w for w in _warnings(page))
    client.post(reverse("import_cancel", args=[ResultImport.objects.get().pk]))
    Assessment.objects.filter(fiscal_year=2570).delete()
    page = upload("80").content.decode()  # a new result: imported at once, then said
    assert "นำเข้าผลการประเมินแล้ว 1 รายการ" in page
    assert any(NOTICE in w and "2570" in w for w in _warnings(page))


@pytest.mark.parametrize(("year", "ok"), [("2570", True), ("2569", True), ("2568", False)])
def test_the_entry_form_takes_the_years_its_framework_governs(year, ok):
    from ita.assessments.forms import ResultForm

    form = ResultForm(_entry(year), spec=Framework.objects.get(code="ita-2569").spec)
    assert form.is_valid() is ok, form.errors
    if not ok:
        (message,) = form.errors["fiscal_year"]
        assert message.startswith("ปีงบประมาณ 2568 ใช้กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2568")
