"""The public portal (issue 13): no login, only what the agency published, 404 like missing
for the rest; the publication decision is the officer's, audited; a published O43 is frozen."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ita.audit.models import AuditEvent
from ita.public import actions
from ita.public.models import Publication
from ita.public.tests.conftest import OIT_YEAR, YEAR, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def thai_afterwards():
    """The locale middleware leaves the last request's language active in the thread: code
    called directly by the next tests would answer in English."""
    yield
    translation.deactivate()


def directive(policy: str, name: str) -> str:
    values = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return values[name]


def anon() -> Client:
    return Client()


def test_nothing_is_public_until_the_agency_publishes_it(world, everything):
    code = world.own.code
    c = anon()
    page = c.get(reverse("public:agency", args=[code]))
    assert page.status_code == 200
    assert "ยังไม่ได้เผยแพร่ข้อมูล" in page.content.decode()
    for url in (
        reverse("public:result", args=[code, YEAR]),
        reverse("public:document", args=[code, YEAR, "o42", "docx"]),
        reverse("public:document", args=[code, YEAR, "memo", "docx"]),
        reverse("public:o43", args=[code, YEAR, 6, "docx"]),
        reverse("public:disclosure", args=[code, OIT_YEAR]),
        reverse("public:disclosure_embed", args=[code, OIT_YEAR]),
        reverse("public:data_file", args=[YEAR, "csv"]),
        reverse("public:datapackage", args=[YEAR]),
    ):
        assert c.get(url).status_code == 404, url
    # …exactly like something that does not exist at all
    missing = c.get(reverse("public:result", args=["NO-SUCH", YEAR]))
    assert missing.status_code == 404
    assert c.get(reverse("public:result", args=[code, 2599])).status_code == 404


def test_published_things_open_for_anyone(world, published):
    code, c = world.own.code, anon()
    page = c.get(reverse("public:agency", args=[code])).content.decode()
    assert "ดูผลการประเมิน" in page
    result = c.get(reverse("public:result", args=[code, YEAR]))
    assert result.status_code == 200
    assessment = world.own.results.get(fiscal_year=YEAR)
    assert result.context["point"].total == assessment.total
    for url in (
        reverse("public:document", args=[code, YEAR, "o42", "docx"]),
        reverse("public:document", args=[code, YEAR, "memo", "docx"]),
        reverse("public:o43", args=[code, YEAR, 6, "docx"]),
    ):
        response = c.get(url)
        assert response.status_code == 200, url
        assert response.content[:2] == b"PK"
        assert "attachment" in response["Content-Disposition"]
    assert c.get(reverse("public:o43", args=[code, YEAR, 12, "docx"])).status_code == 404
    assert c.get(reverse("public:document", args=[code, YEAR, "o43", "docx"])).status_code == 404


def test_an_unpublished_year_never_shows_not_even_in_the_history_chart(world, published):
    """FY 2564 is recorded but not published: 404, and absent from FY 2565's charts."""
    code, c = world.own.code, anon()
    assert c.get(reverse("public:result", args=[code, 2564])).status_code == 404
    charts = c.get(reverse("public:result", args=[code, YEAR])).context["charts"]
    assert charts["history"]["labels"] == [str(YEAR)]
    assert all(v is None for v in charts["indicators"]["previous"])  # no "last year" column
    assert c.get(reverse("public:agency", args=[code])).context["charts"] is None  # one year
    # FY 2563 published too: the history has two points, around the unpublished 2564
    from ita.assessments.actions import record_result

    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2563,
                  indicator_scores={n: Decimal("60") for n in range(1, 11)})  # fmt: skip
    publish(world, "result", 2563)
    agency_charts = c.get(reverse("public:agency", args=[code])).context["charts"]
    assert agency_charts["history"]["labels"] == ["2563", str(YEAR)]
    result = c.get(reverse("public:result", args=[code, YEAR]))
    assert result.context["charts"]["history"]["labels"] == ["2563", str(YEAR)]
    assert result.context["previous"] is None  # the year before is 2564, not published


