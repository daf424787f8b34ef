"""The XLSX template of a framework: one sheet per part (กรอบ, เครื่องมือ, ตัวชี้วัด, ข้อ,
มาตราส่วน, ระดับ, บทบาท), a header row naming each column's key, one row per entry. Any
framework exports to it (definition_to_workbook) and reads back to the same definition
(workbook_to_definition), each problem naming its sheet, row and column. docs/frameworks.md
describes the columns for administrators."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from ita.frameworks.spec import FrameworkSpec
from ita.frameworks.upload import (
    PART_NAMES,
    WHOLE_FILE,
    Finding,
    Problem,
    check_definition,
    check_links,
    final_check,
    plain_data_problem,
)
from ita.lib import uploads
from ita.lib.thai_text import to_arabic_digits

MAX_ROWS = 2_000  # per sheet; the largest framework has 88 items
MAX_COLUMNS = 30
# What the zip may unpack to. read_only streams the sheets but still holds the shared strings in
# memory, so a zip bomb is refused on the sizes its directory declares (zipfile stops at them).
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_ERRORS = (
    InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError,
    OSError, SyntaxError, EOFError,
)  # fmt: skip
# Excel and LibreOffice run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, decimal, bool, lines (one per line), list (comma separated)


def _columns(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


META_ROWS = _columns(
    ("code", "รหัสกรอบ (ตัวพิมพ์เล็ก ตัวเลข ขีด) เช่น ita-2570"),
    ("name", "ชื่อกรอบ"),
    ("fiscal_year_from", "ใช้ตั้งแต่ปีงบประมาณ (พ.ศ.)", "int"),
    ("fiscal_year_to", "ใช้ถึงปีงบประมาณ (พ.ศ.)", "int"),
    ("succeeds", "รหัสกรอบฉบับก่อนที่กรอบนี้สืบต่อ เช่น ita-2569"),
    ("pass_mark", "เกณฑ์ผ่าน (คะแนน)", "decimal"),
    ("provisional", "ยังไม่ยืนยันกับคู่มือ ป.ป.ช. (ใช่/เว้นว่าง)", "bool"),
    ("source", "แหล่งที่มา"),
)
SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "tools": (
        "เครื่องมือ",
        _columns(
            ("code", "รหัส"),
            ("name", "ชื่อ"),
            ("name_en", "ชื่ออังกฤษ"),
            ("weight", "น้ำหนัก (รวมทุกเครื่องมือ = 1)", "decimal"),
            ("provisional", "ยังไม่ยืนยัน", "bool"),
            ("source", "แหล่งที่มา"),
        ),
    ),
    "indicators": (
        "ตัวชี้วัด",
        _columns(
            ("number", "ตัวชี้วัดที่", "int"),
            ("sub_indicator", "ตัวชี้วัดย่อย (เว้นว่าง = แถวของตัวชี้วัด)"),
            ("name", "ชื่อ"),
            ("tool", "เครื่องมือ"),
            ("name_en", "ชื่ออังกฤษ"),
            ("description", "คำอธิบาย"),
            ("note", "หมายเหตุ"),
            ("source", "แหล่งที่มา"),
        ),
    ),
    "items": (
        "ข้อ",
        _columns(
            ("code", "รหัสข้อ"),
            ("title", "ชื่อข้อ"),
            ("indicator", "ตัวชี้วัดที่", "int"),
            ("sub_indicator", "ตัวชี้วัดย่อย"),
            ("group", "กลุ่ม"),
            ("kind", "ชนิดคำตอบ (disclosure หรือชื่อมาตราส่วน)"),
            ("reverse", "ให้คะแนนกลับด้าน", "bool"),
            ("sub_questions", "ข้อย่อย (บรรทัดละข้อ)", "lines"),
            ("reverse_sub_questions", "ข้อย่อยที่กลับด้าน (ลำดับ คั่นด้วยจุลภาค)", "list"),
            ("criteria", "เกณฑ์ (บรรทัดละข้อ)", "lines"),
            ("period", "ช่วงเวลาของข้อมูล"),
            ("provisional", "ยังไม่ยืนยัน", "bool"),
            ("source", "แหล่งที่มา"),
            ("note", "หมายเหตุ"),
            ("maps_to", "สืบต่อจากข้อ (รหัสกรอบ:รหัสข้อ คั่นด้วยจุลภาค)", "list"),
        ),
    ),
    "scales": (
        "มาตราส่วน",
        _columns(("scale", "ชื่อมาตราส่วน"), ("label", "ตัวเลือก"), ("value", "คะแนน", "decimal")),
    ),
    "levels": (
        "ระดับ",
        _columns(
            ("code", "รหัสระดับ"),
            ("label", "ชื่อระดับ"),
            ("min", "คะแนนต่ำสุด", "decimal"),
            ("passing", "ถือว่าผ่าน", "bool"),
        ),
    ),
    "roles": (
        "บทบาท",
        _columns(("role", "บทบาท"), ("item", "รหัสข้อ OIT"), ("source", "แหล่งที่มา")),
    ),
}
META_SHEET = PART_NAMES["meta"]
REQUIRED_SHEETS = ("meta", "tools", "indicators", "items", "levels")
YES = {"ใช่", "yes", "true", "1", "x", "✓", "y"}
NO = {"", "ไม่", "ไม่ใช่", "no", "false", "0", "n"}


# --- export ------------------------------------------------------------------------------


def definition_to_workbook(data: dict) -> bytes:
    """The workbook of one framework definition (also the template administrators start from)."""
    workbook = Workbook()
    meta = workbook.active
    meta.title = META_SHEET
    years = data.get("fiscal_years") or {}
    values = {**data, "fiscal_year_from": years.get("from"), "fiscal_year_to": years.get("to")}
    _header(meta, ["ช่อง (key)", "ค่า (value)", "คำอธิบาย"])
    for column in META_ROWS:
        _append(meta, [column.key, _cell_value(values.get(column.key), column), column.label])
    meta.column_dimensions["B"].width = 60
    for part, (title, columns) in SHEETS.items():
        sheet = workbook.create_sheet(title)
        _header(sheet, [f"{c.label} ({c.key})" for c in columns])
        for entry in _export_rows(data, part):
            _append(sheet, [_cell_value(entry.get(c.key), c) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_rows(data: dict, part: str) -> Iterable[dict]:
    if part == "indicators":
        for indicator in data.get("indicators") or []:
            yield indicator
            for sub in indicator.get("sub_indicators") or []:
                yield {**sub, "number": indicator.get("number"), "sub_indicator": sub.get("code")}
    elif part == "scales":
        for name, options in (data.get("scales") or {}).items():
            for option in options:
                yield {**option, "scale": name}
    elif part == "roles":
        for role, value in (data.get("roles") or {}).items():
            entry = value if isinstance(value, dict) else {"item": value}
            yield {**entry, "role": role}
    else:
        yield from data.get(part) or []


def _cell_value(value, column: Column):
    if value is None or value == "" or value == []:
        return None
    if column.kind == "bool":
        return "ใช่" if value else None
    if column.kind == "lines":
        return "\n".join(str(v) for v in value)
    if column.kind == "list":
        return ", ".join(str(v) for v in value)
    if column.kind == "int":
        return value
    return str(value)  # decimals as text: 0.30 stays 0.30, never a float


def _header(sheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _append(sheet, values: list) -> None:
    sheet.append(values)
    row = sheet._current_row  # sheet[n] and max_row would scan every cell at each call
    for cell in (sheet.cell(row=row, column=n) for n in range(1, len(values) + 1)):
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            # Written as text (and marked so by a leading apostrophe in Excel): a title that
            # starts with "=" or "-" must never run as a formula on an administrator's machine.
            cell.data_type = "s"
            cell.quotePrefix = True
        if isinstance(cell.value, str) and "\n" in cell.value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- import ------------------------------------------------------------------------------


class _Refused(Exception):
    pass


def workbook_to_definition(
    content: bytes, *, known: Iterable[FrameworkSpec] = ()
) -> tuple[dict, list[Problem]]:
    """The definition a workbook holds and every problem in it, each naming sheet, row and
    column. `known` are the frameworks in the system, for `succeeds` and `maps_to`."""
    try:
        sheets = _read_sheets(content)
    except _Refused as exc:
        return {}, [Problem(WHOLE_FILE, None, "", str(exc), workbook=True)]
    reader = _Reader()
    data = reader.definition(sheets)
    if reader.problems:
        return data, reader.problems
    shape = plain_data_problem(data)
    if shape:
        return data, [Problem(WHOLE_FILE, None, "", shape, workbook=True)]
    findings = check_definition(data) + check_links(data, known)
    problems = [reader.locate(f) for f in findings]
    return data, problems + final_check(data, findings, workbook=True)


def _read_sheets(content: bytes) -> dict[str, list[tuple[int, list]]]:
    _check_zip(content)
    try:
        workbook = uploads.StreamedWorkbook(content)  # rows as a stream, no sheet sized first
    except XLSX_ERRORS as exc:
        raise _Refused(gettext("อ่านไฟล์ .xlsx ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ Excel")) from exc
    try:
        return {title: _rows(title, workbook.rows(target, max_col=MAX_COLUMNS))
                for title, target in workbook.sheets}  # fmt: skip
    except XLSX_ERRORS as exc:
        raise _Refused(gettext("อ่านไฟล์ .xlsx ไม่ได้ ไฟล์อาจเสียหาย")) from exc
    finally:
        workbook.close()


def _check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            problem = uploads.zip_problem(archive, max_unpacked=MAX_UNPACKED_BYTES, max_entries=500)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        message = gettext("ไฟล์ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาบันทึกจาก Excel เป็น .xlsx")
        raise _Refused(message) from exc
    if problem:
        raise _Refused(gettext("ไฟล์{problem} กรุณาใช้แม่แบบของระบบ").format(problem=problem))


def _rows(title: str, cells: Iterable[tuple[int, list]]) -> list[tuple[int, list]]:
    rows = []
    for number, values in cells:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if number > MAX_ROWS + 1:  # stops reading: the rest of the sheet is never parsed
            message = gettext("แผ่น {sheet} มีเกิน {count} แถว จึงไม่รับ")
            raise _Refused(message.format(sheet=title, count=f"{MAX_ROWS:,}"))
        rows.append((number, values))
    return rows


class _Reader:
    """Turns sheets into a definition, remembering which row each entry came from so that a
    problem found later in the definition is reported at its row."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.rows: dict[tuple[str, object], int] = {}

    def bad(self, part: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(PART_NAMES[part], row, column, message, workbook=True))

    def locate(self, finding: Finding) -> Problem:
        key = finding.field if finding.part == "meta" else finding.index
        row = self.rows.get((finding.part, key))
        return Problem(PART_NAMES[finding.part], row, finding.field, finding.message, workbook=True)

    def definition(self, sheets: dict[str, list[tuple[int, list]]]) -> dict:
        for part in REQUIRED_SHEETS:
            title = META_SHEET if part == "meta" else SHEETS[part][0]
            if title not in sheets:
                message = gettext("ไม่มีแผ่น {sheet} (ดาวน์โหลดแม่แบบเป็นตัวอย่าง)")
                self.bad("", None, "", message.format(sheet=title))
        if self.problems:
            return {}
        data = self._meta(sheets[META_SHEET])
        tables = {
            part: self._table(part, sheets.get(title, [])) for part, (title, _) in SHEETS.items()
        }
        for part in ("tools", "items", "levels"):  # one entry per row, in order
            data[part] = [entry for _, entry in tables[part]]
            for index, (row, _) in enumerate(tables[part]):
                self.rows[(part, index)] = row
        data["indicators"] = self._indicators(tables["indicators"])
        scales = self._scales(tables["scales"])
        if scales:
            data["scales"] = scales
        roles = self._roles(tables["roles"])
        if roles:
            data["roles"] = roles
        return data

    def _meta(self, rows: list[tuple[int, list]]) -> dict:
        columns = {c.key: c for c in META_ROWS}
        values: dict = {}
        for number, cells in rows[1:] if rows and _is_meta_header(rows[0][1]) else rows:
            key = str(cells[0] or "").strip()
            if key not in columns:
                message = gettext("ไม่รู้จักช่อง '{key}' (ใช้ได้: {keys})")
                self.bad("meta", number, "A", message.format(key=key, keys=", ".join(columns)))
                continue
            value = _convert(cells[1] if len(cells) > 1 else None, columns[key])
            if value is not None:
                values[key] = value
            self.rows[("meta", key)] = number
        data = {k: v for k, v in values.items() if k not in ("fiscal_year_from", "fiscal_year_to")}
        data["fiscal_years"] = {
            "from": values.get("fiscal_year_from"),
            "to": values.get("fiscal_year_to"),
        }
        return data

    def _table(self, part: str, rows: list[tuple[int, list]]) -> list[tuple[int, dict]]:
        title, columns = SHEETS[part]
        if not rows:
            return []
        header_row, header = rows[0]
        keys = [_header_key(cell) for cell in header]
        by_key = {c.key: c for c in columns}
        missing = [c.key for c in columns[:1] if c.key not in keys]
        if missing:
            message = gettext("แถวหัวตารางของแผ่น {sheet} ไม่มีคอลัมน์ {column}")
            self.bad(part, header_row, missing[0], message.format(sheet=title, column=missing[0]))
            return []
        entries = []
        for number, cells in rows[1:]:
            entry = {}
            for key, value in zip(keys, cells, strict=False):
                if key in by_key:
                    converted = _convert(value, by_key[key])
                    if converted is not None:
                        entry[key] = converted
            entries.append((number, entry))
        return entries

    def _indicators(self, rows: list[tuple[int, dict]]) -> list[dict]:
        indicators, subs = [], []
        for number, entry in rows:
            if entry.get("sub_indicator") not in (None, ""):
                subs.append((number, entry))
            else:
                entry.pop("sub_indicator", None)
                self.rows[("indicators", len(indicators))] = number
                indicators.append(entry)
        by_number = {entry.get("number"): entry for entry in indicators}
        for number, entry in subs:
            parent = by_number.get(entry.get("number"))
            if parent is None:
                message = gettext("แถวตัวชี้วัดย่อยต้องระบุเลขตัวชี้วัดที่มีแถวของตัวเองในแผ่นนี้")
                self.bad("indicators", number, "number", message)
                continue
            sub = {"code": entry["sub_indicator"], "name": entry.get("name", "")}
            if entry.get("source"):
                sub["source"] = entry["source"]
            parent.setdefault("sub_indicators", []).append(sub)
            sub["_row"] = number
        index = 0
        for indicator in indicators:
            for sub in indicator.get("sub_indicators", []):
                self.rows[("sub_indicators", index)] = sub.pop("_row")
                index += 1
        return indicators

    def _scales(self, rows: list[tuple[int, dict]]) -> dict:
        scales: dict[str, list[tuple[int, dict]]] = {}
        for number, entry in rows:
            name = entry.pop("scale", None)
            if not name:
                self.bad("scales", number, "scale", gettext("ต้องมีชื่อมาตราส่วน เช่น scale4"))
                continue
            scales.setdefault(str(name), []).append((number, entry))
        index = 0
        for options in scales.values():
            for number, _ in options:
                self.rows[("scales", index)] = number
                index += 1
        return {name: [entry for _, entry in options] for name, options in scales.items()}

    def _roles(self, rows: list[tuple[int, dict]]) -> dict:
        roles: dict[str, object] = {}
        for number, entry in rows:
            role = entry.get("role")
            if not role:
                self.bad("roles", number, "role", gettext("ต้องมีชื่อบทบาท"))
                continue
            if role in roles:
                self.bad("roles", number, "role", gettext("บทบาท {role} ซ้ำ").format(role=role))
                continue
            self.rows[("roles", len(roles))] = number
            item = entry.get("item", "")
            roles[role] = {"item": item, "source": entry["source"]} if entry.get("source") else item
        return roles


def _is_meta_header(cells: list) -> bool:
    return str(cells[0] or "").strip() not in {c.key for c in META_ROWS}


def _header_key(cell) -> str:
    text = str(cell or "").strip()
    match = re.search(r"\(([a-z_]+)\)\s*$", text)
    return match.group(1) if match else text


def _convert(value, column: Column):
    """A cell as the definition holds it, or the cell's own text when it cannot be converted,
    so the checks report it at its place."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if column.kind == "int":
        return _to_int(value)
    if column.kind == "decimal":
        return to_arabic_digits(value) if isinstance(value, str) else _number_text(value)
    if column.kind == "bool":
        return _to_bool(value)
    if column.kind == "lines":
        lines = [line.strip() for line in str(value).splitlines()]
        return [line for line in lines if line] or None
    if column.kind == "list":
        parts = [part.strip() for part in str(value).split(",")]
        parts = [part for part in parts if part]
        if column.key == "reverse_sub_questions":
            return [_to_int(part) for part in parts] or None
        return parts or None
    return _number_text(value) if isinstance(value, int | float) else str(value)


def _to_int(value):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = to_arabic_digits(str(value)).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else text


def _to_bool(value):
    if isinstance(value, bool):
        return value or None
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return None
    return str(value)


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
