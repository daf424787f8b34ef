"""Every endpoint, anonymously and with a token: what each may read (issue 13)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from ita.api.tests.conftest import OWN, bearer

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def get(client, path, token=None, **params):
    response = client.get(BASE + path, params, **(bearer(token) if token else {}))
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def test_agencies_list_filters_and_pages(api, world, private):
    body = get(api, "/agencies/").json()
    assert body["count"] == 3
    codes = [a["code"] for a in body["items"]]
    assert sorted(codes) == ["T-FOREIGN", "T-NEIGHBOUR", "T-OWN"]
    own = next(a for a in body["items"] if a["code"] == OWN)
    assert own["latest_published_result"] == {"fiscal_year": 2565, "total": 71.03, "level": "C"}
    assert own["province"] == {"code": world.province.code, "name": "แม่ฮ่องสอน"}
    by_province = get(api, "/agencies/", province=world.province.code).json()
    assert {a["code"] for a in by_province["items"]} == {OWN, "T-NEIGHBOUR"}
    assert get(api, "/agencies/", type="sao").json()["items"][0]["code"] == "T-NEIGHBOUR"
    assert get(api, "/agencies/", q="ทดสอบ").json()["count"] == 1
    assert get(api, "/agencies/", province="nowhere").json() == {"items": [], "count": 0}
    # a stable order (province, name, id): the pages add up to the whole list, once each
    pages = [get(api, "/agencies/", limit=1, offset=n).json() for n in range(3)]
    assert [p["items"][0]["code"] for p in pages] == codes and pages[0]["count"] == 3


def test_agency_detail(api, tokens, world, private):
    anonymous = get(api, f"/agencies/{OWN}").json()
    assert anonymous["name"] == "เทศบาลเมืองทดสอบ" and anonymous["agency_type"] == "town"
    assert get(api, f"/agencies/{OWN}", tokens["officer"]).json() == anonymous
    missing = get(api, "/agencies/NO-SUCH")
    assert missing.status_code == 404 and missing.json()["detail"] == "ไม่พบหน่วยงาน"


def test_frameworks(api, tokens):
    listed = get(api, "/frameworks/").json()
    codes = [f["code"] for f in listed["items"]]
    assert "ita-2565" in codes or any(c.startswith("ita-") for c in codes)
    code = codes[0]
    detail = get(api, f"/frameworks/{code}", tokens["officer"]).json()
    assert [t["code"] for t in detail["tools"]] == ["IIT", "EIT", "OIT"]
    assert sum(t["weight"] for t in detail["tools"]) == pytest.approx(1.0)
    assert len(detail["indicators"]) == 10
    assert all(i["items"] for i in detail["indicators"])
    assert detail["levels"]
    assert get(api, "/frameworks/nope").status_code == 404


def test_results_anonymous_only_published(api, private):
    body = get(api, f"/agencies/{OWN}/results").json()
    assert [r["fiscal_year"] for r in body["items"]] == [2565]
    result = get(api, f"/agencies/{OWN}/results/2565").json()
    assert result["total"] == 71.03 and result["level"] == "C" and result["published"]
    assert result["indicators"][9] == {"number": 10, "score": 37.5}
    assert result["tools"] == {"IIT": pytest.approx(77.38, abs=0.01), "EIT": 74.38, "OIT": 63.75}
    assert get(api, f"/agencies/{OWN}/results/2564").status_code == 404


def test_results_with_a_token_every_official_year(api, tokens, private):
    body = get(api, f"/agencies/{OWN}/results", tokens["officer"]).json()
    assert [(r["fiscal_year"], r["published"]) for r in body["items"]] == [
        (2565, True),
        (2564, False),
    ]
    assert get(api, f"/agencies/{OWN}/results/2564", tokens["officer"]).json()["total"] == 88.0


def test_survey_progress_counts_only(api, tokens, wave):
    assert get(api, f"/agencies/{OWN}/surveys").status_code == 401
    body = get(api, f"/agencies/{OWN}/surveys", tokens["officer"]).json()
    (row,) = body["items"]
    assert row["tool"] == "EIT" and row["received"] == 3 and row["stored"] == 0
    assert row["needed"] == wave.min_responses and row["percent"] == 3 * 100 // wave.min_responses
    assert set(row) == {"tool", "fiscal_year", "status", "starts_on", "ends_on", "needed",
                        "received", "stored", "percent", "reached"}  # fmt: skip
    assert get(api, f"/agencies/{OWN}/surveys", tokens["officer"], year=2560).json()["count"] == 0


def test_disclosure_anonymous_is_the_published_page(api, tokens, private):
    years = get(api, f"/agencies/{OWN}/disclosure").json()
    assert years["items"] == [{"fiscal_year": 2566, "framework": years["items"][0]["framework"],
                               "published": True}]  # fmt: skip
    page = get(api, f"/agencies/{OWN}/disclosure/2566").json()
    o1 = next(i for i in page["items"] if i["code"] == "O1")
    assert o1["links"] == ["https://own.example.go.th/structure"]
    assert o1["public_status"] == "disclosed" and o1["public_status_label"] == "เปิดเผยแล้ว"
    o2 = next(i for i in page["items"] if i["code"] == "O2")
    assert o2["links"] == [] and o2["public_status_label"] == "อยู่ระหว่างจัดทำ"
    assert o1["status"] is None and o1["explanation"] is None and o1["division"] is None
    mine = get(api, f"/agencies/{OWN}/disclosure/2566", tokens["officer"]).json()
    o1 = next(i for i in mine["items"] if i["code"] == "O1")
    assert o1["status"] == "in_progress" and o1["status_label"] and o1["explanation"] == ""
    assert [i["code"] for i in mine["items"]] == [i["code"] for i in page["items"]]


def test_disclosure_unpublished_is_404_anonymously(api, tokens, everything):
    assert get(api, f"/agencies/{OWN}/disclosure").json()["count"] == 0
    assert get(api, f"/agencies/{OWN}/disclosure/2566").status_code == 404
    assert get(api, f"/agencies/{OWN}/disclosure/2566", tokens["officer"]).status_code == 200


def test_analyses(api, tokens, private):
    listed = get(api, f"/agencies/{OWN}/analyses").json()["items"]
    assert listed == [{"fiscal_year": 2565, "status": "approved", "version": 1,
                       "published": True, "measures": 2}]  # fmt: skip
    detail = get(api, f"/agencies/{OWN}/analyses/2565").json()
    assert [m["title"] for m in detail["measure_list"]] == ["ประเมินความเสี่ยงการทุจริต", "ปรับปรุงเว็บไซต์"]
    assert detail["measure_list"][0]["divisions"] == ["กองคลัง"]
    mine = get(api, f"/agencies/{OWN}/analyses/2565", tokens["officer"]).json()
    assert mine["measure_list"] == detail["measure_list"] and mine["published"]
    assert get(api, f"/agencies/{OWN}/analyses/2564").status_code == 404


def test_progress_rounds(api, tokens, private):
    published = get(api, f"/agencies/{OWN}/analyses/2565/progress").json()["items"]
    (round6,) = published
    assert round6["round_month"] == 6 and round6["published"] and round6["as_of"]
    (row,) = round6["measures"]
    assert row["title"] == "ประเมินความเสี่ยงการทุจริต" and row["percent"] == 40
    live = get(api, f"/agencies/{OWN}/analyses/2565/progress", tokens["officer"]).json()["items"]
    assert live[0]["measures"][0]["actions"] == "แต่งตั้งคณะทำงานแล้ว"
    assert live[0]["as_of"] is None


def test_a_division_head_reads_progress_of_their_own_measures_only(api, world, tokens, private):
    from ita.improvement import actions as improvement

    analysis, mine = private
    theirs = analysis.measures.exclude(pk=mine.pk).get()
    improvement.report_progress(
        acting_user=world.officer, measure=theirs, round_month=6,
        data=improvement.ProgressInput(status="in_progress", percent=10, actions="ของกองช่าง"),
    )  # fmt: skip
    officer = get(api, f"/agencies/{OWN}/analyses/2565/progress", tokens["officer"]).json()
    assert len(officer["items"][0]["measures"]) == 2
    head = get(api, f"/agencies/{OWN}/analyses/2565/progress", tokens["division_head"]).json()
    assert [m["title"] for m in head["items"][0]["measures"]] == ["ประเมินความเสี่ยงการทุจริต"]


def _queries(path, client, token) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert get(client, path, token, limit=100).status_code == 200
    return len(captured)


def test_lists_keep_their_query_budget(api, world, tokens, private, django_assert_max_num_queries):
    from ita.agencies.models import Agency

    _queries("/agencies/", api, tokens["officer"])  # the token's last use is written once
    few = _queries("/agencies/", api, tokens["officer"])
    for n in range(30):
        Agency.objects.create(
            code=f"T-MORE-{n}", name=f"อบต.ที่ {n}", agency_type="sao", province=world.province
        )
    paths = ["/agencies/", "/frameworks/", f"/agencies/{OWN}/results",
             f"/agencies/{OWN}/surveys", f"/agencies/{OWN}/disclosure",
             f"/agencies/{OWN}/analyses", f"/agencies/{OWN}/analyses/2565/progress"]  # fmt: skip
    assert _queries("/agencies/", api, tokens["officer"]) == few  # not one per agency
    for path in paths:
        with django_assert_max_num_queries(12):
            assert get(api, path, tokens["officer"], limit=100).status_code == 200, path


def test_survey_progress_never_carries_an_answer_or_a_time(api, world, tokens, wave):
    import uuid

    from ita.surveys import actions as surveys
    from ita.surveys.questionnaire import read_answers
    from ita.surveys.tests.conftest import pattern_answers, questionnaire

    form = questionnaire(wave)
    for _ in range(10):  # past k: a batch is mixed into the stored answers and tallies
        surveys.submit_response(
            wave=wave, questionnaire=form, answers=read_answers(form, pattern_answers(form, "low")),
            client_id=uuid.uuid4(), comment="ข้อความลับของผู้ตอบ",
        )  # fmt: skip
    body = get(api, f"/agencies/{OWN}/surveys", tokens["officer"]).content.decode()
    (row,) = json.loads(body)["items"]
    assert row["received"] == 13 and row["stored"] >= 10
    assert "ข้อความลับ" not in body and "client_id" not in body and "submitted_on" not in body
    assert str(timezone.localdate()) not in body.replace(row["starts_on"], "")