def test_publishing_and_withdrawing_are_audited(world, everything):
    before = AuditEvent.objects.count()
    publication = publish(world, "result", YEAR)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.agency) == ("public.publish", world.officer, world.own)
    assert event.after["fiscal_year"] == YEAR
    actions.unpublish(acting_user=world.officer, agency=world.own, kind="result", fiscal_year=YEAR)
    assert not Publication.objects.filter(pk=publication.pk).exists()
    event = AuditEvent.objects.latest("pk")
    assert event.action == "public.unpublish" and event.before["kind"] == "result"
    assert AuditEvent.objects.count() == before + 2
    assert anon().get(reverse("public:result", args=[world.own.code, YEAR])).status_code == 404


def test_what_cannot_be_published_is_refused_in_thai_and_writes_nothing(world, everything):
    rows = Publication.objects.count(), AuditEvent.objects.count()
    cases = [
        ("result", 2560, {}, "ยังไม่มีผลการประเมิน"),
        ("disclosure", 2560, {}, "ยังไม่ได้เริ่มรายการตรวจ OIT"),
        ("o42", 2560, {}, "ยังไม่มีการวิเคราะห์"),
        ("o43", YEAR, {"round_month": 9}, "ไม่มีรอบรายงานนี้"),
        ("memo", YEAR, {"version_number": 7}, "เผยแพร่ได้เฉพาะฉบับที่ผู้บริหารอนุมัติแล้ว"),
        ("secret", YEAR, {}, "ไม่รู้จัก"),
    ]
    for kind, year, kw, message in cases:
        with pytest.raises(actions.PublicationError, match=message):
            publish(world, kind, year, **kw)
    with pytest.raises(actions.PublicationError, match="ยังไม่ได้เผยแพร่"):
        actions.unpublish(acting_user=world.officer, agency=world.own, kind="o42", fiscal_year=YEAR)
    assert (Publication.objects.count(), AuditEvent.objects.count()) == rows


def test_a_published_o43_round_is_frozen(world, published):
    """A progress edit after publication changes the live report, not the published file."""
    from ita.documents.builders import build_o43
    from ita.improvement import actions as improvement

    analysis, mine = published
    url = reverse("public:o43", args=[world.own.code, YEAR, 6, "docx"])
    first = _docx_text(anon().get(url).content)
    assert "แต่งตั้งคณะทำงานแล้ว" in first
    improvement.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6,
        data=improvement.ProgressInput(status="done", percent=100, actions="จัดอบรมครบทุกกองแล้ว"),
    )  # fmt: skip
    live = build_o43(analysis, round_month=6)
    assert "จัดอบรมครบทุกกองแล้ว" in str(live.blocks)
    again = _docx_text(anon().get(url).content)
    assert again == first
    assert "จัดอบรมครบทุกกองแล้ว" not in again
    # re-publishing is a new, explicit decision that refreezes the round
    publish(world, "o43", YEAR, round_month=6)
    assert "จัดอบรมครบทุกกองแล้ว" in _docx_text(anon().get(url).content)


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_a_newer_approved_version_is_not_public_until_published(world, published):
    """The published memo is the version named in the decision; a later approval does not
    replace it silently."""
    from ita.improvement import actions as improvement
    from ita.improvement.tests.fixtures import give_chain

    analysis, _ = published
    improvement.start_revision(acting_user=world.officer, analysis=analysis)
    analysis.refresh_from_db()
    analysis.memo_number = "มส 0001/2566"
    analysis.save(update_fields=["memo_number"])
    improvement.submit_plan(acting_user=world.officer, analysis=analysis)
    give_chain(world, analysis)
    improvement.approve_plan(acting_user=world.executive, analysis=analysis)
    assert analysis.versions.count() == 2
    response = anon().get(reverse("public:document", args=[world.own.code, YEAR, "memo", "docx"]))
    assert "-v1.docx" in response["Content-Disposition"]
    publish(world, "memo", YEAR)
    response = anon().get(reverse("public:document", args=[world.own.code, YEAR, "memo", "docx"]))
    assert "-v2.docx" in response["Content-Disposition"]


