"""The item page tells the officer what the item must show: its criteria, its period, and for a
provisional item what is known and where it comes from (note and source). No item of a shipped
framework falls back to "no criteria yet"."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from ita.disclosure import actions
from ita.frameworks.models import Framework

pytestmark = pytest.mark.django_db
NO_CRITERIA = "ยังไม่มีรายละเอียดเกณฑ์"


def _page(client, world, fiscal_year: int, code: str) -> str:
    year = actions.open_year(acting_user=world.officer, agency=world.own, fiscal_year=fiscal_year)
    client.force_login(world.officer)
    item = year.items.get(item__code=code)
    return client.get(reverse("disclosure:item", args=[item.pk])).content.decode()


def test_o38_of_fy_2567_shows_what_is_known_instead_of_no_criteria(client, world):
    spec_item = Framework.for_year(2567).spec.item("O38")
    assert not spec_item.criteria and spec_item.provisional  # the case of the issue
    page = _page(client, world, 2567, "O38")
    assert NO_CRITERIA not in page
    assert escape(spec_item.note) in page and escape(spec_item.source) in page
    assert "ยังไม่ยืนยัน" in page


def test_fy_2568_item_shows_its_criteria_and_period(client, world):
    spec_item = Framework.for_year(2568).spec.item("O1")
    assert spec_item.criteria and spec_item.period
    page = _page(client, world, 2568, "O1")
    for criterion in spec_item.criteria:
        assert escape(criterion) in page
    assert escape(spec_item.period) in page


def test_fy_2569_item_without_criteria_shows_note_and_source(client, world):
    spec_item = Framework.for_year(2569).spec.item("O21")
    page = _page(client, world, 2569, "O21")
    assert NO_CRITERIA not in page
    assert escape(spec_item.note) in page and escape(spec_item.source) in page
    assert escape(spec_item.period) in page


def test_a_confirmed_item_shows_no_provisional_remark(client, world):
    spec_item = Framework.for_year(2566).spec.item("O1")
    assert not spec_item.provisional
    page = _page(client, world, 2566, "O1")
    assert "ยังไม่ยืนยัน" not in page


@pytest.mark.parametrize("fiscal_year", [2565, 2566, 2568, 2569])
def test_no_item_of_a_shipped_framework_says_no_criteria(client, world, fiscal_year):
    year = actions.open_year(acting_user=world.officer, agency=world.own, fiscal_year=fiscal_year)
    client.force_login(world.officer)
    spec = year.framework.spec
    for item in year.items.select_related("item"):
        page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
        assert NO_CRITERIA not in page, (fiscal_year, item.item.code)
        spec_item = spec.item(item.item.code)
        shown = spec_item.criteria or (spec_item.note,)
        assert all(escape(text) in page for text in shown), (fiscal_year, item.item.code)
