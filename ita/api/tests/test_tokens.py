"""Personal access tokens: made on the user's own page and shown once, kept only as a hash,
revocable, audited; a bad token is 401 with a Thai and English message; no session is read."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import serializers
from django.db import connection
from django.utils import timezone

from ita.api import actions, tokens
from ita.api.models import PersonalAccessToken
from ita.api.tests.conftest import OWN, bearer, token_for
from ita.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
SURVEYS = f"/api/v1/agencies/{OWN}/surveys"


def test_shape_and_parse():
    parts = tokens.new_parts()
    assert tokens.parse(parts.token) == parts
    assert tokens.parse(f"  {parts.token}\n") == parts
    for bad in (
        "",
        "ita_",
        parts.token + "0",
        parts.token.upper(),
        "ita_zz_" + parts.secret,
        parts.token.replace("ita_", "xyz_"),
        "ita_" + parts.prefix + "_" + "g" * 64,
    ):
        assert tokens.parse(bad) is None, bad  # fmt: skip
    assert tokens.matches(parts.secret, tokens.hash_secret(parts.secret))
    other = "1" if parts.secret.endswith("0") else "0"  # a secret ending in 0 was 1 run in 16
    assert not tokens.matches(parts.secret[:-1] + other, tokens.hash_secret(parts.secret))


def test_only_the_hash_is_stored(world):
    token, text = actions.create_token(acting_user=world.officer, name="รายงาน")
    secret = tokens.parse(text).secret
    assert text.startswith(f"ita_{token.prefix}_")
    row = serializers.serialize("json", PersonalAccessToken.objects.all())
    audit = serializers.serialize("json", AuditEvent.objects.all())
    assert secret not in row and secret not in audit and token.secret_hash in row
    with connection.cursor() as cursor:  # every column of the row, as the database has it
        cursor.execute(f"SELECT * FROM {PersonalAccessToken._meta.db_table}")
        dump = json.dumps([list(map(str, r)) for r in cursor.fetchall()])
    assert secret not in dump and tokens.hash_secret(secret) in dump


def test_create_and_revoke_are_audited(world):
    token, _ = actions.create_token(acting_user=world.officer, name="รายงาน")
    actions.revoke_token(acting_user=world.officer, token=token)
    events = AuditEvent.objects.filter(object_type="api.personalaccesstoken").order_by("pk")
    assert [e.action for e in events] == ["api.token_created", "api.token_revoked"]
    assert events[0].after["prefix"] == token.prefix and events[0].actor == world.officer
    with pytest.raises(actions.TokenError, match="ถูกเพิกถอนไปแล้ว"):
        actions.revoke_token(acting_user=world.officer, token=token)
    other, _ = actions.create_token(acting_user=world.officer, name="อื่น")
    with pytest.raises(actions.TokenError, match="เฉพาะโทเค็นของตนเอง"):
        actions.revoke_token(acting_user=world.foreign_officer, token=other)
    assert PersonalAccessToken.objects.get(pk=other.pk).revoked_at is None


def test_bad_names_and_dates_are_thai_errors(world):
    with pytest.raises(actions.TokenError, match="ตั้งชื่อ"):
        actions.create_token(acting_user=world.officer, name="  ")
    with pytest.raises(actions.TokenError, match="วันหมดอายุ"):
        actions.create_token(acting_user=world.officer, name="x", expires_on=timezone.localdate())
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown", "malformed", "inactive"])
def test_a_token_that_is_not_good_is_401(api, world, wave, how):
    token, text = actions.create_token(acting_user=world.officer, name="x")
    assert api.get(SURVEYS, **bearer(text)).status_code == 200
    if how == "revoked":
        actions.revoke_token(acting_user=world.officer, token=token)
    elif how == "expired":
        PersonalAccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif how == "unknown":
        text = tokens.new_parts().token
    elif how == "malformed":
        text = text[:-1]
    else:
        world.officer.is_active = False
        world.officer.save()
    for path in (SURVEYS, "/api/v1/agencies/"):  # a public endpoint too: no silent downgrade
        response = api.get(path, **bearer(text))
        assert response.status_code == 401, (how, path)
        body = response.json()
        assert body["detail"].startswith("ต้องใช้โทเค็นส่วนตัว") and "token" in body["detail_en"]
        assert response["WWW-Authenticate"] == "Bearer"


def test_last_used_is_written_at_most_once_a_minute(api, world, wave):
    token, text = actions.create_token(acting_user=world.officer, name="x")
    api.get(SURVEYS, **bearer(text))
    first = PersonalAccessToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    api.get(SURVEYS, **bearer(text))
    assert PersonalAccessToken.objects.get(pk=token.pk).last_used_at == first
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        last_used_at=first - dt.timedelta(minutes=2)
    )
    api.get(SURVEYS, **bearer(text))
    assert PersonalAccessToken.objects.get(pk=token.pk).last_used_at > first


def test_a_session_is_no_key(api, world, wave):
    """Logged in on the site, the browser's cookie reads nothing private (no CSRF side door)."""
    api.force_login(world.officer)
    assert api.get(SURVEYS).status_code == 401
    assert api.get(SURVEYS, **bearer(token_for(world.officer))).status_code == 200


def test_the_token_page_shows_a_new_token_once(api, world):
    api.force_login(world.officer)
    page = api.get("/accounts/me/tokens/")
    assert page.status_code == 200 and "ยังไม่มีโทเค็น" in page.content.decode()
    made = api.post("/accounts/me/tokens/", {"name": "ระบบรายงานจังหวัด", "expires_on": "31/12/2599"})
    html = made.content.decode()
    token = PersonalAccessToken.objects.get(user=world.officer)
    (shown,) = re.findall(r"ita_[0-9a-f]{8}_[0-9a-f]{64}", html)  # once, in the warning box
    assert shown.startswith(f"ita_{token.prefix}_")
    secret = tokens.parse(shown).secret
    assert tokens.matches(secret, token.secret_hash)
    assert token.expires_at.astimezone(timezone.get_current_timezone()).date() == dt.date(
        2056, 12, 31
    )
    again = api.get("/accounts/me/tokens/").content.decode()
    assert secret not in again and f"ita_{token.prefix}_…" in again and "31 ธ.ค. 2599" in again
    assert made["Cache-Control"].startswith("max-age=0") or "no-cache" in made["Cache-Control"]


def test_the_token_page_refuses_bad_input_in_thai(api, world):
    api.force_login(world.officer)
    for data in ({"name": ""}, {"name": "x", "expires_on": "32/13/2567"}, {"name": "a\x00b"},
                 {"name": "x" * 101}):  # fmt: skip
        response = api.post("/accounts/me/tokens/", data)
        assert response.status_code == 422, data
        assert "alert-danger" in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


def test_revoke_on_the_page_only_ones_own(api, world):
    token, text = actions.create_token(acting_user=world.officer, name="x")
    api.force_login(world.foreign_officer)
    assert api.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 404
    assert api.post(f"/accounts/me/tokens/{10**30}/revoke/").status_code == 404  # not a 500
    api.force_login(world.officer)
    response = api.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert PersonalAccessToken.objects.get(pk=token.pk).revoked_at is not None
    page = api.get("/accounts/me/tokens/").content.decode()
    assert "เพิกถอนแล้ว" in page
    assert api.get("/api/v1/agencies/", **bearer(text)).status_code == 401


def test_the_account_page_links_to_the_tokens(api, world):
    api.force_login(world.officer)
    assert 'href="/accounts/me/tokens/"' in api.get("/accounts/me/").content.decode()