def test_disclosure_page_has_cache_headers_and_answers_304(world, published):
    c = anon()
    url = reverse("public:disclosure", args=[world.own.code, OIT_YEAR])
    response = c.get(url)
    assert response.status_code == 200
    assert "https://own.example.go.th/structure" in response.content.decode()
    cache = response["Cache-Control"]  # revalidated on every use; private: the CSRF cookie
    assert "private" in cache and "no-cache" in cache
    assert response["ETag"] and response["Last-Modified"]
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    again = c.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    since = c.get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304
    # the same page in English is another copy: the Thai one's ETag does not answer 304 to it
    english = c.get(url, headers={"if-none-match": response["ETag"], "accept-language": "en"})
    assert english.status_code == 200 and english["ETag"] != response["ETag"]


def test_the_embed_alone_may_be_framed(world, published):
    from ita.disclosure import actions as disclosure

    c = anon()
    url = reverse("public:disclosure_embed", args=[world.own.code, OIT_YEAR])
    response = c.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert directive(policy, "frame-ancestors") == "https://own.example.go.th"  # its website
    assert "script-src 'self'" in policy  # the rest of the policy stays strict
    assert "public" in response["Cache-Control"]
    # new evidence is a new page: a new ETag, so caches fetch it again
    item = world.own.disclosure_years.get(fiscal_year=OIT_YEAR).items.get(item__code="O2")
    disclosure.add_evidence(
        acting_user=world.officer, item=item, urls=["https://own.example.go.th/o2"]
    )
    fresh = c.get(url, headers={"if-none-match": response["ETag"]})
    assert fresh.status_code == 200 and "https://own.example.go.th/o2" in fresh.content.decode()
    # every other public page keeps framing refused
    for other in (reverse("public:index"), reverse("public:agency", args=[world.own.code])):
        r = c.get(other)
        assert r["X-Frame-Options"] == "DENY"
        assert directive(r["Content-Security-Policy"], "frame-ancestors") == "'none'"


