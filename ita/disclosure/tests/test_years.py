"""The OIT workspace's years come from frameworks.years: exactly the years with a framework (its
own or declared, FY 2570 using ita-2569 provisionally), the latest begun by default, and a
declared year says so on its page."""

import pytest
from django.urls import reverse

from ita.disclosure import actions
from ita.frameworks import years

pytestmark = pytest.mark.django_db


def test_year_buttons_are_the_years_with_a_framework(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("disclosure:year", args=[world.own.pk, 2569]))
    assert [y for y, _ in response.context["years"]] == years.framework_years()
    assert 2570 in years.framework_years()
    assert "2570 (กรอบชั่วคราว)" in response.content.decode()
    assert 'data-testid="year-notice"' not in response.content.decode()  # 2569 has its own


def test_declared_year_says_it_is_provisional_and_uses_the_declared_framework(client, world):
    governing = years.for_year(2570)
    assert governing.declared and governing.framework.code == "ita-2569"
    client.force_login(world.officer)
    url = reverse("disclosure:year", args=[world.own.pk, 2570])
    assert governing.notice in client.get(url).content.decode()  # before the checklist, too
    client.post(reverse("disclosure:open_year", args=[world.own.pk, 2570]))
    page = client.get(url)
    assert governing.notice in page.content.decode()
    assert page.context["disclosure"].framework.code == "ita-2569"
    assert len(page.context["items"]) == 26


def test_declared_year_continues_the_same_framework_without_marks(client, site_world):
    w = site_world
    y2569 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2569)
    o21 = y2569.items.get(item__code="O21")
    actions.add_evidence(acting_user=w.officer, item=o21, urls=[w.site.url("/page/o21")])
    y2570 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2570)
    client.force_login(w.officer)
    html = client.get(reverse("disclosure:year", args=[w.own.pk, 2570])).content.decode()
    assert 'data-testid="change-' not in html  # ita-2569's items changed in 2569, not 2570
    assert 'data-testid="earlier-O21">มีหลักฐานของปี 2569' in html
    item = y2570.items.get(item__code="O21")
    page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert 'data-testid="proposal-O21"' in page


def test_index_opens_the_default_year_when_the_agency_has_no_checklist(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("disclosure:index"))
    assert response.url == reverse("disclosure:year", args=[world.own.pk, years.default_year()])


@pytest.mark.parametrize(("given", "shown"), [("๒๕๖๙", 2569), ("2570", 2570), ("²", None)])
def test_readiness_reads_the_year_as_officers_write_it(client, world, given, shown):
    client.force_login(world.coordinator)
    response = client.get(reverse("disclosure:readiness"), {"year": given})
    assert response.status_code == 200
    year = shown or years.default_year()  # nonsense falls back to the default, never a 500
    assert response.context["year"] == year
    declared = years.for_year(year).declared
    assert ('data-testid="year-notice"' in response.content.decode()) is declared


def test_a_year_without_a_framework_is_404(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("disclosure:year", args=[world.own.pk, 2571])).status_code == 404
