"""Bad input is a 422 in Thai (JSON, never HTML, never a 500), and so is everything else that
goes wrong: unknown paths, missing things, a wrong method."""

from __future__ import annotations

import pytest

from ita.api.tests.conftest import OWN

pytestmark = pytest.mark.django_db


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
    for path in ("/api/v1/nothing/here", "/api/v1/agencies/NONE", "/api/v1/frameworks/none"):
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail_en"] == "Not found"
    root = api.get("/api/v1/")
    assert root.status_code == 200 and root.json()["openapi"] == "/api/v1/openapi.json"


def test_the_api_writes_nothing(api, world):
    assert api.post("/api/v1/agencies/").status_code == 405
    assert api.delete(f"/api/v1/agencies/{OWN}").status_code == 405