def test_search_filters_and_bad_input(world, published):
    c = anon()
    found = c.get(reverse("public:index"), {"q": "ทดสอบ"})
    assert [a.code for a in found.context["page"]] == ["T-OWN"]
    assert found.context["page"][0].latest_total == world.own.results.get(fiscal_year=YEAR).total
    by_province = c.get(reverse("public:index"), {"province": world.other_province.code})
    assert [a.code for a in by_province.context["page"]] == ["T-FOREIGN"]
    by_type = c.get(reverse("public:index"), {"agency_type": "sao"})
    assert [a.code for a in by_type.context["page"]] == ["T-NEIGHBOUR"]
    bad = c.get(reverse("public:index"), {"province": "ZZ", "agency_type": "x", "page": "abc"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "ไม่พบจังหวัดที่เลือก" in text and "ไม่รู้จักประเภทหน่วยงานที่เลือก" in text
    bad_year = c.get(reverse("public:province", args=[world.province.code]), {"year": "2400"})
    assert bad_year.status_code == 200
    assert "ยังไม่มีผลที่เผยแพร่ของปีที่เลือก" in bad_year.content.decode()


def test_index_query_budget_is_constant(world, django_assert_max_num_queries, reference_data):
    from ita.agencies.models import Agency

    c = anon()
    with django_assert_max_num_queries(4) as few:
        c.get(reverse("public:index"))
    Agency.objects.bulk_create(
        Agency(code=f"X{i}", name=f"อบต.ที่ {i}", agency_type="sao", province=world.province)
        for i in range(40)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = c.get(reverse("public:index"))
    assert len(response.context["page"]) == 30  # paginated


def test_province_page_averages_the_published_results(world, published):
    from ita.assessments.actions import record_result

    scores = {n: __import__("decimal").Decimal("90") for n in range(1, 11)}
    record_result(acting_user=world.national, agency=world.neighbour, fiscal_year=YEAR,
                  indicator_scores=scores)  # fmt: skip
    c = anon()
    url = reverse("public:province", args=[world.province.code])
    page = c.get(url, {"year": YEAR})
    own_total = world.own.results.get(fiscal_year=YEAR).total
    assert page.context["summary"]["n"] == 1  # the neighbour has not published
    assert float(page.context["summary"]["total"]) == pytest.approx(float(own_total))
    actions.publish(acting_user=world.national, agency=world.neighbour, kind="result",
                    fiscal_year=YEAR)  # fmt: skip
    page = c.get(url, {"year": YEAR})
    assert page.context["summary"]["n"] == 2
    expected = (float(own_total) + 90) / 2
    assert float(page.context["summary"]["total"]) == pytest.approx(expected, abs=0.01)


def test_only_the_officer_and_national_admin_decide(world, everything):
    url = reverse("public:manage", args=[world.own.pk])
    data = {"decision": "publish", "kind": "result", "fiscal_year": str(YEAR)}
    for user in (world.coordinator, world.executive, world.division_head, world.foreign_officer):
        c = Client()
        c.force_login(user)
        assert c.get(url).status_code == 404
        assert c.post(url, data).status_code == 404
    assert not Publication.objects.exists()
    c = Client()
    c.force_login(world.officer)
    page = c.get(url)
    assert page.status_code == 200 and "การเผยแพร่" in page.content.decode()
    assert c.post(url, data).status_code == 302
    assert Publication.objects.get().kind == "result"
    bad = c.post(url, {"decision": "publish", "kind": "result", "fiscal_year": "abc"}, follow=True)
    assert "ข้อมูลที่ส่งมาไม่ถูกต้อง" in bad.content.decode()
    refused = c.post(url, {"decision": "publish", "kind": "o43", "fiscal_year": str(YEAR),
                           "round_month": "9"}, follow=True)  # fmt: skip
    assert "ไม่มีรอบรายงานนี้" in refused.content.decode()
    assert Publication.objects.count() == 1
    detail = c.get(reverse("agency_detail", args=[world.own.pk])).content.decode()
    assert reverse("public:manage", args=[world.own.pk]) in detail
    c.force_login(world.coordinator)
    detail = c.get(reverse("agency_detail", args=[world.own.pk])).content.decode()
    assert reverse("public:manage", args=[world.own.pk]) not in detail


def test_schema_and_datapackage_are_json(world, published):
    c = anon()
    schema = json.loads(c.get(reverse("public:data_schema")).content)
    assert [f["name"] for f in schema["fields"]][:3] == [
        "agency_code",
        "agency_name",
        "agency_type",
    ]
    package = json.loads(c.get(reverse("public:datapackage", args=[YEAR])).content)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    paths = [r["path"] for r in package["resources"]]
    assert paths == [
        f"http://testserver/public/data/{YEAR}/results.{f}" for f in ("csv", "json", "xlsx")
    ]
    assert {r["schema"] for r in package["resources"]} == {
        "http://testserver/public/data/schema/results.json"
    }
    page = c.get(reverse("public:data")).content.decode()
    assert "CC BY 4.0" in page and f"/public/data/{YEAR}/results.csv" in page


def test_province_and_agency_pages_keep_their_query_budget(
    world, published, django_assert_max_num_queries
):
    from ita.agencies.models import Agency
    from ita.assessments.actions import record_result

    c = anon()
    province = reverse("public:province", args=[world.province.code])
    agency = reverse("public:agency", args=[world.own.code])
    with django_assert_max_num_queries(10) as first_province:
        c.get(province, {"year": YEAR})
    with django_assert_max_num_queries(12) as first_agency:
        c.get(agency)
    for i in range(12):
        other = Agency.objects.create(
            code=f"P{i}", name=f"อบต.ที่ {i}", agency_type="sao", province=world.province
        )
        record_result(acting_user=world.national, agency=other, fiscal_year=YEAR,
                      indicator_scores={n: Decimal("80") for n in range(1, 11)})  # fmt: skip
        actions.publish(acting_user=world.national, agency=other, kind="result", fiscal_year=YEAR)
    for year in (2563, 2562):
        record_result(acting_user=world.officer, agency=world.own, fiscal_year=year,
                      indicator_scores={n: Decimal("70") for n in range(1, 11)})  # fmt: skip
        publish(world, "result", year)
    with django_assert_max_num_queries(len(first_province.captured_queries)):
        page = c.get(province, {"year": YEAR})
    assert page.context["summary"]["n"] == 13
    with django_assert_max_num_queries(len(first_agency.captured_queries)):
        page = c.get(agency)
    assert len(page.context["history"]) == 3
