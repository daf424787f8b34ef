"""The documents' year is a select of exactly the years that have a framework (FY 2570
labelled provisional), last year's by default; a year without one is refused in Thai."""

import re

import pytest
from django.urls import reverse

from ita.documents.models import DocumentBatch

pytestmark = pytest.mark.django_db


def test_batch_year_offers_the_framework_years(client, world, sample_builders):
    client.force_login(world.officer)
    page = client.get(reverse("documents:batch_new")).content.decode()
    select = page[page.index('id="id_fiscal_year"') :].split("</select>")[0]
    assert re.findall(r'<option value="(\d+)"', select) == [str(y) for y in range(2570, 2561, -1)]
    assert "2570 (กรอบชั่วคราว)" in select
    assert re.search(r'<option value="2569" selected>', select)  # last year's result
    response = client.post(
        reverse("documents:batch_new"),
        {"kind": "o42", "fiscal_year": "2580", "output_format": "docx", "agencies": [world.own.pk]},
    )
    assert response.status_code == 200 and "ปีงบประมาณ 2580 ยังไม่มีกรอบการประเมิน" in (
        response.content.decode()
    )
    assert not DocumentBatch.objects.exists()
