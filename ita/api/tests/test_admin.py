"""The token admin: an administrator sees who holds which token and revokes one (audited), but
can neither make a token nor read its hash, nor delete the row."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ita.api.models import PersonalAccessToken
from ita.api.tests.conftest import OWN, bearer, token_for
from ita.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:api_personalaccesstoken_changelist"


@pytest.fixture
def root(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", password="pw-tests-1"))
    return client


def test_the_admin_lists_tokens_without_their_hash(root, world):
    token_for(world.officer, name="สคริปต์รายงาน")
    stored = PersonalAccessToken.objects.get()
    page = root.get(reverse(CHANGELIST)).content.decode()
    assert "สคริปต์รายงาน" in page and stored.prefix in page
    change = root.get(reverse("admin:api_personalaccesstoken_change", args=[stored.pk]))
    assert change.status_code == 200
    assert stored.secret_hash not in change.content.decode()
    assert root.get(reverse("admin:api_personalaccesstoken_add")).status_code == 403
    delete = reverse("admin:api_personalaccesstoken_delete", args=[stored.pk])
    assert root.post(delete, {"post": "yes"}).status_code == 403
    assert PersonalAccessToken.objects.count() == 1


def test_revoking_from_the_admin_stops_the_token_and_is_audited(root, world, api):
    token = token_for(world.officer)
    other = token_for(world.foreign_officer)
    url = f"/api/v1/agencies/{OWN}/surveys"
    assert api.get(url, **bearer(token)).status_code == 200
    mine = PersonalAccessToken.objects.get(user=world.officer)
    response = root.post(reverse(CHANGELIST), {"action": "revoke", "_selected_action": [mine.pk]})
    assert response.status_code == 302
    assert api.get(url, **bearer(token)).status_code == 401
    assert api.get("/api/v1/agencies/", **bearer(other)).status_code == 200  # only the chosen
    event = AuditEvent.objects.get(action="api.token_revoked_by_admin")
    assert event.actor.username == "root" and event.object_id == str(mine.pk)
    # revoking again changes nothing and writes nothing
    first = PersonalAccessToken.objects.get(pk=mine.pk).revoked_at
    root.post(reverse(CHANGELIST), {"action": "revoke", "_selected_action": [mine.pk]})
    assert PersonalAccessToken.objects.get(pk=mine.pk).revoked_at == first
    assert AuditEvent.objects.filter(action="api.token_revoked_by_admin").count() == 1


def test_a_non_staff_user_cannot_reach_it(world):
    client = Client()
    client.force_login(world.officer)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
