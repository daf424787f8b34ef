"""Respondents of a FY 2569 wave answer questions whose wording is provisional, but they never
see why: an item's note and source (what the research found, and where) are for officers. The
officer sees them on the OIT item page of the same framework."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from ita.disclosure import actions as disclosure
from ita.frameworks.models import Framework

from .conftest import open_wave, token_of

pytestmark = pytest.mark.django_db
YEAR = 2569  # every item of ita-2569 is provisional, with a note or a source


def _hidden_texts(spec) -> list[str]:
    """Every note and source of the framework's items, as they would appear in a page."""
    texts = {t for item in spec.items for t in (item.note, item.source) if t.strip()}
    return sorted(texts | {escape(t) for t in texts})


def _respondent_pages(client, world) -> dict[str, str]:
    iit = open_wave(world, "IIT", fiscal_year=YEAR)
    eit = open_wave(world, "EIT", population=0, fiscal_year=YEAR)
    urls = {
        "IIT": reverse("surveys:respond_iit", args=[iit.public_code, token_of(iit, 1)]),
        "EIT": reverse("surveys:respond_eit", args=[eit.public_code]),
    }
    pages = {}
    for tool, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, tool
        pages[tool] = response.content.decode()
    return pages


def test_respondents_never_see_item_notes_sources_or_the_provisional_remark(client, world):
    spec = Framework.objects.get(code="ita-2569").spec
    assert all(item.provisional for item in spec.items_of_tool("IIT"))  # the case worth testing
    for tool, page in _respondent_pages(client, world).items():
        assert spec.items_of_tool(tool)[0].title in page, tool  # the questionnaire is there
        assert "ยังไม่ยืนยัน" not in page, tool
        assert "[S]" not in page and "[U]" not in page, tool  # the research's markers
        for text in _hidden_texts(spec):
            assert text not in page, (tool, text[:60])


def test_the_officer_sees_the_note_and_source_of_the_same_framework(client, world):
    year = disclosure.open_year(acting_user=world.officer, agency=world.own, fiscal_year=YEAR)
    item = year.items.get(item__code="O6")  # title unknown: provisional, with a note
    spec_item = year.framework.spec.item("O6")
    assert spec_item.provisional and spec_item.note and spec_item.source
    client.force_login(world.officer)
    page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert escape(spec_item.note) in page
    assert escape(spec_item.source) in page
    assert "ยังไม่ยืนยัน" in page
