"""The OIT disclosure page an officer downloads (or copies) for the agency's website is Thai
even when the officer reads the system in English: it is the agency's publication, put on its
Thai website as it is. The page around it follows the officer's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ita.tests_access.test_permission_matrix import OFFICER, Objects

pytestmark = pytest.mark.django_db


def test_the_downloaded_page_is_thai_for_an_officer_reading_english(
    world, other_division, django_user_model
):
    o = Objects(world, other_division, django_user_model)
    url = reverse("disclosure:page", args=[world.own.pk, o.year.fiscal_year])
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.cookies["django_language"] = "en"
    english.force_login(o.users[OFFICER])
    thai = Client()
    thai.force_login(o.users[OFFICER])
    download = english.get(url, {"download": 1}).content.decode()
    assert download == thai.get(url, {"download": 1}).content.decode()
    assert "การเปิดเผยข้อมูลสาธารณะ (Open Data Integrity" in download
    page = english.get(url).content.decode()
    assert '<html lang="en"' in page and "ดาวน์โหลดไฟล์ HTML" not in page
