"""The demo gives the portal content: published results, documents and OIT pages, some results
held back; a second run publishes nothing more."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ita.assessments.models import Assessment
from ita.public.models import Kind, Publication

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_some_of_everything(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("ita_demo", stdout=StringIO())
    kinds = set(Publication.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values)
    results = Publication.objects.filter(kind=Kind.RESULT).count()
    assert 0 < results < Assessment.objects.filter(source="official").count()
    c = Client()
    o43 = Publication.objects.filter(kind=Kind.O43).select_related("agency").first()
    url = reverse("public:o43", args=[o43.agency.code, o43.fiscal_year, o43.round_month, "docx"])
    assert c.get(url).status_code == 200
    oit = Publication.objects.filter(kind=Kind.DISCLOSURE).select_related("agency").first()
    assert (
        c.get(
            reverse("public:disclosure_embed", args=[oit.agency.code, oit.fiscal_year])
        ).status_code
        == 200
    )
    year = Publication.objects.filter(kind=Kind.RESULT).latest("fiscal_year").fiscal_year
    assert c.get(reverse("public:data_file", args=[year, "csv"])).status_code == 200

    before = Publication.objects.count()
    call_command("ita_demo", stdout=StringIO())
    assert Publication.objects.count() == before
