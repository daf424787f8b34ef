"""Import of official results from CSV/XLSX: all or nothing, every problem reported with the row
and column the user sees, agency scope enforced without revealing other agencies' codes."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import SEED_001_2566, SEED_002_2565
from ita.agencies.models import Agency, AgencyType
from ita.assessments.importing import (
    MAX_ROWS,
    RowError,
    confirm_import,
    import_results,
    template_file,
)
from ita.assessments.models import Assessment, ResultImport
from ita.audit.models import AuditEvent
from ita.lib.thai_text import to_thai_digits

HEADER = ["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "ปีงบประมาณ"] + [f"ตัวชี้วัดที่ {n}" for n in range(1, 11)]
SCORES_2565 = [SEED_002_2565[n] for n in range(1, 11)]
SCORES_2566 = [SEED_001_2566[n] for n in range(1, 11)]


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8-sig", sep: str = ",") -> bytes:
    lines = [sep.join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(user, rows, filename="ผล.csv", **kwargs):
    content = xlsx_bytes(rows) if filename.lower().endswith(".xlsx") else csv_bytes(rows, **kwargs)
    return import_results(acting_user=user, filename=filename, content=content)


def result(agency, year) -> Assessment:
    return Assessment.objects.get(agency=agency, fiscal_year=year)


def only_error(outcome) -> RowError:
    assert not outcome.ok
    assert len(outcome.errors) == 1, outcome.errors
    return outcome.errors[0]


NEIGHBOUR_2565 = ["T-NEIGHBOUR", "", "2565", *SCORES_2565]
NOT_FOUND = "ไม่พบหน่วยงานรหัส {} หรือท่านไม่มีสิทธิ์นำเข้าผลของหน่วยงานนี้"


# --- good files ----------------------------------------------------------------------------


def test_good_csv_with_two_agencies(world):
    outcome = run(
        world.coordinator,
        [
            HEADER,
            ["T-OWN", "เทศบาลเมืองทดสอบ", "2565", *SCORES_2565],
            ["T-NEIGHBOUR", "อบต.ข้างเคียง", "2566", *SCORES_2566],
        ],
    )
    assert outcome.ok, outcome.errors
    assert outcome.errors == []
    assert len(outcome.imported) == 2
    own = result(world.own, 2565)
    assert (own.total, own.level_code) == (Decimal("71.03"), "C")
    assert own.scores.get(indicator__number=10).score == Decimal("37.50")
    neighbour = result(world.neighbour, 2566)
    assert (neighbour.total, neighbour.level_code) == (Decimal("89.55"), "PASS")
    assert neighbour.updated_by == world.coordinator
    notes = set(AuditEvent.objects.values_list("note", flat=True))
    assert notes == {"นำเข้าจากไฟล์ ผล.csv"}


def test_tis620_csv(world):
    rows = [HEADER, ["T-OWN", "เทศบาลเมืองทดสอบ", "2565", *SCORES_2565]]
    content = csv_bytes(rows, encoding="cp874")
    content.decode("cp874")  # really TIS-620, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    outcome = import_results(acting_user=world.officer, filename="ita.csv", content=content)
    assert outcome.ok, outcome.errors
    assert result(world.own, 2565).total == Decimal("71.03")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_semicolon_and_tab_delimited(world, sep):
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2565", *SCORES_2565]], sep=sep)
    assert outcome.ok, outcome.errors


def test_excel_unicode_text(world):
    rows = [HEADER, ["T-OWN", "", "2565", *SCORES_2565]]
    outcome = run(world.officer, rows, filename="ผล.csv", encoding="utf-16", sep="\t")
    assert outcome.ok, outcome.errors


def test_csv_without_bom(world):
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2565", *SCORES_2565]], encoding="utf-8")
    assert outcome.ok, outcome.errors


def test_xlsx_with_numbers_from_excel(world):
    floats = [float(s) for s in SCORES_2566]
    floats[1] = 99.83000000000001  # what Excel arithmetic leaves behind
    outcome = run(
        world.officer,
        [HEADER, ["T-OWN", "เทศบาลเมืองทดสอบ", 2566, *floats]],
        filename="ผล.XLSX",
    )
    assert outcome.ok, outcome.errors
    assessment = result(world.own, 2566)
    assert (assessment.total, assessment.level_code) == (Decimal("89.55"), "PASS")
    assert assessment.scores.get(indicator__number=2).score == Decimal("99.83")


def test_xlsx_reads_only_the_first_sheet_and_float_year(world):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["T-OWN", None, 2565.0, *(float(s) for s in SCORES_2565)])
    workbook.create_sheet("อื่น").append(["ไม่เกี่ยว"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_results(
        acting_user=world.officer, filename="a.xlsx", content=buffer.getvalue()
    )
    assert outcome.ok, outcome.errors
    assert result(world.own, 2565).level_code == "C"


def test_thai_digits_in_scores_and_year(world):
    outcome = run(
        world.officer,
        [HEADER, ["T-OWN", "", "๒๕๖๕", *(to_thai_digits(s) for s in SCORES_2565)]],
    )
    assert outcome.ok, outcome.errors
    assert result(world.own, 2565).total == Decimal("71.03")


def test_christian_era_year(world):
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2022", *SCORES_2565]])
    assert outcome.ok, outcome.errors
    assert result(world.own, 2565).total == Decimal("71.03")


def test_english_and_short_headers_in_any_order_extra_columns_ignored(world):
    header = ["หมายเหตุ", "Fiscal_Year", " AGENCY_CODE "] + [f"i{n}" for n in range(1, 11)]
    header[3], header[4], header[5] = "ตัวชี้วัด 1", "indicator_2", "3"
    outcome = run(world.officer, [header, ["อะไรก็ได้", "2565", "T-OWN", *SCORES_2565]])
    assert outcome.ok, outcome.errors


def test_blank_rows_are_skipped(world):
    outcome = run(
        world.coordinator,
        [
            HEADER,
            [""] * len(HEADER),
            ["T-OWN", "", "2565", *SCORES_2565],
            ["  "] * len(HEADER),
            ["T-NEIGHBOUR", "", "2565", *SCORES_2565],
        ],
    )
    assert outcome.ok, outcome.errors
    assert len(outcome.imported) == 2


def test_reimport_updates_instead_of_duplicating(world):
    run(world.officer, [HEADER, ["T-OWN", "", "2565", *SCORES_2565]])
    changed = ["100", *SCORES_2565[1:]]
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2565", *changed]])
    assert outcome.ok and outcome.needs_confirmation, outcome.errors
    confirmed = confirm_import(acting_user=world.officer, pending=outcome.pending)
    assert confirmed.ok, confirmed.errors
    assert Assessment.objects.filter(agency=world.own, fiscal_year=2565).count() == 1
    assessment = result(world.own, 2565)
    assert assessment.scores.get(indicator__number=1).score == Decimal("100.00")
    assert AuditEvent.objects.filter(action="assessment.changed").count() == 1


def test_a_christian_year_that_replaces_a_result_is_previewed_and_kept(world):
    """Finding of issue 8: "2023" silently replaced the FY 2566 result (89.55 → 94.29)."""
    run(world.officer, [HEADER, ["T-OWN", "", "2566", *SCORES_2566]])
    newer = ["100.00"] * 8 + ["95.00", "95.00"]
    outcome = run(world.coordinator, [HEADER, ["T-OWN", "", "2023", *newer], NEIGHBOUR_2565])

    # The preview: every change old → new, the year as read, what will be created; no writes.
    assert outcome.ok and outcome.needs_confirmation
    (plan,) = outcome.changed_rows
    assert plan.year_converted and plan.year_text == "2023"
    changes = {c.label.split(" ")[0] + " " + c.label.split(" ")[1]: (c.old, c.new)
               for c in plan.proposal.changes if c.label.startswith("ตัวชี้วัด")}  # fmt: skip
    assert changes["ตัวชี้วัดที่ 6"] == ("87.06", "100.00")
    assert "ตัวชี้วัดที่ 1" not in changes  # 100.00 both times
    assert next(c for c in plan.proposal.changes if c.label == "คะแนนรวม").old == "89.55"
    assert [p.proposal.agency for p in outcome.created_rows] == [world.neighbour]
    assert result(world.own, 2566).total == Decimal("89.55")
    assert not Assessment.objects.filter(agency=world.neighbour).exists()
    assert result(world.own, 2566).revisions.count() == 1

    confirmed = confirm_import(acting_user=world.coordinator, pending=outcome.pending)
    assert confirmed.ok, confirmed.errors
    assessment = result(world.own, 2566)
    assert assessment.total == Decimal("98.00")
    first, second = assessment.revisions.order_by("number")
    assert (first.number, first.total, first.snapshot["total"]) == (1, Decimal("89.55"), "89.55")
    assert (second.number, second.total, second.via) == (2, Decimal("98.00"), "import")
    assert second.created_by == world.coordinator
    event = AuditEvent.objects.get(action="assessment.changed")
    assert event.before["total"] == "89.55" and event.after["total"] == "98.00"
    assert event.after["revision"] == 2
    assert AuditEvent.objects.filter(action="assessment.recorded", agency=world.neighbour).exists()
    assert AuditEvent.objects.filter(action="assessment.import_confirmed").exists()
    outcome.pending.refresh_from_db()
    assert outcome.pending.status == "confirmed"


def test_a_result_revised_after_the_preview_is_not_overwritten(world):
    run(world.officer, [HEADER, ["T-OWN", "", "2566", *SCORES_2566]])
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2566", *(["90.00"] * 10)]])
    other = ["99.00", *SCORES_2566[1:]]
    run(world.officer, [HEADER, ["T-OWN", "", "2566", *other]])  # a second preview …
    confirm_import(acting_user=world.officer, pending=import_results(
        acting_user=world.officer, filename="b.csv",
        content=csv_bytes([HEADER, ["T-OWN", "", "2566", *other]])).pending)  # fmt: skip
    stale = confirm_import(acting_user=world.officer, pending=outcome.pending)
    assert stale.stale and stale.needs_confirmation  # a fresh preview, nothing written
    assert result(world.own, 2566).scores.get(indicator__number=1).score == Decimal("99.00")
    again = confirm_import(acting_user=world.officer, pending=outcome.pending)
    assert not again.ok  # the first preview is closed


def test_an_import_that_changes_nothing_recorded_goes_straight_through(world):
    run(world.officer, [HEADER, ["T-OWN", "", "2566", *SCORES_2566]])
    outcome = run(
        world.officer,
        [HEADER, ["T-OWN", "", "2566", *SCORES_2566], ["T-OWN", "", "2565", *SCORES_2565]],
    )
    assert outcome.ok and not outcome.needs_confirmation
    assert outcome.unchanged == 1 and len(outcome.imported) == 1
    assert result(world.own, 2566).revisions.count() == 1


def test_agencies_are_looked_up_once_for_the_whole_file(world):
    rows = [HEADER] + [["T-OWN", "", str(year), *SCORES_2565] for year in (2562, 2563, 2564)]
    rows += [["T-NEIGHBOUR", "", str(year), *SCORES_2565] for year in (2562, 2563, 2564)]
    rows.append(["NOPE", "", "2565", *SCORES_2565])  # an error, so nothing is written
    with CaptureQueriesContext(connection) as queries:
        outcome = run(world.coordinator, rows)
    assert len(outcome.errors) == 1
    agency_queries = [q for q in queries if 'FROM "agencies_agency"' in q["sql"]]
    assert len(agency_queries) == 1


# --- bad files: nothing changes ------------------------------------------------------------


def test_three_bad_rows_import_nothing_and_report_each(world):
    assessments, events = Assessment.objects.count(), AuditEvent.objects.count()
    outcome = run(
        world.coordinator,
        [
            HEADER,
            ["T-OWN", "", "2565", *SCORES_2565],  # good
            ["T-NEIGHBOUR", "", "ปีหน้า", *SCORES_2565],  # row 3: bad year
            ["T-OWN", "", "2566", *SCORES_2566],  # good
            ["T-OWN", "", "2566", *SCORES_2566[:4], "101", *SCORES_2566[5:]],  # row 5
            ["NOPE", "", "2565", *SCORES_2565],  # row 6: unknown agency
        ],
    )
    assert not outcome.ok
    assert outcome.imported == []
    assert [(e.row, e.column) for e in outcome.errors] == [
        (3, "ปีงบประมาณ"),
        (5, "ตัวชี้วัดที่ 5"),
        (6, "รหัสหน่วยงาน"),
    ]
    assert "ปีหน้า" in outcome.errors[0].message
    assert "0 ถึง 100" in outcome.errors[1].message
    assert outcome.errors[2].message == NOT_FOUND.format("NOPE")
    assert Assessment.objects.count() == assessments
    assert AuditEvent.objects.count() == events


def test_every_bad_cell_of_a_row_is_reported(world):
    scores = ["", "abc", "-1", "86.075", *SCORES_2565[4:]]
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2565", *scores]])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, f"ตัวชี้วัดที่ {n}") for n in (1, 2, 3, 4)]
    messages = [e.message for e in outcome.errors]
    assert "ไม่มีคะแนน" in messages[0]
    assert "“abc” ไม่ใช่ตัวเลข" in messages[1]
    assert "0 ถึง 100" in messages[2]
    assert "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง" in messages[3]
    assert not Assessment.objects.exists()


def test_year_without_framework(world):
    error = only_error(run(world.officer, [HEADER, ["T-OWN", "", "2650", *SCORES_2565]]))
    assert (error.row, error.column) == (2, "ปีงบประมาณ")
    assert "ยังไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2650" in error.message


def test_missing_agency_code_and_year(world):
    outcome = run(world.officer, [HEADER, ["", "เทศบาล", "", *SCORES_2565]])
    assert [e.column for e in outcome.errors] == ["รหัสหน่วยงาน", "ปีงบประมาณ"]


def test_coordinator_cannot_import_for_another_province(world):
    outcome = run(
        world.coordinator,
        [
            HEADER,
            ["T-OWN", "", "2565", *SCORES_2565],
            ["T-NEIGHBOUR", "", "2565", *SCORES_2565],
            ["T-FOREIGN", "", "2565", *SCORES_2565],
        ],
    )
    error = only_error(outcome)
    assert (error.row, error.column) == (4, "รหัสหน่วยงาน")
    assert error.message == NOT_FOUND.format("T-FOREIGN")
    assert not Assessment.objects.exists()


def test_officer_cannot_import_for_the_neighbour_and_cannot_tell_it_exists(world):
    outcome = run(
        world.officer,
        [
            HEADER,
            ["T-NEIGHBOUR", "", "2565", *SCORES_2565],
            ["NO-SUCH-CODE", "", "2565", *SCORES_2565],
        ],
    )
    assert [e.message for e in outcome.errors] == [
        NOT_FOUND.format("T-NEIGHBOUR"),
        NOT_FOUND.format("NO-SUCH-CODE"),
    ]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("persona", ["executive", "assessor", "nobody"])
def test_roles_without_write_access_import_nothing(world, persona):
    error = only_error(run(getattr(world, persona), [HEADER, ["T-OWN", "", "2565", *SCORES_2565]]))
    assert error.message == NOT_FOUND.format("T-OWN")


def test_duplicate_agency_and_year_in_the_file(world):
    outcome = run(
        world.officer,
        [
            HEADER,
            ["T-OWN", "", "2565", *SCORES_2565],
            ["T-OWN", "", "2566", *SCORES_2566],
            ["T-OWN", "", "2022", *SCORES_2565],  # 2022 is 2565 again
        ],
    )
    error = only_error(outcome)
    assert error.row == 4
    assert "ซ้ำกับแถวที่ 2" in error.message
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("filename", ["ผล.xls", "ผล.pdf", "ผล"])
def test_unknown_extension(world, filename):
    outcome = import_results(acting_user=world.officer, filename=filename, content=b"x")
    error = only_error(outcome)
    assert error == RowError(0, "", error.message)
    assert "รองรับเฉพาะไฟล์ .csv และ .xlsx" in error.message


def test_corrupt_xlsx(world):
    error = only_error(
        import_results(acting_user=world.officer, filename="a.xlsx", content=b"not a zip")
    )
    assert error.row == 0
    assert "อ่านไฟล์ .xlsx ไม่ได้" in error.message


def test_undecodable_csv(world):
    error = only_error(
        import_results(acting_user=world.officer, filename="a.csv", content=b"\xff\xfe\x00\xdb")
    )
    assert error.row == 0


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_empty_file(world, content):
    error = only_error(import_results(acting_user=world.officer, filename="a.csv", content=content))
    assert error.row == 0
    assert "หัวตาราง" in error.message


def test_header_without_data_rows(world):
    error = only_error(run(world.officer, [HEADER, [""] * len(HEADER)]))
    assert error.row == 0
    assert "ไม่พบข้อมูล" in error.message


def test_too_many_rows(world):
    rows = [HEADER] + [["T-OWN", "", "2565", *SCORES_2565]] * (MAX_ROWS + 1)
    error = only_error(run(world.officer, rows))
    assert error.row == 0
    assert "10,000" in error.message


def test_missing_columns_are_each_named(world):
    header = [h for h in HEADER if h not in ("ปีงบประมาณ", "ตัวชี้วัดที่ 7")]
    outcome = run(world.officer, [header, ["T-OWN", "", *SCORES_2565[:9]]])
    assert [(e.row, e.column) for e in outcome.errors] == [(1, ""), (1, "")]
    assert "“ปีงบประมาณ”" in outcome.errors[0].message
    assert "“ตัวชี้วัดที่ 7”" in outcome.errors[1].message


def test_the_same_column_twice(world):
    header = [*HEADER, "i3"]
    error = only_error(run(world.officer, [header, ["T-OWN", "", "2565", *SCORES_2565, "1"]]))
    assert (error.row, error.column) == (1, "i3")
    assert "ตัวชี้วัดที่ 3" in error.message


# --- the template --------------------------------------------------------------------------


@pytest.fixture
def example_agency(world):
    return Agency.objects.create(
        code="ตัวอย่าง-001",
        name="เทศบาลตำบลตัวอย่าง",
        agency_type=AgencyType.SUBDISTRICT_MUNICIPALITY,
        province=world.province,
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_imports_as_is(world, example_agency, fmt):
    content, content_type = template_file(fmt)
    assert content_type.startswith("text/csv" if fmt == "csv" else "application/vnd.openxml")
    outcome = import_results(
        acting_user=world.coordinator, filename=f"template.{fmt}", content=content
    )
    assert outcome.ok, outcome.errors
    assessment = result(example_agency, 2566)
    assert (assessment.total, assessment.level_code) == (Decimal("89.55"), "PASS")


def test_csv_template_has_bom_and_thai_header():
    content, _ = template_file("csv")
    assert content.startswith(b"\xef\xbb\xbf")
    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == HEADER


def test_xlsx_template_explains_each_column():
    content, _ = template_file("xlsx")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["ผลการประเมิน", "คำอธิบาย"]
    data = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(data[0]) == HEADER
    assert data[1][:3] == ("ตัวอย่าง-001", "เทศบาลตำบลตัวอย่าง", 2566)
    help_text = " ".join(
        str(c) for row in workbook["คำอธิบาย"].iter_rows(values_only=True) for c in row if c
    )
    for words in ("รหัสหน่วยงาน", "พ.ศ.", "ค.ศ.", "เลขไทย", "ทั้งหมดหรือไม่มีเลย"):
        assert words in help_text


def test_unknown_template_format():
    with pytest.raises(Http404):
        template_file("pdf")


def test_a_scoring_error_while_writing_rolls_back_every_row(world, monkeypatch):
    from ita.assessments import importing
    from ita.frameworks.scoring import ScoringError

    real = importing.record_result

    def failing_for_neighbour(**kwargs):
        if kwargs["agency"] == world.neighbour:
            raise ScoringError("ทดสอบ")
        return real(**kwargs)

    monkeypatch.setattr(importing, "record_result", failing_for_neighbour)
    outcome = run(
        world.coordinator,
        [
            HEADER,
            ["T-OWN", "", "2565", *SCORES_2565],
            ["T-NEIGHBOUR", "", "2565", *SCORES_2565],
            ["T-OWN", "", "2566", *SCORES_2566],
        ],
    )
    assert outcome.errors == [RowError(3, "", "ทดสอบ")]
    assert outcome.imported == []
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.exists()


def test_import_pages_preview_confirm_and_refuse_strangers(client, world):
    run(world.officer, [HEADER, ["T-OWN", "", "2566", *SCORES_2566]])
    upload = io.BytesIO(csv_bytes([HEADER, ["T-OWN", "", "2023", *(["90.00"] * 10)]]))
    upload.name = "ผลใหม่.csv"
    client.force_login(world.officer)
    response = client.post(reverse("import_results"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-preview"' in body
    assert "89.55" in body and "90.00" in body and "“2023” อ่านเป็น พ.ศ. 2566" in body
    pending = ResultImport.objects.get()
    confirm = reverse("import_confirm", args=[pending.pk])

    client.force_login(world.coordinator)  # another user's pending file looks missing
    assert client.post(confirm).status_code == 404
    client.force_login(world.officer)
    assert client.get(confirm).status_code == 405
    assert result(world.own, 2566).total == Decimal("89.55")
    assert client.post(confirm).status_code == 302
    assert result(world.own, 2566).total == Decimal("90.00")
    again = client.post(confirm)  # confirming twice writes nothing more
    assert again.status_code == 400 and "ยืนยันหรือยกเลิกไปแล้ว" in again.content.decode()
    assert result(world.own, 2566).revisions.count() == 2


def test_cancelling_an_import_changes_nothing(client, world):
    run(world.officer, [HEADER, ["T-OWN", "", "2566", *SCORES_2566]])
    outcome = run(world.officer, [HEADER, ["T-OWN", "", "2566", *(["90.00"] * 10)]])
    client.force_login(world.officer)
    response = client.post(reverse("import_cancel", args=[outcome.pending.pk]))
    assert response.status_code == 302
    assert client.post(reverse("import_confirm", args=[outcome.pending.pk])).status_code == 400
    assert result(world.own, 2566).total == Decimal("89.55")
    assert AuditEvent.objects.filter(action="assessment.import_cancelled").exists()


def test_the_preview_reads_recorded_results_at_once(world):
    """A national file has thousands of rows: the preview's queries do not grow with them."""
    rows = {2562: [], 2563: [], 2564: [], 2565: []}
    for year in rows:
        run(world.coordinator, [HEADER, ["T-OWN", "", str(year), *SCORES_2565],
                                ["T-NEIGHBOUR", "", str(year), *SCORES_2565]])  # fmt: skip

    def preview_queries(years) -> int:
        data = [HEADER] + [[code, "", str(y), "99", *SCORES_2565[1:]]
                           for y in years for code in ("T-OWN", "T-NEIGHBOUR")]  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            outcome = run(world.coordinator, data)
        assert outcome.needs_confirmation and len(outcome.changed_rows) == 2 * len(years)
        return len(queries)

    assert preview_queries([2562, 2563, 2564, 2565]) == preview_queries([2562])
