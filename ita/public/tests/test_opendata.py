"""Open data: each file of a year validated against the published Table Schema, formula
injection escaped in CSV and XLSX, and the files read with a constant number of queries.

The validation is a small check of the Table Schema rules the schema uses (field order, types
integer/number/string, required, enum, minimum/maximum, the primary key) rather than the
`frictionless` package: that one would bring about thirty packages (pydantic, typer, rich,
requests, petl, …) into the locks for one test, and the rules used here are few and stable."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ita.agencies.models import Agency, AgencyType
from ita.assessments.actions import record_result
from ita.public import actions, opendata
from ita.public.tests.conftest import YEAR

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://evil.example/x","คลิก")'


@pytest.fixture(autouse=True)
def thai_afterwards():
    """The locale middleware leaves the last request's language active in the thread: code
    called directly by the next tests would answer in English."""
    yield
    translation.deactivate()


def _number(value):
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int | float):
        return Decimal(str(value))
    return Decimal(value)


def _integer(value):
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError("not an integer")
    return int(value)


CASTS = {"number": _number, "integer": _integer, "string": str}


def validate(header: list[str], rows: list[list], schema: dict) -> list[str]:
    """The Table Schema rules this schema uses; returns the problems (none = valid)."""
    fields = schema["fields"]
    problems = []
    if header != [f["name"] for f in fields]:
        return [f"header {header} is not the schema's fields"]
    keys = set()
    for n, row in enumerate(rows, 2):
        if len(row) != len(fields):
            problems.append(f"row {n}: {len(row)} cells")
            continue
        for field, value in zip(fields, row, strict=True):
            c = field.get("constraints", {})
            if value is None or value in schema.get("missingValues", [""]):
                if c.get("required"):
                    problems.append(f"row {n}: {field['name']} is required")
                continue
            try:
                cast = CASTS[field["type"]](value)
            except (ValueError, InvalidOperation, TypeError):
                problems.append(f"row {n}: {field['name']}={value!r} is not {field['type']}")
                continue
            if "enum" in c and cast not in c["enum"]:
                problems.append(f"row {n}: {field['name']}={value!r} not in enum")
            if ("minimum" in c and cast < c["minimum"]) or ("maximum" in c and cast > c["maximum"]):
                problems.append(f"row {n}: {field['name']}={value!r} out of range")
        key = tuple(row[header.index(k)] for k in schema["primaryKey"])
        if key in keys:
            problems.append(f"row {n}: primary key {key} repeated")
        keys.add(key)
    return problems


def test_the_validator_refuses_what_the_schema_refuses():
    schema = opendata.SCHEMA
    names = [f["name"] for f in schema["fields"]]
    good = ["X1", "ก", "sao", "แม่ฮ่องสอน", "", "2566", "ita-2566", *["50.00"] * 14, "C"]
    assert validate(names, [good], schema) == []
    bad = list(good)
    bad[2], bad[5], bad[7], bad[0] = "castle", "ปี 2566", "101", ""
    problems = validate(names, [bad, good, good], schema)
    assert any("agency_type" in p and "enum" in p for p in problems)
    assert any("fiscal_year" in p and "not integer" in p for p in problems)
    assert any("i1" in p and "out of range" in p for p in problems)
    assert any("agency_code is required" in p for p in problems)
    assert any("primary key" in p for p in problems)
    assert validate(names[::-1], [good], schema) != []


@pytest.fixture
def hostile(world, published):
    """A second published result, of an agency whose name is a spreadsheet formula."""
    agency = Agency.objects.create(
        code="@EVIL", name=HOSTILE, agency_type=AgencyType.SAO, province=world.province
    )
    scores = {n: Decimal("70.50") for n in range(1, 11)}
    record_result(acting_user=world.national, agency=agency, fiscal_year=YEAR,
                  indicator_scores=scores)  # fmt: skip
    actions.publish(acting_user=world.national, agency=agency, kind="result", fiscal_year=YEAR)
    # and a result that is recorded but not published: it must not be in the files
    record_result(acting_user=world.national, agency=world.neighbour, fiscal_year=YEAR,
                  indicator_scores=scores)  # fmt: skip
    return agency


def _get(fmt: str):
    response = Client().get(reverse("public:data_file", args=[YEAR, fmt]))
    assert response.status_code == 200
    assert f"ita-results-{YEAR}.{fmt}" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    return response


def _schema() -> dict:
    return json.loads(Client().get(reverse("public:data_schema")).content)


def test_csv_is_valid_and_escaped(world, hostile):
    text = _get("csv").content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert validate(header, rows, _schema()) == []
    by_code = {r[0].lstrip("'"): dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_code) == {"T-OWN", "@EVIL"}  # the neighbour did not publish
    evil = by_code["@EVIL"]
    assert evil["agency_name"] == "'" + HOSTILE
    assert evil["agency_code"] == "'@EVIL"
    own = by_code["T-OWN"]
    result = world.own.results.get(fiscal_year=YEAR)
    assert own["total"] == f"{result.total:.2f}" and own["level"] == result.level_label
    assert own["i10"] == f"{result.scores.get(indicator__number=10).score:.2f}"
    assert own["framework"] == result.framework.code


def test_xlsx_is_valid_and_never_a_formula(world, hostile):
    book = load_workbook(io.BytesIO(_get("xlsx").content))
    sheet = book.active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert validate(header, rows, _schema()) == []
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    name = next(c for c in cells if c.value and HOSTILE in str(c.value))
    assert name.value == "'" + HOSTILE and name.data_type == "s"
    assert all(c.data_type != "f" for c in cells)
    totals = [r[header.index("total")] for r in rows]
    assert all(isinstance(t, float) for t in totals)


def test_json_is_valid_and_keeps_the_text(world, hostile):
    data = json.loads(_get("json").content)
    header = list(data[0])
    rows = [[row[k] if row[k] != "" else None for k in header] for row in data]
    assert validate(header, rows, _schema()) == []
    assert {r["agency_name"] for r in data} == {world.own.name, HOSTILE}  # data, not a sheet
    assert all(isinstance(r["total"], float) and isinstance(r["fiscal_year"], int) for r in data)


def test_files_are_read_with_constant_queries(world, hostile, django_assert_max_num_queries):
    with django_assert_max_num_queries(3) as first:
        opendata.rows(YEAR)
    for i in range(15):
        agency = Agency.objects.create(
            code=f"B{i}", name=f"อบต.ที่ {i}", agency_type="sao", province=world.province
        )
        record_result(acting_user=world.national, agency=agency, fiscal_year=YEAR,
                      indicator_scores={n: Decimal("80") for n in range(1, 11)})  # fmt: skip
        actions.publish(acting_user=world.national, agency=agency, kind="result", fiscal_year=YEAR)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(opendata.rows(YEAR)) == 17


def test_a_year_without_published_results_is_404(world, hostile):
    c = Client()
    assert c.get(reverse("public:data_file", args=[2560, "csv"])).status_code == 404
    assert c.get(reverse("public:data_file", args=[YEAR, "ods"])).status_code == 404
    assert c.get(reverse("public:datapackage", args=[2560])).status_code == 404


def test_public_templates_are_clean_for_the_policy():
    from pathlib import Path

    from ita.accounts.tests.test_templates_clean import offenders

    root = Path(__file__).resolve().parents[1] / "templates"
    assert list(root.rglob("*.html"))
    assert offenders(root) == []


def test_the_data_page_lists_the_columns_in_english_and_the_schema_stays_thai(world, published):
    thai_schema = Client().get(reverse("public:data_schema")).content
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = english.get(reverse("public:data")).content.decode()
    assert "Indicator 1 score" in page and "Agency code" in page and "CC BY 4.0" in page
    assert "คะแนนตัวชี้วัดที่ 1" not in page and "สัญญาอนุญาตครีเอทีฟคอมมอนส์" not in page
    assert english.get(reverse("public:data_schema")).content == thai_schema
    assert "คะแนนตัวชี้วัดที่ 1" in thai_schema.decode()
    with translation.override("th"):  # the page's titles are the schema's, under Thai
        assert [f["title"] for f in opendata.shown_fields()] == [
            f["title"] for f in opendata.FIELDS
        ]
