"""The OIT workspace through its pages: officers fill items, links are checked against the local
test site, assessors review, indicators 9–10 follow the verdicts; every page checks access."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import SEED_001_2566, decimals
from ita.assessments.actions import record_result
from ita.audit.models import AuditEvent
from ita.disclosure import actions
from ita.disclosure.models import DisclosureItem, EvidenceLink, ItemStatus, LinkCheck, RiskEvent
from ita.disclosure.tests.conftest import run_on_commit

pytestmark = pytest.mark.django_db
YEAR = 2566


@pytest.fixture
def opened(site_world):
    w = site_world
    w.year = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=YEAR)
    w.o1 = w.year.items.get(item__code="O1")
    w.o11 = w.year.items.get(item__code="O11")
    return w


def login(client, user):
    client.force_login(user)
    return client


def add(client, item, *urls, explanation="อยู่ที่หน้า ITA"):
    """Add evidence; its check runs when the request's transaction would commit (conftest),
    and the item page is read after it (the page shows the stored verdicts)."""
    with run_on_commit():
        response = client.post(
            reverse("disclosure:add_evidence", args=[item.pk]),
            {"urls": "\n".join(urls), "explanation": explanation},
        )
    return client.get(response.url) if response.status_code == 302 else response


def test_officer_opens_the_year_with_every_oit_item_in_framework_order(client, site_world):
    w = site_world
    login(client, w.officer)
    response = client.post(reverse("disclosure:open_year", args=[w.own.pk, YEAR]), follow=True)
    assert response.status_code == 200
    codes = [i.item.code for i in response.context["items"]]
    assert codes == [f"O{n}" for n in range(1, 44)]
    assert AuditEvent.objects.filter(action="disclosure.year_opened").count() == 1


def test_item_page_shows_criteria_and_period_from_the_framework(client, opened):
    login(client, opened.officer)
    page = client.get(reverse("disclosure:item", args=[opened.o1.pk])).content.decode()
    assert "แผนผังโครงสร้างการแบ่งส่วนราชการของหน่วยงาน" in page
    assert "ข้อมูลปัจจุบัน (ไม่ได้ระบุปี)" in page


def test_broken_link_is_explained_in_thai_and_blocks_ready_until_fixed(client, opened):
    w = opened
    login(client, w.officer)
    page = add(client, w.o11, w.site.url("/missing/o11")).content.decode()
    assert "ลิงก์เสีย" in page and "ไม่พบหน้านี้ (404)" in page and "วิธีแก้" in page
    w.o11.refresh_from_db()
    assert (w.o11.link_verdict, w.o11.status) == ("broken", ItemStatus.IN_PROGRESS)
    page = client.post(reverse("disclosure:mark_ready", args=[w.o11.pk]), follow=True)
    assert "ผู้ตรวจประเมินเปิดไม่ได้" in page.content.decode()
    add(client, w.o11, w.site.url("/page/o11"))
    client.post(reverse("disclosure:mark_ready", args=[w.o11.pk]))
    w.o11.refresh_from_db()
    assert (w.o11.link_verdict, w.o11.status) == ("ok", ItemStatus.READY)
    assert w.o11.evidence.count() == 2  # revisions kept
    assert LinkCheck.objects.filter(link__evidence__item=w.o11).count() == 2


def test_off_site_login_and_stale_links_are_flagged(client, opened):
    w = opened
    login(client, w.officer)
    page = add(
        client,
        w.o11,
        w.site.url("/page/o11", "127.0.0.2"),
        w.site.url("/drive/file-1"),
        w.site.url("/old/o11"),
    ).content.decode()
    assert "ไม่อยู่บนเว็บไซต์หลัก" in page and "ต้องเข้าสู่ระบบ" in page
    assert "ไม่พบปีงบประมาณ พ.ศ. 2566" in page  # O11's period is the assessed year
    verdicts = list(
        LinkCheck.objects.filter(link__evidence__item=w.o11)
        .order_by("link__position")
        .values_list("verdict", "warnings")
    )
    assert verdicts == [("off_site", []), ("login_required", []), ("ok", ["stale"])]


def test_no_stale_warning_for_items_without_a_year_rule(client, opened):
    login(client, opened.officer)
    add(client, opened.o1, opened.site.url("/old/o1"))  # O1: current data, no year
    assert LinkCheck.objects.get(link__evidence__item=opened.o1).warnings == []


def test_rejection_clarification_and_final_verdict_move_indicator_9(client, opened):
    w = opened
    login(client, w.officer)
    add(client, w.o1, w.site.url("/page/o1"))
    login(client, w.assessor)
    url = reverse("disclosure:review", args=[w.o1.pk])
    assert client.post(url, {"accepted": "no", "comment": ""}).status_code == 400
    client.post(url, {"accepted": "no", "comment": "ผังไม่แสดงฝ่ายการเมือง"})
    year_page = client.get(reverse("disclosure:year", args=[w.own.pk, YEAR]))
    indicators = dict((i.number, v) for i, v in year_page.context["indicators"])
    assert indicators[9] < Decimal(100) and indicators[10] == Decimal(100)
    login(client, w.officer)
    with run_on_commit():
        client.post(
            reverse("disclosure:answer", args=[w.o1.pk]),
            {"reply": "เพิ่มผังฝ่ายการเมืองแล้ว", "urls": w.site.url("/page/o1-new")},
        )
    w.o1.refresh_from_db()
    assert w.o1.status == ItemStatus.READY and w.o1.evidence.count() == 2
    login(client, w.assessor)
    client.post(url, {"accepted": "yes", "comment": ""})
    review = w.o1.reviews.first()
    assert (review.round, review.accepted) == (2, True)
    year_page = client.get(reverse("disclosure:year", args=[w.own.pk, YEAR]))
    assert dict((i.number, v) for i, v in year_page.context["indicators"])[9] == Decimal(100)


def test_verdicts_are_stored_on_the_official_result_when_there_is_one(opened):
    w = opened
    record_result(
        acting_user=w.officer, agency=w.own, fiscal_year=YEAR,
        indicator_scores=decimals(SEED_001_2566),
    )  # fmt: skip
    actions.add_evidence(acting_user=w.officer, item=w.o1, urls=[w.site.url("/page/o1")])
    actions.review_item(acting_user=w.assessor, item=w.o1, accepted=False, comment="ไม่ครบ")
    result = w.own.results.get(fiscal_year=YEAR)
    scores = {s.indicator.number: s.score for s in result.scores.select_related("indicator")}
    expected = actions.oit_scores(w.year)
    assert scores[9] == expected[9].quantize(Decimal("0.01")) and scores[9] != Decimal("85.50")
    assert scores[1] == Decimal("100.00") and scores[6] == Decimal("87.06")  # kept as given
    assert list(result.verdicts.values_list("item__code", "accepted")) == [("O1", False)]
    # the result's revisions say where the change came from
    assert result.revisions.order_by("-number").first().via == "oit_review"


def test_without_an_official_result_none_is_created(opened):
    w = opened
    actions.review_item(acting_user=w.assessor, item=w.o1, accepted=False, comment="ไม่ครบ")
    assert not w.own.results.exists()


def test_only_the_assigned_assessor_reviews(client, opened):
    w = opened
    url = reverse("disclosure:review", args=[w.o1.pk])
    for user in (w.officer, w.coordinator, w.executive, w.foreign_officer):
        login(client, user)
        assert client.post(url, {"accepted": "yes"}).status_code == 404
    assert not w.o1.reviews.exists()
    login(client, w.national)
    assert client.post(url, {"accepted": "yes"}).status_code == 302


def test_division_head_fills_only_items_of_their_division(client, opened):
    w = opened
    actions.assign_item(acting_user=w.officer, item=w.o11, division=w.division, due_date=None)
    login(client, w.division_head)
    assert add(client, w.o11, w.site.url("/page/o11")).status_code == 200
    assert w.o11.evidence.count() == 1
    response = client.post(
        reverse("disclosure:add_evidence", args=[w.o1.pk]), {"urls": w.site.url("/page/o1")}
    )
    assert response.status_code == 404 and not w.o1.evidence.exists()


def test_assign_item_to_a_division_with_a_due_date(client, opened):
    login(client, opened.officer)
    client.post(
        reverse("disclosure:assign", args=[opened.o1.pk]),
        {"division": opened.division.pk, "due_date": "๓๑/๓/๒๕๖๖"},
    )
    opened.o1.refresh_from_db()
    assert opened.o1.division == opened.division and str(opened.o1.due_date) == "2023-03-31"
    page = client.get(reverse("disclosure:year", args=[opened.own.pk, YEAR])).content.decode()
    assert "กองคลัง" in page and "31 มี.ค. 2566" in page


def test_invalid_urls_are_refused_in_thai(client, opened):
    login(client, opened.officer)
    response = client.post(
        reverse("disclosure:add_evidence", args=[opened.o1.pk]), {"urls": "www.own.go.th/o1"}
    )
    assert response.status_code == 400
    assert "ไม่ใช่ URL ที่ขึ้นต้นด้วย http://" in response.content.decode()
    assert not opened.o1.evidence.exists()


def test_risk_register_refuses_no_risk_and_gates_the_risk_item(client, opened):
    w = opened
    login(client, w.officer)
    url = reverse("disclosure:risks", args=[w.own.pk, YEAR])
    o34 = w.year.items.get(item__code="O34")  # the risk item from FY 2566
    add(client, o34, w.site.url("/page/o34"))
    page = client.post(reverse("disclosure:mark_ready", args=[o34.pk]), follow=True)
    assert "ประเมินแล้วไม่พบความเสี่ยง" in page.content.decode()
    o34.refresh_from_db()
    assert o34.status == ItemStatus.IN_PROGRESS
    risk = {
        "process": "การออกใบอนุญาตก่อสร้าง",
        "likelihood": 4,
        "impact": 4,
        "mitigation": "ยื่นคำขอออนไลน์ ตรวจสองชั้น",
        "existing_controls": "",
        "owner": "",
    }
    response = client.post(url, risk | {"event": "ประเมินแล้วไม่พบความเสี่ยง"})
    assert response.status_code == 400 and not RiskEvent.objects.exists()
    client.post(url, risk | {"event": "เรียกรับเงินเพื่อเร่งออกใบอนุญาต"})
    page = client.get(url).content.decode()
    assert "สูงมาก (16)" in page
    client.post(reverse("disclosure:mark_ready", args=[o34.pk]))
    o34.refresh_from_db()
    assert o34.status == ItemStatus.READY
    risk_row = RiskEvent.objects.get()
    client.post(
        reverse("disclosure:risk_follow_up", args=[risk_row.pk]),
        {"reported_on": "1/4/2566", "status": "in_progress", "progress": "เปิดระบบออนไลน์แล้ว"},
    )
    assert risk_row.follow_ups.get().round == 1


def test_disclosure_page_lists_every_item_in_framework_order_and_downloads(client, opened):
    w = opened
    actions.add_evidence(acting_user=w.officer, item=w.o11, urls=[w.site.url("/page/o11")])
    login(client, w.officer)
    url = reverse("disclosure:page", args=[w.own.pk, YEAR])
    response = client.get(url + "?download=1")
    assert response["Content-Disposition"] == 'attachment; filename="oit-2566-T-OWN.html"'
    html = response.content.decode()
    positions = [html.index(f">O{n}<") for n in range(1, 44)]
    assert positions == sorted(positions)
    assert w.site.url("/page/o11") in html and "ตัวชี้วัดย่อยที่ 9.1" in html
    assert client.get(url).status_code == 200


def test_disclosure_page_policy_admits_exactly_the_embeds_own_style(client, opened):
    from ita.disclosure.rules import style_hashes

    login(client, opened.officer)
    response = client.get(reverse("disclosure:page", args=[opened.own.pk, YEAR]))
    hashes = style_hashes(response.context["html"])
    assert len(hashes) == 1  # the rendered embed's style, as the view hashed it from the file
    policy = response["Content-Security-Policy"]
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
    assert style_src == f"style-src 'self' {hashes[0]}"
    assert "unsafe-inline" not in policy


def test_readiness_shows_the_province_to_its_coordinator_within_a_query_budget(
    client, opened, django_assert_max_num_queries
):
    w = opened
    actions.open_year(acting_user=w.coordinator, agency=w.neighbour, fiscal_year=YEAR)
    actions.add_evidence(acting_user=w.officer, item=w.o1, urls=[w.site.url("/missing/x")])
    actions.refresh_link_verdicts([w.o1.pk])
    login(client, w.coordinator)
    # 8, and the year buttons with their declared-year labels (frameworks.years: 2 more)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("disclosure:readiness") + f"?year={YEAR}")
    names = [row["agency"].name for row in response.context["rows"]]
    assert set(names) == {w.own.name, w.neighbour.name}
    own = next(r for r in response.context["rows"] if r["agency"] == w.own)
    assert (own["total"], own["with_evidence"]) == (43, 1)


def test_year_page_query_budget(client, opened, django_assert_max_num_queries):
    for item in opened.year.items.all()[:10]:
        actions.add_evidence(acting_user=opened.officer, item=item, urls=["https://x.go.th/a"])
    login(client, opened.officer)
    # 14, and FY 2566 being the first year of its framework: its predecessor (the items' marks)
    # and the agency's earlier checklist (none here; test_across_years budgets one); and the
    # year buttons with their declared-year labels (frameworks.years: 1 more)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("disclosure:year", args=[opened.own.pk, YEAR]))
    assert response.status_code == 200 and len(response.context["items"]) == 43


def test_command_checks_an_agency_and_due_links_and_stores_history(opened, capsys):
    w = opened
    actions.add_evidence(acting_user=w.officer, item=w.o1, urls=[w.site.url("/missing/o1")])
    actions.add_evidence(acting_user=w.officer, item=w.o11, urls=[w.site.url("/old/o11")])
    call_command("ita_linkcheck", "--agency", "T-OWN", "--year", "2566", "--rate", "100")
    assert "ลิงก์เสีย" in capsys.readouterr().out
    checked = DisclosureItem.objects.filter(year=w.year).exclude(link_verdict="")
    assert dict(checked.values_list("item__code", "link_verdict")) == {"O1": "broken", "O11": "ok"}
    assert w.year.items.get(item__code="O11").link_stale
    call_command("ita_linkcheck", "--due", "--json")  # nothing is due yet
    assert capsys.readouterr().out == ""
    EvidenceLink.objects.update(next_check_at="2000-01-01T00:00Z")
    call_command("ita_linkcheck", "--due", "--json", "--rate", "100")
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    assert LinkCheck.objects.count() == 4


def _urls(w, item, risk):
    return {
        "index": (reverse("disclosure:index"), "get"),
        "year": (reverse("disclosure:year", args=[w.own.pk, YEAR]), "get"),
        "page": (reverse("disclosure:page", args=[w.own.pk, YEAR]), "get"),
        "risks": (reverse("disclosure:risks", args=[w.own.pk, YEAR]), "get"),
        "item": (reverse("disclosure:item", args=[item.pk]), "get"),
        "open_year": (reverse("disclosure:open_year", args=[w.own.pk, YEAR]), "post"),
        "add_evidence": (reverse("disclosure:add_evidence", args=[item.pk]), "post"),
        "check_links": (reverse("disclosure:check_links", args=[item.pk]), "post"),
        "check_progress": (reverse("disclosure:check_progress", args=[item.pk]), "get"),
        "take_over": (reverse("disclosure:take_over", args=[item.pk]), "post"),
        "assign": (reverse("disclosure:assign", args=[item.pk]), "post"),
        "mark_ready": (reverse("disclosure:mark_ready", args=[item.pk]), "post"),
        "review": (reverse("disclosure:review", args=[item.pk]), "post"),
        "answer": (reverse("disclosure:answer", args=[item.pk]), "post"),
        "risk_follow_up": (reverse("disclosure:risk_follow_up", args=[risk.pk]), "post"),
        "risk_delete": (reverse("disclosure:risk_delete", args=[risk.pk]), "post"),
        "evidence_file": (
            reverse("disclosure:evidence_file", args=[item.evidence.get().pk]),
            "get",
        ),
    }


def test_every_url_is_404_for_a_foreign_agency_and_login_for_anonymous(client, opened):
    """Walks every URL pattern of the app (the list must cover them all)."""
    from ita.disclosure.urls import urlpatterns

    w = opened
    evidence = actions.add_evidence(acting_user=w.officer, item=w.o1, urls=["https://x.go.th/"])
    assert evidence.item == w.o1
    risk = actions.add_risk(
        acting_user=w.officer, year=w.year, process="p", event="เรียกรับเงิน", likelihood=2,
        impact=3, mitigation="m",
    )  # fmt: skip
    urls = _urls(w, w.o1, risk)
    assert set(urls) | {"readiness"} == {p.name for p in urlpatterns}
    for name, (url, method) in urls.items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, name
    login(client, w.foreign_officer)
    for name, (url, method) in urls.items():
        if name == "index":
            continue
        assert getattr(client, method)(url).status_code == 404, name
    assert RiskEvent.objects.filter(pk=risk.pk).exists()


@pytest.mark.parametrize(
    ("persona", "can_fill", "can_review"),
    [("officer", True, False), ("executive", False, False), ("coordinator", True, False),
     ("assessor", False, True), ("national", True, True), ("division_head", False, False)],
)  # fmt: skip
def test_roles_see_the_item_and_act_as_allowed(client, opened, persona, can_fill, can_review):
    login(client, getattr(opened, persona))
    response = client.get(reverse("disclosure:item", args=[opened.o1.pk]))
    assert response.status_code == 200
    assert response.context["can_edit"] is can_fill
    assert response.context["can_review"] is can_review


def test_task_functions_recheck_due_links_and_an_agency(opened):
    from ita.disclosure import tasks

    w = opened
    actions.add_evidence(acting_user=w.officer, item=w.o1, urls=[w.site.url("/page/o1")])
    assert tasks.recheck_due_links() == 1  # new links are due at once
    assert tasks.recheck_due_links() == 0  # then not for a week
    assert tasks.check_agency_links(w.own.pk, YEAR) == 1
    assert LinkCheck.objects.filter(link__evidence__item=w.o1).count() == 2


@pytest.mark.parametrize("persona", ["executive", "assessor"])
def test_who_cannot_edit_the_item_cannot_make_the_server_fetch(
    client, opened, counting_site, persona
):
    w = opened
    actions.add_evidence(acting_user=w.officer, item=w.o1, urls=[counting_site.url("/page/o1")])
    login(client, getattr(w, persona))
    response = client.post(reverse("disclosure:check_links", args=[w.o1.pk]))
    assert response.status_code == 404
    assert counting_site.seen == []
    assert not LinkCheck.objects.filter(link__evidence__item=w.o1).exists()


def test_officer_checks_the_item_links(client, opened, counting_site):
    w = opened
    actions.add_evidence(acting_user=w.officer, item=w.o1, urls=[counting_site.url("/page/o1")])
    login(client, w.officer)
    with run_on_commit():
        response = client.post(reverse("disclosure:check_links", args=[w.o1.pk]))
    assert "ตรวจลิงก์แล้ว 1 รายการ" in client.get(response.url).content.decode()
    assert counting_site.seen == [("GET", "/page/o1")]


def test_internal_evidence_url_is_refused_and_explained(client, opened, counting_site, monkeypatch):
    """Issue 10: an officer's evidence URL on the server's own network is never fetched."""
    monkeypatch.delenv("ITA_LINKCHECK_ALLOW_PRIVATE", raising=False)
    login(client, opened.officer)
    page = add(client, opened.o11, counting_site.url("/admin/")).content.decode()
    assert "ที่อยู่นี้ชี้ไปยังเครือข่ายภายใน ระบบไม่ตรวจลิงก์นี้" in page
    assert counting_site.seen == []
    assert "รหัสตอบกลับ" not in page
