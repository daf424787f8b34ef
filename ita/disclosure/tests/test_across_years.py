"""Across years: each item of a new year is offered the evidence of the item(s) it continues in
the agency's earlier checklist (maps_to, across the frameworks in between, or the same code
under the same framework); the officer takes it over with one audited POST, nothing is copied
unasked; in the first year of a framework items are marked new, merged, split or renumbered,
and the earlier framework's items no item continues are listed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita.audit.models import AuditEvent
from ita.disclosure import actions, succession
from ita.disclosure.models import Evidence, LinkCheck
from ita.disclosure.tests.conftest import run_on_commit
from ita.frameworks.loader import all_specs
from ita.frameworks.spec import MERGED, NEW, RENUMBERED, SPLIT

SPECS = {spec.code: spec for spec in all_specs()}


# --------------------------------------------------------------------------- pure


@pytest.mark.parametrize(
    ("framework", "code", "target", "expected"),
    [
        ("ita-2569", "O21", "ita-2568", ("O23",)),  # corruption risk, renumbered
        ("ita-2569", "O20", "ita-2568", ("O21", "O22")),  # No Gift: two items merged
        ("ita-2569", "O25", "ita-2566", ("O42",)),  # skips 2568, which has no such item
        ("ita-2569", "O25", "ita-2568", ()),
        ("ita-2569", "O11", "ita-2566", ("O19", "O21")),  # → 2568 O12, which merged two
        ("ita-2566", "O34", "ita-2566", ("O34",)),  # same framework, the year after
        ("ita-2569", "O6", "ita-2568", ()),  # title unknown: continues nothing
        ("ita-2569", "O23", "ita-2562", ("O39",)),  # anti-corruption plan, three frameworks back
        ("ita-2566", "O1", "ita-2569", ()),  # a later framework is never "earlier"
    ],
)
def test_earlier_codes(framework, code, target, expected):
    assert succession.earlier_codes(SPECS, framework, code, target) == expected


@pytest.mark.parametrize(
    ("change", "label"),
    [
        (succession.Change(NEW), "ใหม่"),
        (succession.Change(NEW, (), ("ita-2566:O42",)), "ใหม่ (สืบต่อ ita-2566:O42)"),
        (succession.Change(MERGED, ("O21", "O22")), "รวมจาก O21, O22"),
        (succession.Change(SPLIT, ("O3",)), "แยกจาก O3"),
        (succession.Change(RENUMBERED, ("O12",)), "เปลี่ยนเลขจาก O12"),
    ],
)
def test_change_labels(change, label):
    assert change.label == label


def test_changes_of_2569_against_2568():
    marks = succession.changes(SPECS["ita-2569"], SPECS["ita-2568"])
    assert marks["O20"].label == "รวมจาก O21, O22"
    assert marks["O11"].label == "เปลี่ยนเลขจาก O12"
    assert marks["O25"].label == "ใหม่ (สืบต่อ ita-2566:O42)"
    assert marks["O6"].label == "ใหม่"
    assert "O1" not in marks  # carried over: no mark
    assert [i.code for i in succession.dropped(SPECS["ita-2569"], SPECS["ita-2568"])] == [
        "O6",
        "O7",
    ]


@pytest.mark.parametrize(
    ("framework", "year", "shows"),
    [("ita-2569", 2569, True), ("ita-2569", 2570, False), ("ita-2566", 2566, True),
     ("ita-2566", 2567, False), ("ita-2562", 2562, False)],
)  # fmt: skip
def test_marks_show_in_the_first_year_of_a_framework_only(framework, year, shows):
    assert succession.shows_changes(SPECS[framework], year) is shows


# -------------------------------------------------------------------------- pages


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def years(site_world):
    """The agency's FY 2568 checklist with evidence on O23 (risk), O21 and O22 (No Gift) and a
    file on O12; its FY 2569 checklist just opened."""
    w = site_world
    w.y2568 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2568)
    old = {i.item.code: i for i in w.y2568.items.select_related("item", "year__agency")}
    w.old = old
    for code in ("O23", "O21", "O22"):
        actions.add_evidence(
            acting_user=w.officer,
            item=old[code],
            urls=[w.site.url(f"/page/{code.lower()}")],
            explanation=f"หลักฐานข้อ {code} ปี 2568",
        )
    actions.add_evidence(
        acting_user=w.officer,
        item=old["O12"],
        urls=[],
        file=SimpleUploadedFile("สขร-2568.pdf", b"%PDF-1.4 procurement 2568"),
    )
    w.y2569 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2569)
    w.new = {i.item.code: i for i in w.y2569.items.select_related("item", "year__agency")}
    return w


@pytest.mark.django_db
def test_year_page_marks_new_merged_renumbered_and_lists_dropped_items(client, years):
    w = years
    page = login(client, w.officer).get(reverse("disclosure:year", args=[w.own.pk, 2569]))
    html = page.content.decode()
    assert 'data-testid="change-O20">รวมจาก O21, O22<' in html
    assert 'data-testid="change-O11">เปลี่ยนเลขจาก O12<' in html
    assert 'data-testid="change-O6">ใหม่<' in html
    assert 'data-testid="change-O1"' not in html
    assert "ข้อของกรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2568 ที่ไม่มีในปีนี้" in html
    dropped = html[html.index('data-testid="dropped"') :]
    assert "O6 (ไม่ทราบชื่อข้อ" in dropped
    assert 'data-testid="earlier-O21">มีหลักฐานของปี 2568' in html
    assert 'data-testid="earlier-O1"' not in html  # its predecessor has no evidence


@pytest.mark.django_db
def test_the_year_after_under_the_same_framework_has_no_marks(client, site_world):
    w = site_world
    y2566 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2566)
    o34 = y2566.items.get(item__code="O34")
    actions.add_evidence(acting_user=w.officer, item=o34, urls=[w.site.url("/page/o34")])
    y2567 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2567)
    html = login(client, w.officer).get(reverse("disclosure:year", args=[w.own.pk, 2567]))
    assert 'data-testid="change-' not in html.content.decode()
    item = y2567.items.get(item__code="O34")
    page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert 'data-testid="proposal-O34"' in page and w.site.url("/page/o34") in page


@pytest.mark.django_db
def test_item_page_proposes_and_one_post_takes_over_with_audit(client, years):
    w = years
    o21 = w.new["O21"]
    url = reverse("disclosure:item", args=[o21.pk])
    page = login(client, w.officer).get(url).content.decode()
    assert 'data-testid="change">เปลี่ยนเลขจาก O23<' in page
    assert 'data-testid="proposal-O23"' in page and w.site.url("/page/o23") in page
    assert not o21.evidence.exists()  # proposed, not copied

    with run_on_commit():  # the taken-over links are checked (conftest: in this thread)
        response = client.post(
            reverse("disclosure:take_over", args=[o21.pk]), {"source": w.old["O23"].pk}
        )
    html = client.get(response.url).content.decode()
    assert "ยกหลักฐานของปีก่อนมาเป็นฉบับที่ 1 แล้ว" in html
    evidence = o21.evidence.get()
    assert [link.url for link in evidence.links.all()] == [w.site.url("/page/o23")]
    assert evidence.explanation.startswith("ยกมาจากหลักฐานปีงบประมาณ 2568 ข้อ O23 (ฉบับที่ 1)")
    assert "หลักฐานข้อ O23 ปี 2568" in evidence.explanation
    assert evidence.created_by == w.officer
    event = AuditEvent.objects.get(action="disclosure.evidence_taken_over")
    assert event.after["from"] == [{"year": 2568, "item": "O23", "revision": 1}]
    assert event.after["urls"] == [w.site.url("/page/o23")]
    # checked at once: last year's page may show last year's data
    assert LinkCheck.objects.filter(link__evidence=evidence).count() == 1
    assert "หลักฐานฉบับล่าสุดของข้อนี้มีลิงก์เหล่านี้แล้ว" in html
    assert w.old["O23"].evidence.count() == 1  # the earlier year's evidence stays as it was


@pytest.mark.django_db
def test_merged_item_takes_over_both_predecessors(client, years):
    w = years
    o20 = w.new["O20"]
    page = login(client, w.officer).get(reverse("disclosure:item", args=[o20.pk])).content
    assert "ยกหลักฐานของทุกข้อรวมกันมา" in page.decode()
    client.post(
        reverse("disclosure:take_over", args=[o20.pk]),
        {"source": [w.old["O21"].pk, w.old["O22"].pk]},
    )
    evidence = o20.evidence.get()
    urls = [link.url for link in evidence.links.all()]
    assert urls == [w.site.url("/page/o21"), w.site.url("/page/o22")]
    assert evidence.explanation.splitlines() == [
        "ยกมาจากหลักฐานปีงบประมาณ 2568 ข้อ O21 (ฉบับที่ 1), ข้อ O22 (ฉบับที่ 1)",
        "หลักฐานข้อ O21 ปี 2568",
        "หลักฐานข้อ O22 ปี 2568",
    ]


@pytest.mark.django_db
def test_more_urls_than_an_item_takes_are_refused_in_thai(client, years):
    w = years
    for code in ("O21", "O22"):
        urls = [w.site.url(f"/page/{code}-{n}") for n in range(6)]
        actions.add_evidence(acting_user=w.officer, item=w.old[code], urls=urls)
    response = login(client, w.officer).post(
        reverse("disclosure:take_over", args=[w.new["O20"].pk]),
        {"source": [w.old["O21"].pk, w.old["O22"].pk]},
        follow=True,
    )
    assert "เกิน 10 URL" in response.content.decode()
    assert not w.new["O20"].evidence.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["9" * 5000, "๑๒x", ""])
def test_a_source_that_is_no_id_is_a_thai_message_not_a_500(client, years, source):
    # found by the fuzz test: 5,000 digits are more than int() converts
    w = years
    response = login(client, w.officer).post(
        reverse("disclosure:take_over", args=[w.new["O20"].pk]), {"source": source}, follow=True
    )
    assert response.status_code == 200 and "กรุณาเลือกหลักฐานของปีก่อน" in response.content.decode()
    assert not w.new["O20"].evidence.exists()


@pytest.mark.django_db
def test_a_file_missing_from_storage_is_a_thai_message_not_a_500(client, years):
    w = years
    original = w.old["O12"].evidence.get()
    original.file.storage.delete(original.file.name)
    response = login(client, w.officer).post(
        reverse("disclosure:take_over", args=[w.new["O11"].pk]),
        {"source": w.old["O12"].pk},
        follow=True,
    )
    assert response.status_code == 200 and "ไม่พบไฟล์แนบ" in response.content.decode()
    assert not w.new["O11"].evidence.exists()


@pytest.mark.django_db
def test_a_file_is_copied_not_shared(client, years):
    w = years
    o11 = w.new["O11"]  # continues 2568 O12
    login(client, w.officer).post(
        reverse("disclosure:take_over", args=[o11.pk]), {"source": w.old["O12"].pk}
    )
    copied, original = o11.evidence.get(), w.old["O12"].evidence.get()
    assert copied.file.name != original.file.name and "/2569/O11/" in copied.file.name
    assert copied.file.read() == b"%PDF-1.4 procurement 2568"
    assert copied.content_hash == original.content_hash


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "message"),
    [("O1", "ไม่ใช่ข้อเดิมของข้อนี้"), ("abc", "กรุณาเลือกหลักฐานของปีก่อน"), ("", "กรุณาเลือก"),
     ("²", "กรุณาเลือก"), ("99999999999999999999", "ไม่ใช่ข้อเดิมของข้อนี้")],
)  # fmt: skip
def test_a_source_that_is_not_a_predecessor_is_refused_in_thai(client, years, source, message):
    w = years
    value = w.old[source].pk if source in w.old else source
    response = login(client, w.officer).post(
        reverse("disclosure:take_over", args=[w.new["O21"].pk]), {"source": value}, follow=True
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Evidence.objects.filter(item__year=w.y2569).exists()
    assert not AuditEvent.objects.filter(action="disclosure.evidence_taken_over").exists()


@pytest.mark.django_db
def test_a_predecessor_without_evidence_offers_nothing_to_take(client, years):
    w = years
    o1 = w.new["O1"]
    page = login(client, w.officer).get(reverse("disclosure:item", args=[o1.pk])).content
    assert "ข้อนี้ไม่มีหลักฐานในปีนั้น" in page.decode()
    response = client.post(
        reverse("disclosure:take_over", args=[o1.pk]), {"source": w.old["O1"].pk}, follow=True
    )
    assert "ยังไม่มีหลักฐาน" in response.content.decode() and not o1.evidence.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["foreign_officer", "executive", "assessor", "division_head"])
def test_only_who_may_edit_the_item_takes_over(client, years, persona):
    w = years
    response = login(client, getattr(w, persona)).post(
        reverse("disclosure:take_over", args=[w.new["O21"].pk]), {"source": w.old["O23"].pk}
    )
    assert response.status_code == 404
    assert not w.new["O21"].evidence.exists()


@pytest.mark.django_db
def test_viewers_see_the_proposal_without_the_button(client, years):
    page = login(client, years.executive).get(
        reverse("disclosure:item", args=[years.new["O21"].pk])
    )
    html = page.content.decode()
    assert 'data-testid="proposal-O23"' in html and "ยกหลักฐานนี้มา" not in html


@pytest.mark.django_db
def test_year_page_query_budget_with_an_earlier_year(client, years, django_assert_max_num_queries):
    login(client, years.officer)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("disclosure:year", args=[years.own.pk, 2569]))
    assert response.status_code == 200 and len(response.context["rows"]) == 26


@pytest.mark.django_db
def test_item_page_query_budget_with_proposals(client, years, django_assert_max_num_queries):
    login(client, years.officer)
    # 12 without an earlier year; the framework succeeded (the item's mark), the earlier
    # checklist, the predecessor items, their evidence and its links; the newest link-check run
    with django_assert_max_num_queries(18):
        response = client.get(reverse("disclosure:item", args=[years.new["O20"].pk]))
    assert len(response.context["proposals"]) == 2


@pytest.mark.django_db
def test_an_earlier_checklist_under_an_unrelated_framework_offers_nothing(
    client, site_world, framework_2571
):
    w = site_world  # test-2571 succeeds no framework: nothing continues ita-2569's items
    y2569 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2569)
    o21 = y2569.items.get(item__code="O21")
    actions.add_evidence(acting_user=w.officer, item=o21, urls=[w.site.url("/page/o21")])
    y2571 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2571)
    item = y2571.items.get(item__code="O21")
    response = login(client, w.officer).get(reverse("disclosure:item", args=[item.pk]))
    assert response.context["proposals"] == [] and response.context["change"] is None
    response = client.post(
        reverse("disclosure:take_over", args=[item.pk]), {"source": o21.pk}, follow=True
    )
    assert "ไม่ใช่ข้อเดิมของข้อนี้" in response.content.decode() and not item.evidence.exists()
    year_page = client.get(reverse("disclosure:year", args=[w.own.pk, 2571])).content.decode()
    assert 'data-testid="earlier-' not in year_page and 'data-testid="change-' not in year_page
