"""Import of official ITA results (the ten indicator scores NACC sent) for many agencies from
one CSV or XLSX file, and the downloadable template for it.

All or nothing: every row is read and checked first and every problem is reported (row number
as the user sees it in the spreadsheet, header = row 1); only a file without any problem is
written, in one transaction, through actions.record_result (so it is scored and audited exactly
like a result typed into the form)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from pythainlp.util import normalize as normalize_thai

from ita.agencies.access import agencies_for_user
from ita.agencies.models import Agency
from ita.assessments.actions import (
    Proposal,
    StaleProposal,
    prefetched_snapshot,
    proposal_for,
    record_result,
)
from ita.assessments.models import Assessment, ImportStatus, ResultImport, Source, Via
from ita.audit.log import record
from ita.frameworks.models import DeclaredYear, Framework
from ita.frameworks.scoring import ScoringError, score
from ita.lib import uploads
from ita.lib.thai_dates import parse_fiscal_year
from ita.lib.thai_text import parse_decimal, round2, to_arabic_digits

MAX_ROWS = 10_000
MAX_SCANNED_ROWS = 10 * MAX_ROWS  # blank rows included
MAX_COLUMNS = 200  # the template has 13; columns past these are never read
# Every framework so far has indicators 1–10. A framework with other numbers is still caught,
# row by row, by frameworks.scoring when the row is checked.
INDICATORS = range(1, 11)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

CODE, NAME, YEAR = "code", "name", "year"
LABELS: dict[str | int, str] = {
    CODE: "รหัสหน่วยงาน",
    NAME: "ชื่อหน่วยงาน",
    YEAR: "ปีงบประมาณ",
    **{n: f"ตัวชี้วัดที่ {n}" for n in INDICATORS},
}
ALIASES: dict[str, str] = {
    "รหัสหน่วยงาน": CODE,
    "รหัส": CODE,
    "agencycode": CODE,
    "code": CODE,
    "ชื่อหน่วยงาน": NAME,
    "agencyname": NAME,
    "name": NAME,
    "ปีงบประมาณ": YEAR,
    "ปีงบประมาณ (พ.ศ.)": YEAR,
    "ปี": YEAR,
    "fiscalyear": YEAR,
    "year": YEAR,
}
INDICATOR_HEADER = re.compile(r"^(?:ตัวชี้วัดที่|ตัวชี้วัด|indicator|ind|i)?(\d{1,2})$")
REQUIRED: tuple[str | int, ...] = (CODE, YEAR, *INDICATORS)

EXAMPLE_ROW: tuple[str, str, int, tuple[str, ...]] = (
    "ตัวอย่าง-001",
    "เทศบาลตำบลตัวอย่าง",
    2566,
    ("100.00", "99.83", "100.00", "100.00", "99.67", "87.06", "77.91", "79.87", "85.50", "90.00"),
)


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row (header = 1); 0 for a problem with the whole file
    column: str  # header text as written in the file; "" for a whole-row or file problem
    message: str


@dataclass(frozen=True)
class RowPlan:
    """What one checked row would do: create a result, change one, or leave it as it is."""

    number: int
    year_text: str  # the year as written in the file ("2023" is read as พ.ศ. 2566)
    proposal: Proposal
    framework: Framework

    @property
    def kind(self) -> str:
        p = self.proposal
        return "create" if p.before is None else "change" if p.changes_existing else "same"

    @property
    def year_converted(self) -> bool:
        return self.year_text != str(self.proposal.fiscal_year)


@dataclass
class ImportOutcome:
    ok: bool
    imported: list[Assessment] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # A file that changes recorded results waits for confirmation: the preview and the file.
    plan: list[RowPlan] = field(default_factory=list)
    pending: ResultImport | None = None
    stale: bool = False  # results changed after the preview; a fresh preview is shown
    unchanged: int = 0

    @property
    def needs_confirmation(self) -> bool:
        return self.pending is not None

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [p for p in self.plan if p.kind == "change"]

    @property
    def created_rows(self) -> list[RowPlan]:
        return [p for p in self.plan if p.kind == "create"]

    @property
    def same_rows(self) -> list[RowPlan]:
        return [p for p in self.plan if p.kind == "same"]


class ImportFileError(ValueError):
    """The file as a whole cannot be used; the message (the reader's language, Thai for the
    command line) says what to do."""


@dataclass(frozen=True)
class Column:
    index: int
    header: str


@dataclass(frozen=True)
class Table:
    header: list[object]
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, cells), blank rows dropped


@dataclass(frozen=True)
class ValidRow:
    number: int
    agency: Agency
    fiscal_year: int
    scores: dict[int, Decimal]
    framework: Framework
    year_text: str = ""


# ---------------------------------------------------------------------------------------------
# The import


def check_file(acting_user, filename: str, content: bytes) -> tuple[list[RowPlan], list[RowError]]:
    """Every row checked and compared with what is recorded; writes nothing."""
    try:
        table = read_table(filename, content)
        columns = map_columns(table.header)
    except ImportFileError as exc:
        return [], [RowError(0, "", str(exc))]
    if isinstance(columns, list):
        return [], columns
    rows, errors = validate_rows(acting_user, columns, table.rows)
    if errors:
        return [], errors
    return _plans(rows)


def _recorded(rows: list[ValidRow]) -> dict[tuple[int, int], Assessment]:
    """The results the rows would replace, read at once (not one query per row)."""
    found = (
        Assessment.objects.filter(
            source=Source.OFFICIAL,
            agency__in={r.agency.pk for r in rows},
            fiscal_year__in={r.fiscal_year for r in rows},
        )
        .annotate(last_revision=Max("revisions__number"))
        .prefetch_related("scores__indicator", "verdicts__item")
    )
    return {(a.agency_id, a.fiscal_year): a for a in found}


def _plans(rows: list[ValidRow]) -> tuple[list[RowPlan], list[RowError]]:
    recorded = _recorded(rows)
    plans, errors = [], []
    for row in rows:
        found = recorded.get((row.agency.pk, row.fiscal_year))
        try:
            proposal = proposal_for(
                agency=row.agency, fiscal_year=row.fiscal_year, indicator_scores=row.scores,
                before=prefetched_snapshot(found) if found else None,
                base_revision=found.last_revision if found else None, framework=row.framework,
            )  # fmt: skip
        except ScoringError as exc:
            errors.append(RowError(row.number, "", str(exc)))
        else:
            plans.append(RowPlan(row.number, row.year_text, proposal, row.framework))
    return plans, errors


def _base(plans: list[RowPlan]) -> dict[str, int | None]:
    """The revision of each result the file changes, as the preview saw it."""
    return {
        f"{p.proposal.agency.pk}:{p.proposal.fiscal_year}": p.proposal.base_revision
        for p in plans
        if p.kind == "change"
    }


def import_results(*, acting_user, filename: str, content: bytes) -> ImportOutcome:
    """Check the whole file; a file that only adds results is recorded at once, one that changes
    recorded results is kept for a preview and written only by confirm_import."""
    plans, errors = check_file(acting_user, filename, content)
    if errors:
        return ImportOutcome(ok=False, errors=errors)
    if any(p.kind == "change" for p in plans):
        pending = stage_import(
            acting_user=acting_user, filename=filename, content=content, base=_base(plans)
        )
        return ImportOutcome(ok=True, plan=plans, pending=pending)
    return write_rows(acting_user, filename, plans)


@transaction.atomic
def stage_import(*, acting_user, filename: str, content: bytes, base: dict) -> ResultImport:
    pending = ResultImport.objects.create(
        uploaded_by=acting_user, filename=filename[:255], content=content, base=base
    )
    record(
        actor=acting_user, action="assessment.import_previewed", obj=pending,
        after={"filename": filename, "changes": sorted(base)},
    )  # fmt: skip
    return pending


def confirm_import(*, acting_user, pending: ResultImport) -> ImportOutcome:
    """Write the previewed file, all rows or none. If a result it changes was revised after the
    preview, nothing is written and a fresh preview is returned."""
    if pending.status != ImportStatus.PENDING:
        done = gettext("การนำเข้านี้ยืนยันหรือยกเลิกไปแล้ว")
        return ImportOutcome(ok=False, errors=[RowError(0, "", done)])
    plans, errors = check_file(acting_user, pending.filename, bytes(pending.content))
    if errors:
        return ImportOutcome(ok=False, errors=errors)
    if _base(plans) != pending.base:
        fresh = stage_import(
            acting_user=acting_user, filename=pending.filename,
            content=bytes(pending.content), base=_base(plans),
        )  # fmt: skip
        _decide(acting_user, pending, ImportStatus.CANCELLED, "ผลเปลี่ยนหลังแสดงตัวอย่าง")
        return ImportOutcome(ok=True, plan=plans, pending=fresh, stale=True)
    with transaction.atomic():
        outcome = write_rows(acting_user, pending.filename, plans)
        if outcome.ok:
            _decide(acting_user, pending, ImportStatus.CONFIRMED)
    return outcome


def cancel_import(*, acting_user, pending: ResultImport) -> None:
    if pending.status == ImportStatus.PENDING:
        _decide(acting_user, pending, ImportStatus.CANCELLED)


@transaction.atomic
def _decide(acting_user, pending: ResultImport, status: str, note: str = "") -> None:
    pending.status, pending.decided_at = status, timezone.now()
    pending.save(update_fields=["status", "decided_at"])
    record(
        actor=acting_user, action=f"assessment.import_{status}", obj=pending,
        after={"filename": pending.filename, "status": status}, note=note,
    )  # fmt: skip


def write_rows(acting_user, filename: str, plans: list[RowPlan]) -> ImportOutcome:
    imported: list[Assessment] = []
    errors: list[RowError] = []
    unchanged = 0
    with transaction.atomic():
        for plan in plans:
            if plan.kind == "same":
                unchanged += 1  # nothing to record: no revision, no event
                continue
            p = plan.proposal
            try:
                # record_result is atomic itself (a savepoint), so one failure leaves the outer
                # transaction usable and every failing row can still be reported.
                assessment = record_result(
                    acting_user=acting_user,
                    agency=p.agency,
                    fiscal_year=p.fiscal_year,
                    indicator_scores={int(k): Decimal(v) for k, v in p.after["indicators"].items()},
                    note=f"นำเข้าจากไฟล์ {filename}",
                    via=Via.IMPORT,
                    base_revision=p.base_revision,
                    framework=plan.framework,
                )
            except (ScoringError, StaleProposal) as exc:
                errors.append(RowError(plan.number, "", str(exc)))
            else:
                imported.append(assessment)
        if errors:
            transaction.set_rollback(True)
    if errors:
        return ImportOutcome(ok=False, errors=errors)
    return ImportOutcome(ok=True, imported=imported, plan=plans, unchanged=unchanged)


# ---------------------------------------------------------------------------------------------
# Reading the file into rows of cells


def read_table(filename: str, content: bytes) -> Table:
    """The header and the data rows, read as a stream: reading stops at the row cap, so a file
    of 500,000 rows costs what one of 10,000 does."""
    if len(content) > uploads.max_bytes():
        raise ImportFileError(uploads.size_message(filename, len(content)))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        with closing(_xlsx_rows(content)) as rows:
            return _table(rows)
    if extension == "csv":
        return _csv_table(content)
    raise ImportFileError(
        gettext(
            "รองรับเฉพาะไฟล์ .csv และ .xlsx (ไฟล์ .xls รุ่นเก่า กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx ก่อน)"
        )
    )


def _table(rows: Iterator[tuple[int, list[object]]]) -> Table:
    """rows: (spreadsheet row number, cells), in order; a sheet may leave blank rows out."""
    number, header = next(rows, (1, None))
    if number != 1 or header is None or _blank(header):
        raise ImportFileError(
            gettext(
                "ไฟล์ไม่มีหัวตาราง แถวที่ 1 ต้องเป็นชื่อคอลัมน์ (รหัสหน่วยงาน, ปีงบประมาณ, "
                "ตัวชี้วัดที่ 1 … ตัวชี้วัดที่ 10) กรุณาดาวน์โหลดแบบฟอร์มเป็นตัวอย่าง"
            )
        )
    data = []
    for number, cells in rows:
        if number > MAX_SCANNED_ROWS:  # a sheet of a million blank rows is read no further
            raise ImportFileError(
                gettext(
                    "ไฟล์มีเกิน {count} แถว (นับแถวว่างด้วย) กรุณาลบแถวว่างท้ายตารางแล้วนำเข้าอีกครั้ง"
                ).format(count=f"{MAX_SCANNED_ROWS:,}")
            )
        if _blank(cells):
            continue
        if len(data) == MAX_ROWS:
            raise ImportFileError(
                gettext("ไฟล์มีข้อมูลเกิน {count} แถว กรุณาแบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์").format(
                    count=f"{MAX_ROWS:,}"
                )
            )
        data.append((number, cells))
    if not data:
        raise ImportFileError(gettext("ไม่พบข้อมูลผลการประเมิน กรุณากรอกตั้งแต่แถวที่ 2 ใต้หัวตาราง"))
    return Table(header=list(header), rows=data)


XLSX_UNREADABLE = lazy(gettext, str)(
    "อ่านไฟล์ .xlsx ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ Excel "
    "กรุณาเปิดใน Excel แล้วบันทึกใหม่เป็น Excel Workbook (.xlsx)"
)
XLSX_ERRORS = (
    InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError,
    OSError, SyntaxError, EOFError,
)  # fmt: skip
# What a workbook's parts may unpack to, by the sizes its zip directory declares (zipfile never
# unpacks past them): 10,000 rows of the template take about 2 MB of sheet XML.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    """The first sheet's rows, one at a time, after the zip directory has been checked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            problem = uploads.zip_problem(archive, max_unpacked=MAX_UNPACKED_BYTES)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(XLSX_UNREADABLE) from exc
    if problem:
        raise ImportFileError(
            gettext("ไฟล์ .xlsx {problem} กรุณาบันทึกใหม่จาก Excel หรือใช้แบบฟอร์มของระบบ").format(
                problem=problem
            )
        )
    try:
        workbook = uploads.StreamedWorkbook(content)
    except XLSX_ERRORS as exc:
        raise ImportFileError(XLSX_UNREADABLE) from exc
    try:  # closed also when the reader stops early (the row cap)
        if not workbook.sheets:
            raise ImportFileError(XLSX_UNREADABLE)
        yield from workbook.rows(workbook.sheets[0][1], max_col=MAX_COLUMNS)
    except XLSX_ERRORS as exc:
        raise ImportFileError(XLSX_UNREADABLE) from exc
    finally:
        workbook.close()


