"""The demo OIT checklists as ita_demo builds them: evidence on the demo website (never
checked), an assessor's verdicts with a clarification round, a risk register, indicators 9–10
from the verdicts, access by agency, and written once."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from ita.assessments.models import Assessment, IndicatorScore, Source
from ita.audit.models import AuditEvent
from ita.disclosure import actions
from ita.disclosure.models import (
    Clarification,
    DisclosureItem,
    DisclosureYear,
    Evidence,
    EvidenceLink,
    ItemStatus,
    LinkCheck,
    Review,
    RiskEvent,
    RiskFollowUp,
)
from ita.lib.thai_text import round2

pytestmark = pytest.mark.django_db

TOWN = "เทศบาลเมืองแม่ฮ่องสอน"
MAEHOM = "องค์การบริหารส่วนตำบลแม่ฮ่อม"
YEAR = 2567
MODELS = (
    DisclosureYear, DisclosureItem, Evidence, EvidenceLink, LinkCheck, Review, Clarification,
    RiskEvent, RiskFollowUp, Assessment, IndicatorScore, AuditEvent,
)  # fmt: skip


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_builds_the_checklists_once(client):
    call_command("ita_demo", stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    town = DisclosureYear.objects.get(agency__name=TOWN, fiscal_year=YEAR)
    assert town.framework.code == "ita-2566"
    items = {i.item.code: i for i in town.items.select_related("item", "division")}
    assert len(items) == 43

    # assigned, with evidence on the town's own website, none of it checked (no internet)
    assigned = [i for i in items.values() if i.division and i.due_date]
    assert len(assigned) >= 5
    links = EvidenceLink.objects.filter(evidence__item__year=town)
    assert links.count() > 30
    assert all(
        url.startswith("https://tm-maehongson.demo.go.th/")
        for url in links.values_list("url", flat=True)
    )
    assert not LinkCheck.objects.exists()
    assert Evidence.objects.filter(item__year=town, created_by=users["head_finance"]).exists()

    # the assessor accepted most, rejected two; the town answered one with new evidence
    reviews = Review.objects.filter(item__year=town)
    assert set(reviews.values_list("assessor__username", flat=True)) == {"assessor"}
    rejected = reviews.filter(accepted=False)
    assert reviews.filter(accepted=True).count() > rejected.count() == 2
    assert all("ต้องเป็นข้อมูลในปีงบประมาณ พ.ศ. 2567" in r.comment for r in rejected)
    answer = Clarification.objects.get(item__year=town)
    assert answer.created_by == users["officer"] and answer.evidence.revision == 2
    assert answer.item.status == ItemStatus.READY
    still_rejected = items["O32"]
    assert still_rejected.status == ItemStatus.NOT_ACCEPTED
    statuses = {i.status for i in items.values()}
    assert set(ItemStatus.values) <= statuses  # every status shows on the year page

    # the corruption-risk register (O34/O35): three events, scored, followed up
    risks = list(town.risks.all())
    assert len(risks) == 3
    assert all(r.mitigation and r.owner_division and r.follow_ups.exists() for r in risks)
    assert items["O34"].status in (ItemStatus.READY, ItemStatus.ACCEPTED)

    # indicators 9–10 from the verdicts, and the official 2567 result carries the same figures
    computed = actions.oit_scores(town)
    assert Decimal(0) < computed[9] < Decimal(100) and Decimal(0) < computed[10] < Decimal(100)
    result = Assessment.objects.get(agency__name=TOWN, fiscal_year=YEAR, source=Source.OFFICIAL)
    stored = {s.indicator.number: s.score for s in result.scores.select_related("indicator")}
    assert stored[9] == round2(computed[9]) and stored[10] == round2(computed[10])
    assert result.updated_by == users["admin"]

    # อบต.แม่ฮ่อม barely started: fewer items with evidence, nothing reviewed
    maehom = DisclosureYear.objects.get(agency__name=MAEHOM, fiscal_year=YEAR)
    started = maehom.items.exclude(status=ItemStatus.NOT_STARTED).count()
    town_started = town.items.exclude(status=ItemStatus.NOT_STARTED).count()
    assert 0 < started < town_started
    assert not Review.objects.filter(item__year=maehom).exists()

    # the officer's pages show it all
    client.force_login(users["officer"])
    url = reverse("disclosure:year", args=[town.agency_id, YEAR])
    page = client.get(url)
    assert page.status_code == 200
    assert dict((i.number, v) for i, v in page.context["indicators"]) == computed
    assert page.context["reviewed"] == reviews.values("item").distinct().count()
    assert 'data-testid="status-O32"' in page.content.decode()
    page = client.get(reverse("disclosure:item", args=[still_rejected.pk]))
    assert (
        page.status_code == 200
        and rejected.get(item=still_rejected).comment in page.content.decode()
    )
    page = client.get(reverse("disclosure:risks", args=[town.agency_id, YEAR]))
    assert page.status_code == 200 and risks[0].process in page.content.decode()

    # the province coordinator's readiness page tells the two apart
    client.force_login(users["province_mhs"])
    page = client.get(reverse("disclosure:readiness"), {"year": YEAR})
    rows = {r["agency"].name: r for r in page.context["rows"]}
    assert rows[TOWN]["with_evidence"] > rows[MAEHOM]["with_evidence"] > 0

    # an officer of another agency gets 404
    client.force_login(users["officer_mdh"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("disclosure:item", args=[still_rejected.pk])).status_code == 404

    # a second run writes nothing, not even an audit event
    before = counts()
    out = StringIO()
    call_command("ita_demo", "--json", stdout=out)
    assert counts() == before
    disclosure = json.loads(out.getvalue())["disclosure"]
    assert (disclosure["years"], disclosure["risks"]) == (2, 3)
    assert disclosure["reviews"] == before["Review"]
