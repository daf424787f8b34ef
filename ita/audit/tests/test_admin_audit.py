"""Changes made in the Django admin write audit events, like the pages' actions."""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib import admin
from django.utils import timezone

from ita.agencies.models import Membership, Role
from ita.audit.admin import SECRET, AuditedAdmin
from ita.audit.models import AuditEvent
from ita.lib.thai_dates import numeric_thai_date


@pytest.fixture
def root(world, django_user_model, client):
    user = django_user_model.objects.create_superuser("root", password="pw-for-tests-1")
    client.force_login(user)
    return user


def _form_data(client, url: str) -> dict:
    """The admin form's fields as a browser would post them back untouched."""
    page = lxml.html.fromstring(client.get(url).content.decode())
    (form,) = [f for f in page.forms if f.get("id", "").endswith("_form")]
    return dict(form.form_values())


def _events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_every_registered_admin_is_audited():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdmin), model._meta.label


def test_renaming_an_agency_in_the_admin_is_audited(client, root, world):
    url = f"/admin/agencies/agency/{world.own.pk}/change/"
    data = _form_data(client, url)
    assert data["name"] == "เทศบาลเมืองทดสอบ"
    data["name"] = "เทศบาลเมืองทดสอบใหม่"

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    (event,) = _events("admin.agency_changed")
    assert event.actor == root
    assert event.agency == world.own
    assert (event.object_type, event.object_id) == ("agencies.agency", str(world.own.pk))
    assert event.before == {"name": "เทศบาลเมืองทดสอบ"}
    assert event.after == {"name": "เทศบาลเมืองทดสอบใหม่"}


def test_saving_unchanged_in_the_admin_writes_no_event(client, root, world):
    url = f"/admin/agencies/agency/{world.own.pk}/change/"
    before = AuditEvent.objects.count()
    assert client.post(url, _form_data(client, url)).status_code == 302
    assert AuditEvent.objects.count() == before


def test_an_inline_division_added_renamed_and_deleted_is_audited(client, root, world):
    url = f"/admin/agencies/agency/{world.own.pk}/change/"
    data = _form_data(client, url)
    extra = int(data["divisions-INITIAL_FORMS"])
    data[f"divisions-{extra}-name"] = "กองช่าง"
    assert client.post(url, data).status_code == 302
    (added,) = _events("admin.division_added")
    assert added.after["name"] == "กองช่าง" and added.agency == world.own

    data = _form_data(client, url)
    data["divisions-0-name"] = "กองคลังและพัสดุ"
    data["divisions-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    (renamed,) = _events("admin.division_changed")
    assert (renamed.before, renamed.after) == ({"name": "กองคลัง"}, {"name": "กองคลังและพัสดุ"})
    (deleted,) = _events("admin.division_deleted")
    assert deleted.before["name"] == "กองช่าง"


def test_adding_and_deleting_a_membership_in_the_admin_is_audited(client, root, world):
    data = _form_data(client, "/admin/agencies/membership/add/")
    data |= {"user": str(world.nobody.pk), "role": Role.OFFICER, "agency": str(world.own.pk)}

    response = client.post("/admin/agencies/membership/add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=world.nobody)
    (event,) = _events("admin.membership_added")
    assert event.actor == root and event.agency == world.own
    assert event.object_id == str(membership.pk)
    assert event.before is None
    assert event.after["user"] == f"nobody (#{world.nobody.pk})"
    assert event.after["agency"] == f"เทศบาลเมืองทดสอบ (#{world.own.pk})"
    assert event.after["role"] == Role.OFFICER

    url = f"/admin/agencies/membership/{membership.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    (deleted,) = _events("admin.membership_deleted")
    assert deleted.before == event.after
    assert deleted.object_id == str(membership.pk)


def test_users_in_the_admin_are_audited_without_their_password(client, root):
    data = _form_data(client, "/admin/auth/user/add/")
    data |= {
        "username": "somchai",
        "password1": "Xk3-very-long-pw",
        "password2": "Xk3-very-long-pw",
    }
    data["usable_password"] = "true"
    assert client.post("/admin/auth/user/add/", data).status_code == 302
    (added,) = _events("admin.user_added")
    assert added.after["username"] == "somchai"
    assert added.after["password"] == SECRET

    user = type(root).objects.get(username="somchai")
    url = f"/admin/auth/user/{user.pk}/password/"
    new = {"password1": "Yq9-other-long-pw", "password2": "Yq9-other-long-pw"}
    assert client.post(url, new | {"usable_password": "true"}).status_code == 302
    (changed,) = _events("admin.user_password_changed")
    assert changed.after == {"password": SECRET}
    assert "pbkdf2" not in str(changed.after) and "md5" not in str(added.after)


def test_deleting_selected_rows_in_the_admin_is_audited(client, root, world):
    ids = [str(m.pk) for m in Membership.objects.filter(agency=world.own, role="officer")]
    data = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    assert client.post("/admin/agencies/membership/", data).status_code == 302
    assert len(_events("admin.membership_deleted")) == len(ids) > 0


def test_saving_a_user_unchanged_keeps_its_times_to_the_microsecond(client, root, world):
    user = world.officer
    user.last_login = user.date_joined.replace(microsecond=654321)
    user.save(update_fields=["last_login"])
    url = f"/admin/auth/user/{user.pk}/change/"
    data = _form_data(client, url)
    assert data["date_joined_0"] == numeric_thai_date(timezone.localtime(user.date_joined).date())

    assert client.post(url, data).status_code == 302
    stored = type(user).objects.get(pk=user.pk)
    assert (stored.date_joined, stored.last_login) == (user.date_joined, user.last_login)
    assert not _events("admin.user_changed")