def _csv_table(content: bytes) -> Table:
    """UTF-8 (with or without BOM) first; else TIS-620/CP874, what Thai Windows Excel writes.
    Decoded as it is read: a wrong guess shows up as a decoding error and the next is tried."""
    utf16 = content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # "Unicode text"
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp874"):
        try:
            return _table(_csv_rows(content, encoding))
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        gettext(
            "อ่านไฟล์ .csv ไม่ได้ (ไม่ใช่ UTF-8, UTF-16 หรือ TIS-620) "
            "กรุณาบันทึกจาก Excel เป็น “CSV UTF-8 (Comma delimited)”"
        )
    )


def _csv_rows(content: bytes, encoding: str) -> Iterator[tuple[int, list[object]]]:
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    first_line = text.readline()
    # The header line decides: Thai Excel writes commas, European settings semicolons, and
    # "Unicode text" tabs. csv.Sniffer guesses badly on Thai text, so count instead.
    delimiter = max(",;\t", key=first_line.count)
    try:
        rows = csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
        for number, row in enumerate(rows, start=1):
            yield number, row[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ImportFileError(
            gettext("อ่านไฟล์ .csv ไม่ได้ ({error}) กรุณาบันทึกจาก Excel เป็น CSV UTF-8 อีกครั้ง").format(
                error=exc
            )
        ) from exc


def _blank(cells: Iterable[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _text(cell: object) -> str:
    """A cell as the user sees it: Excel hands whole numbers over as floats (2566.0)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# ---------------------------------------------------------------------------------------------
# The header row


def _header_text(header: object) -> str:
    """A header reduced to what identifies it: spaces, case, _ - . ( ) and the order of Thai
    marks do not matter, and Thai digits count (ตัวชี้วัดที่ ๑ = i1 = indicator_1 = 1)."""
    text = normalize_thai(to_arabic_digits(_text(header))).lower()
    return re.sub(r"[\s_\-.()]", "", text)


_ALIAS_INDEX = {_header_text(alias): key for alias, key in ALIASES.items()}


def column_key(header: object) -> str | int | None:
    text = _header_text(header)
    if text in _ALIAS_INDEX:
        return _ALIAS_INDEX[text]
    match = INDICATOR_HEADER.match(text)
    if match and int(match.group(1)) in INDICATORS:
        return int(match.group(1))
    return None  # unknown columns are ignored


def map_columns(header: list[object]) -> dict[str | int, Column] | list[RowError]:
    """Columns by field, or the header problems (each missing or doubled column)."""
    columns: dict[str | int, Column] = {}
    errors = []
    for index, cell in enumerate(header):
        key = column_key(cell)
        if key is None:
            continue
        if key in columns:
            errors.append(
                RowError(
                    1,
                    _text(cell),
                    gettext(
                        "คอลัมน์ “{column}” ซ้ำกับคอลัมน์ “{other}” "
                        "(ทั้งสองคือ{label}) กรุณาลบคอลัมน์ใดคอลัมน์หนึ่ง"
                    ).format(column=_text(cell), other=columns[key].header, label=LABELS[key]),
                )
            )
            continue
        columns[key] = Column(index, _text(cell))
    for key in REQUIRED:
        if key not in columns:
            errors.append(
                RowError(
                    1,
                    "",
                    gettext(
                        "ไม่พบคอลัมน์ “{label}” ในแถวหัวตาราง (แถวที่ 1) กรุณาใช้หัวตารางตามแบบฟอร์ม"
                    ).format(label=LABELS[key]),
                )
            )
    return errors or columns


# ---------------------------------------------------------------------------------------------
# Checking the rows


class RowChecker:
    """Checks one row at a time against what was looked up once for the whole file: the
    agencies the user may write (one query) and the loaded frameworks."""

    def __init__(self, acting_user, columns: dict[str | int, Column], codes: set[str]):
        self.columns = columns
        self.agencies = {
            a.code: a for a in agencies_for_user(acting_user, write=True).filter(code__in=codes)
        }
        self.frameworks = list(Framework.objects.all())
        # Years declared to use a framework provisionally (FY 2570 uses ita-2569), read once.
        by_pk = {f.pk: f for f in self.frameworks}
        self.declared = {
            year: by_pk[pk]
            for year, pk in DeclaredYear.objects.values_list("fiscal_year", "framework_id")
        }
        self.seen: dict[tuple[int, int], int] = {}

    def cell(self, cells: list[object], key: str | int) -> object:
        index = self.columns[key].index
        return cells[index] if index < len(cells) else None

    def check(self, number: int, cells: list[object]) -> tuple[ValidRow | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(key: str | int | None, message: str) -> None:
            header = self.columns[key].header if key is not None else ""
            errors.append(RowError(number, header, message))

        agency = self.agency(cells, fail)
        year, framework = self.year(cells, fail)
        scores = self.scores(cells, fail)
        if errors or agency is None or framework is None:
            return None, errors
        try:
            score(framework.spec, scores)  # pure: catches a framework with other indicators
        except ScoringError as exc:
            fail(None, str(exc))
            return None, errors
        first = self.seen.setdefault((agency.pk, year), number)
        if first != number:
            fail(
                None,
                gettext(
                    "หน่วยงานรหัส {code} ปีงบประมาณ {year} ซ้ำกับแถวที่ {first} กรุณาเหลือไว้แถวเดียว"
                ).format(code=agency.code, year=year, first=first),
            )
            return None, errors
        year_text = _text(self.cell(cells, YEAR))
        return ValidRow(number, agency, year, scores, framework, year_text), errors

    def agency(self, cells, fail) -> Agency | None:
        code = _text(self.cell(cells, CODE))
        if not code:
            fail(CODE, gettext("กรุณาระบุรหัสหน่วยงาน"))
            return None
        agency = self.agencies.get(code)
        if agency is None:
            # One message for both, so agency codes outside the user's scope cannot be probed.
            fail(
                CODE,
                gettext("ไม่พบหน่วยงานรหัส {code} หรือท่านไม่มีสิทธิ์นำเข้าผลของหน่วยงานนี้").format(code=code),
            )
        return agency

    def year(self, cells, fail) -> tuple[int | None, Framework | None]:
        raw = _text(self.cell(cells, YEAR))
        year = parse_fiscal_year(raw) if raw else None
        if year is None:
            fail(
                YEAR,
                gettext(
                    "ปีงบประมาณ “{text}” ไม่ถูกต้อง กรุณาระบุปี พ.ศ. เช่น 2566 หรือ ๒๕๖๖ (หรือ ค.ศ. เช่น 2023)"
                ).format(text=raw)
                if raw
                else gettext("กรุณาระบุปีงบประมาณ เช่น 2566 หรือ ๒๕๖๖"),
            )
            return None, None
        # as Framework.for_year (its own framework first, else a declared one), without a query
        # per row
        framework = next(
            (f for f in self.frameworks if f.fiscal_year_from <= year <= f.fiscal_year_to),
            self.declared.get(year),
        )
        if framework is None:
            known = ", ".join(
                [
                    f"{f.fiscal_year_from}–{f.fiscal_year_to}"
                    if f.fiscal_year_from != f.fiscal_year_to
                    else f"{f.fiscal_year_from}"
                    for f in self.frameworks
                ]
                + [gettext("{year} (กรอบชั่วคราว)").format(year=y) for y in sorted(self.declared)]
            )
            fail(
                YEAR,
                gettext("ยังไม่มีกรอบการประเมินสำหรับปีงบประมาณ {year}").format(year=year)
                + (" " + gettext("(ระบบมีกรอบสำหรับปี {years})").format(years=known) if known else ""),
            )
        return year, framework

    def scores(self, cells, fail) -> dict[int, Decimal]:
        scores = {}
        for number in INDICATORS:
            value, problem = parse_score(self.cell(cells, number))
            if problem:
                fail(
                    number,
                    gettext("ตัวชี้วัดที่ {number}: {problem}").format(number=number, problem=problem),
                )
            else:
                scores[number] = value
        return scores


def parse_score(cell: object) -> tuple[Decimal | None, str]:
    """A score 0–100 with at most two decimals, or the reason it is not one."""
    if cell is None or _text(cell) == "":
        return None, gettext("ไม่มีคะแนน กรุณากรอกคะแนน 0–100 เช่น 86.07")
    if isinstance(cell, float) and abs(cell - round(cell, 2)) < 1e-9:
        cell = round(cell, 2)  # Excel arithmetic leaves 86.07000000000001 for 86.07
    value = None if isinstance(cell, bool) else parse_decimal(cell)
    if value is None:
        return None, gettext("“{text}” ไม่ใช่ตัวเลข กรุณากรอกคะแนน 0–100 เช่น 86.07 หรือ ๘๖.๐๗").format(
            text=_text(cell)
        )
    if not Decimal(0) <= value <= Decimal(100):
        return None, gettext("คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (ในไฟล์คือ {text})").format(text=_text(cell))
    if round2(value) != value:
        return None, gettext("คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (ในไฟล์คือ {text})").format(
            text=_text(cell)
        )
    return value, ""


def validate_rows(
    acting_user, columns: dict[str | int, Column], rows: list[tuple[int, list[object]]]
) -> tuple[list[ValidRow], list[RowError]]:
    code_index = columns[CODE].index
    codes = {_text(cells[code_index]) for _, cells in rows if code_index < len(cells)}
    checker = RowChecker(acting_user, columns, codes)
    valid, errors = [], []
    for number, cells in rows:
        row, row_errors = checker.check(number, cells)
        errors.extend(row_errors)
        if row is not None:
            valid.append(row)
    return valid, errors


# ---------------------------------------------------------------------------------------------
# The template


HELP_ROWS: tuple[tuple[str, str, str], ...] = (
    (
        "รหัสหน่วยงาน",
        "จำเป็น",
        "รหัสหน่วยงานตามที่บันทึกไว้ในระบบ (ดูได้จากหน้ารายชื่อหน่วยงาน) นำเข้าได้เฉพาะหน่วยงาน"
        "ที่ท่านมีสิทธิ์ ถ้ารหัสขึ้นต้นด้วย 0 ให้จัดรูปแบบเซลล์เป็นข้อความ (Text) ก่อนพิมพ์",
    ),
    ("ชื่อหน่วยงาน", "ไม่จำเป็น", "ใส่ไว้เพื่อให้อ่านง่าย ระบบไม่ได้ใช้ตรวจสอบ"),
    (
        "ปีงบประมาณ",
        "จำเป็น",
        "ปีงบประมาณที่ประเมิน เป็น พ.ศ. (เช่น 2566) หรือ ค.ศ. (เช่น 2023 ระบบแปลงเป็น 2566 ให้) "
        "ใช้เลขไทยได้ (๒๕๖๖) ต้องเป็นปีที่ระบบมีกรอบการประเมินแล้ว",
    ),
    (
        "ตัวชี้วัดที่ 1 … ตัวชี้วัดที่ 10",
        "จำเป็น",
        "คะแนนรายตัวชี้วัดตามที่ สำนักงาน ป.ป.ช. แจ้ง เป็นตัวเลข 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง "
        "(เช่น 86.07) ใช้เลขไทยได้ (๘๖.๐๗) ระบบคำนวณคะแนนรวมและผลการประเมินให้เอง",
    ),
)
HELP_NOTES: tuple[str, ...] = (
    "แถวที่ 1 เป็นหัวตาราง ข้อมูลเริ่มที่แถวที่ 2 หนึ่งแถวต่อหนึ่งหน่วยงานต่อหนึ่งปีงบประมาณ (ลบแถวตัวอย่างก่อนนำเข้า)",
    "หัวตารางภาษาอังกฤษใช้ได้เช่นกัน: agency_code, agency_name, fiscal_year, i1 … i10 "
    "คอลัมน์อื่นที่ไม่รู้จักระบบจะข้ามไป",
    "นำเข้าแบบทั้งหมดหรือไม่มีเลย: ถ้ามีแถวใดผิด ระบบจะไม่บันทึกแถวใดเลย และแจ้งทุกจุดที่ต้องแก้ "
    "(เลขแถวและคอลัมน์ตามที่เห็นใน Excel)",
    "ถ้าหน่วยงานมีผลของปีนั้นอยู่แล้ว ระบบจะแสดงทุกคะแนนที่จะเปลี่ยน (เดิม → ใหม่) ให้ตรวจสอบก่อน "
    "และเปลี่ยนเมื่อท่านกดยืนยันเท่านั้น ผลเดิมทุกฉบับเก็บไว้ในประวัติ",
    "บันทึกเป็น .xlsx หรือ .csv (CSV UTF-8 หรือ CSV ภาษาไทย TIS-620 จาก Excel ได้ทั้งคู่) "
    f"ไม่เกิน {MAX_ROWS:,} แถวต่อไฟล์",
)


def template_file(fmt: str) -> tuple[bytes, str]:
    """The import template with one example row: (content, content type)."""
    if fmt == "xlsx":
        return _template_xlsx(), XLSX_TYPE
    if fmt == "csv":
        return _template_csv(), CSV_TYPE
    raise Http404("ไม่มีแบบฟอร์มชนิดนี้")


def _template_header() -> list[str]:
    return [LABELS[CODE], LABELS[NAME], LABELS[YEAR], *(LABELS[n] for n in INDICATORS)]


def _template_csv() -> bytes:
    code, name, year, scores = EXAMPLE_ROW
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_template_header())
    writer.writerow([code, name, year, *scores])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Thai correctly


def _template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผลการประเมิน"
    code, name, year, scores = EXAMPLE_ROW
    sheet.append(_template_header())
    sheet.append([code, name, year, *(float(s) for s in scores)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = "A2"
    _help_sheet(workbook.create_sheet("คำอธิบาย"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _help_sheet(sheet) -> None:
    sheet.append(["คอลัมน์", "จำเป็น/ไม่จำเป็น", "คำอธิบาย"])
    for row in HELP_ROWS:
        sheet.append(list(row))
    sheet.append([])
    sheet.append(["ข้อควรทราบ"])
    for note in HELP_NOTES:
        sheet.append(["", "", note])
    for cell in (*sheet[1], sheet.cell(row=len(HELP_ROWS) + 3, column=1)):
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 90
