"""The agency search (home page ?q=) with a NUL byte: PostgreSQL refuses NUL in a query's text,
so it was a 500 there (found by ita/tests_access/test_fuzz_forms.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_search_with_a_nul_byte_finds_as_without_it(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("home"), {"q": "ทดสอบ\x00"})
    assert response.status_code == 200
    assert world.own.name in response.content.decode()
