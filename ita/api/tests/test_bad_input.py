"""Bad input is a 422 in Thai (JSON, never HTML, never a 500), and so is everything else that
goes wrong: unknown paths, missing things, a wrong method; in English when the caller asks
(Accept-Language: en), with `detail_en` English always."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from ita.api.tests.conftest import OWN

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture(autouse=True)
def thai_afterwards():
    """The locale middleware leaves the last request's language active in the thread: code
    called directly by the next tests would answer in English."""
    yield
    translation.deactivate()


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/v1/agencies/?limit=0", "limit", "ต้องไม่น้อยกว่า 1"),
        ("/api/v1/agencies/?limit=101", "limit", "ต้องไม่มากกว่า 100"),
        ("/api/v1/agencies/?offset=-1", "offset", "ต้องไม่น้อยกว่า 0"),
        ("/api/v1/agencies/?offset=99999999999999999999", "offset", "ต้องไม่มากกว่า 1000000"),
        ("/api/v1/agencies/?limit=abc", "limit", "ต้องเป็นจำนวนเต็ม"),
        ("/api/v1/agencies/?type=castle", "type", "ไม่ใช่ค่าที่ระบบรู้จัก"),
        ("/api/v1/agencies/?q=%00", "q", "มีอักขระที่ใช้ไม่ได้"),
        ("/api/v1/agencies/?q=" + "ก" * 101, "q", "ยาวได้ไม่เกิน 100 ตัวอักษร"),
        (f"/api/v1/agencies/{OWN}/results/99999999999", "year", "ต้องไม่มากกว่า 2700"),
        (f"/api/v1/agencies/{OWN}/results/2024", "year", "ต้องไม่น้อยกว่า 2556"),
        ("/api/v1/agencies/%00/results", "code", "มีอักขระที่ใช้ไม่ได้"),
    ],
)
def test_bad_values_are_422_in_thai(api, world, path, field, message):
    response = api.get(path)
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert body["detail"] == "ข้อมูลที่ส่งมาไม่ถูกต้อง" and body["detail_en"] == "Invalid request"
    assert {"field": field, "message": message} in body["errors"]


def test_errors_are_json(api, world):
    for path, english in (
        ("/api/v1/nothing/here", "Not found"),
        ("/api/v1/agencies/NONE", "No agency found"),
        ("/api/v1/frameworks/none", "Framework not found"),
    ):
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail_en"] == english
        assert THAI.search(response.json()["detail"])  # Thai unless English is asked for
    root = api.get("/api/v1/")
    assert root.status_code == 200 and root.json()["openapi"] == "/api/v1/openapi.json"


def test_the_api_writes_nothing(api, world):
    assert api.post("/api/v1/agencies/").status_code == 405
    assert api.delete(f"/api/v1/agencies/{OWN}").status_code == 405


def test_errors_are_in_english_when_the_caller_asks(api, world):
    bad = api.get("/api/v1/agencies/?limit=0", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 422
    assert bad.json()["detail"] == bad.json()["detail_en"] == "Invalid request"
    assert {"field": "limit", "message": "Must be at least 1"} in bad.json()["errors"]
    missing = api.get("/api/v1/agencies/NONE", HTTP_ACCEPT_LANGUAGE="en").json()
    assert missing["detail"] == "No agency found"
    unknown = api.get("/api/v1/nothing/here", HTTP_ACCEPT_LANGUAGE="en").json()
    assert unknown["detail"] == "Not found"
