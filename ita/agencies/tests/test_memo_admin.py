"""The admin side of the approval memo (issue 11): the installation's ครุฑ uploaded by the national
admin is checked by content as the agency's page checks it, stored as PNG, and audited; an
agency type's opinion chain edited there replaces the data file's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita.agencies.chains import chain_for
from ita.agencies.garuda import garuda_for
from ita.agencies.models import AgencyType, Garuda, OpinionStep
from ita.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (50, 55), "white").save(out, fmt)
    return out.getvalue()


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw-for-tests-1")
    client.force_login(admin)
    return client


def test_installation_garuda_in_the_admin(admin_client, world):
    url = reverse("admin:agencies_garuda_add")
    gif = SimpleUploadedFile("garuda.png", image("GIF"), "image/png")
    response = admin_client.post(url, {"image": gif})
    assert response.status_code == 200 and "รับเฉพาะภาพ PNG หรือ JPEG" in response.content.decode()
    assert not Garuda.objects.exists()
    jpeg = SimpleUploadedFile("garuda.jpg", image("JPEG"), "image/jpeg")
    assert admin_client.post(url, {"image": jpeg}).status_code == 302
    row = Garuda.objects.get()
    assert row.agency is None and row.uploaded_by.username == "root"
    printed = garuda_for(world.own)
    assert printed.png.startswith(b"\x89PNG") and not printed.placeholder
    assert AuditEvent.objects.filter(action="admin.garuda_added").exists()


def test_a_types_chain_edited_in_the_admin(admin_client, world):
    url = reverse("admin:agencies_opinionstep_add")
    data = {"agency_type": AgencyType.TOWN_MUNICIPALITY, "order": 1, "title": "ปลัด{agency}",
            "role": "executive"}  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    assert [s.title for s in chain_for(world.own)] == ["ปลัดเทศบาลเมืองทดสอบ"]
    assert AuditEvent.objects.filter(action="admin.opinionstep_added").exists()
    # neither a type nor an agency: refused by the model's constraint, nothing written
    bad = admin_client.post(url, data | {"agency_type": "", "order": 2})
    assert bad.status_code == 200 and OpinionStep.objects.count() == 1
