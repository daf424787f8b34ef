"""Open data at national scale (bench/national.py): a year's file read 8,317 rows, and each row's
framework came with the framework's whole definition (tens of kilobytes of JSON parsed per row:
4 s and 350 MB for 600 rows at a tenth of the round). The files need only the framework's code."""

from __future__ import annotations

import pytest

from ita.public.queries import published_results
from ita.public.tests.test_opendata import hostile  # noqa: F401 (the fixture: published results)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("hostile")
def test_published_results_leave_the_framework_definition_unread(world):
    results = list(published_results())
    assert results
    for result in results:
        assert "definition" in result.framework.get_deferred_fields()
        assert result.framework.code.startswith("ita-")
