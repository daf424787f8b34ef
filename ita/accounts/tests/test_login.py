"""Finding 7: a password could be guessed without limit (50 wrong, then the right one logged in),
and there was no password reset. Throttling is per account and per address."""

import datetime as dt
import importlib
import re

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def attempt(client, username, password, addr="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, world):
    for _ in range(50):
        attempt(client, "officer", "wrong-guess")
    response = attempt(client, "officer", PASSWORD)
    assert not logged_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page and "15 นาที" in page
    assert 'href="/static/css/ita.css"' in page  # the site's own page, not a bare message


def test_the_account_is_locked_from_another_address_too(client, world):
    for _ in range(5):
        attempt(client, "officer", "wrong-guess", addr="203.0.113.7")
    assert attempt(client, "officer", PASSWORD, addr="198.51.100.9").status_code == 429
    assert not logged_in(client)


def test_one_address_guessing_many_accounts_is_locked(client, world):
    for name in ("officer", "executive", "assessor", "division_head", "coordinator"):
        attempt(client, name, "wrong-guess")
    assert attempt(client, "national", PASSWORD).status_code == 429
    assert not logged_in(client)
    # another address still logs the same account in
    attempt(client, "national", PASSWORD, addr="198.51.100.9")
    assert logged_in(client)


def test_four_mistakes_still_let_the_user_in_and_the_lock_lifts_after_the_cool_off(client, world):
    from axes.models import AccessAttempt

    for _ in range(4):
        response = attempt(client, "officer", "wrong-guess")
        assert response.status_code == 200
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    attempt(client, "officer", "wrong-guess")
    assert attempt(client, "officer", PASSWORD).status_code == 429
    # 16 minutes later (the attempts' times moved back: the cool-off is 15 minutes)
    past = dt.timedelta(minutes=16)
    for a in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=a.pk).update(attempt_time=a.attempt_time - past)
    attempt(client, "officer", PASSWORD)
    assert logged_in(client)


def test_passwords_are_hashed_with_argon2_in_the_configured_settings(settings):
    # conftest swaps in MD5 for speed; the settings module itself is what production runs.
    configured = importlib.import_module("ita.settings")
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS
    encoded = make_password("a-long-password-1")
    assert encoded.startswith("argon2$argon2id$")  # argon2-cffi is installed and used
    assert check_password("a-long-password-1", encoded)
    # a PBKDF2 hash made before this change still verifies (and is upgraded at the next login)
    assert check_password("old-password-1", make_password("old-password-1", hasher="pbkdf2_sha256"))


def test_password_reset_by_email(client, world):
    from ita.audit.models import AuditEvent

    world.officer.email = "officer@own.example.go.th"
    world.officer.save()
    page = client.get(reverse("password_reset")).content.decode()
    assert "ลืมรหัสผ่าน" in page
    response = client.post(reverse("password_reset"), {"email": "officer@own.example.go.th"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@own.example.go.th"]
    assert "ตั้งรหัสผ่านใหม่" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)

    form_url = client.get(link).url  # Django moves the token out of the URL first
    page = client.get(form_url).content.decode()
    assert "ตั้งรหัสผ่านใหม่" in page
    new = "a-new-long-password-77"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert "เปลี่ยนรหัสผ่านแล้ว" in client.get(response.url).content.decode()
    assert AuditEvent.objects.filter(action="password_reset", object_id=str(world.officer.pk))

    attempt(client, "officer", new)
    assert logged_in(client)


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, world):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
