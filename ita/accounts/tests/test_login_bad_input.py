"""Bad input on the login form (found by ita/tests_access/test_fuzz_forms.py on PostgreSQL)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["ก" * 5000, "a" * 300, "ก" * 150, "x\x00y"])
def test_a_long_or_odd_username_is_a_thai_refusal(client, world, username):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": username, "password": "0"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    assert AccessAttempt.objects.count() <= 1
