"""An uploaded framework (YAML, or XLSX from the template in workbook.py) checked part by part,
so each problem names where it is: the sheet, row and column of a workbook, or the part, item
code and field of a YAML file. build_spec stays the last word; these checks run first because
its messages speak of the whole file and it assumes well-typed values."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from ita.frameworks.spec import ROLES, FrameworkError, FrameworkSpec, build_spec
from ita.lib import uploads
from ita.lib.thai_text import parse_decimal

# A YAML file may alias one list many times over ("billion laughs"); counting the values a walk
# meets stops it long before memory does. The largest shipped framework has about 3,000.
MAX_VALUES = 100_000
MAX_ITEMS = 2_000  # as many as a workbook sheet may hold; Item.position is a small integer
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # Framework.code is a 40-character slug
ORIGIN = "origin"  # definition key marking a framework that lives in the database only
UPLOADED = "upload"

# The parts of a framework, as the workbook's sheets name them (and YAML problems too). They
# stay Thai in every language: they are the sheets' own names (the English quotes them).
PART_NAMES = {
    "meta": "กรอบ",
    "tools": "เครื่องมือ",
    "indicators": "ตัวชี้วัด",
    "sub_indicators": "ตัวชี้วัด",
    "items": "ข้อ",
    "scales": "มาตราส่วน",
    "levels": "ระดับ",
    "roles": "บทบาท",
    "": "ทั้งไฟล์",
}
WHOLE_FILE = PART_NAMES[""]
# Where a problem is, by (workbook, has a row, has a column).
PLACES = {
    (True, True, True): _noop("แผ่น {sheet} แถว {row} คอลัมน์ {column}: {message}"),
    (True, True, False): _noop("แผ่น {sheet} แถว {row}: {message}"),
    (True, False, True): _noop("แผ่น {sheet} คอลัมน์ {column}: {message}"),
    (True, False, False): _noop("แผ่น {sheet}: {message}"),
    (False, True, True): _noop("ส่วน {sheet} รายการ {row} ช่อง {column}: {message}"),
    (False, True, False): _noop("ส่วน {sheet} รายการ {row}: {message}"),
    (False, False, True): _noop("ส่วน {sheet} ช่อง {column}: {message}"),
    (False, False, False): _noop("ส่วน {sheet}: {message}"),
}


@dataclass(frozen=True)
class Finding:
    """A problem at a place in the definition: part, position in that part, field."""

    part: str
    index: int | None
    field: str
    message: str


@dataclass(frozen=True)
class Problem:
    """A problem as the administrator reads it. `row` is the workbook's row number, or for a
    YAML file the item code (or position) of the entry."""

    sheet: str
    row: int | str | None
    column: str
    message: str
    workbook: bool = False

    def __str__(self) -> str:
        if self.sheet == WHOLE_FILE and self.row is None and not self.column:
            place = _("แผ่น ทั้งไฟล์: {message}") if self.workbook else _("ส่วน ทั้งไฟล์: {message}")
        else:
            place = _(PLACES[(self.workbook, self.row is not None, bool(self.column))])
        values = {"sheet": self.sheet, "row": self.row, "column": self.column}
        return place.format(**values, message=self.message)

    @property
    def sheet_label(self) -> str:
        """The sheet as the problems page shows it: its own (Thai) name, or "the whole file"."""
        return _("ทั้งไฟล์") if self.sheet == WHOLE_FILE else self.sheet

    def as_json(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Upload:
    """What a file holds: its definition, every problem found, and its checksum (the confirm
    step loads exactly the file whose checksum the preview showed)."""

    filename: str
    definition: dict
    problems: list[Problem]
    checksum: str

    @property
    def ok(self) -> bool:
        return not self.problems

    def spec(self) -> FrameworkSpec:
        return build_spec(self.definition)


def checksum_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_upload(filename: str, content: bytes, known: Iterable[FrameworkSpec] = ()) -> Upload:
    """Parse and check one uploaded file; never raises for bad input."""
    checksum = checksum_of(content)
    if len(content) > uploads.max_bytes():  # the one upload limit (ita/lib/uploads.py)
        return Upload(filename, {}, [whole(uploads.size_message(filename, len(content)))], checksum)
    if filename.lower().endswith(".xlsx"):
        # imported here: workbook.py builds on this module's checks
        from ita.frameworks.workbook import workbook_to_definition

        data, problems = workbook_to_definition(content, known=known)
    elif filename.lower().endswith((".yaml", ".yml")):
        data, problems = yaml_to_definition(content, known=known)
    else:
        problems = [whole(_("รับเฉพาะไฟล์ .xlsx (จากแม่แบบ) หรือ .yaml"))]
        data = {}
    return Upload(filename, data, problems, checksum)


def whole(message: str, *, workbook: bool = False) -> Problem:
    return Problem(WHOLE_FILE, None, "", message, workbook=workbook)


def yaml_to_definition(
    content: bytes, known: Iterable[FrameworkSpec] = ()
) -> tuple[dict, list[Problem]]:
    try:
        data = yaml.safe_load(content)
    except (yaml.YAMLError, RecursionError, UnicodeDecodeError, ValueError) as exc:
        return {}, [whole(_("อ่านไฟล์ YAML ไม่ได้: {error}").format(error=str(exc)[:300]))]
    shape = plain_data_problem(data)
    if shape:
        return {}, [whole(shape)]
    findings = check_definition(data) + check_links(data, known)
    return data, [_yaml_problem(data, f) for f in findings] + final_check(data, findings)


def plain_data_problem(data) -> str:
    """Why a parsed document cannot be a stored definition (JSON), or "" when it can."""
    if not isinstance(data, dict):
        return _("ไฟล์ไม่ใช่กรอบการประเมิน (ต้องเป็นชุดข้อมูล code, name, tools, indicators, items …)")
    seen, stack = 0, [data]
    while stack:
        value = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            message = _("ไฟล์มีข้อมูลเกิน {count} ค่า (หรืออ้างซ้ำกันเป็นวง) จึงไม่รับ")
            return message.format(count=f"{MAX_VALUES:,}")
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):
                return _("ชื่อช่องข้อมูลทุกช่องต้องเป็นข้อความ")
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and "\x00" in value:
            # PostgreSQL's JSON refuses it
            return _("มีอักขระ NUL ({char}) ในข้อความ").format(char="\\x00")
        elif isinstance(value, float) and not math.isfinite(value):
            return _("มีตัวเลขที่ไม่ใช่ค่าจำกัด (.nan หรือ .inf)")  # not JSON
        elif not isinstance(value, str | int | float | bool) and value is not None:
            message = _("มีค่าชนิดที่ไม่รองรับ ({kind}) เช่น วันที่ ให้เขียนเป็นข้อความ")
            return message.format(kind=type(value).__name__)
    return ""


def final_check(data: dict, findings: list[Finding], *, workbook: bool = False) -> list[Problem]:
    """build_spec's own rules, for anything the part-by-part checks did not already report."""
    if findings:
        return []
    try:
        build_spec(data)
    except (FrameworkError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return [whole(str(exc), workbook=workbook)]
    return []


def _yaml_problem(data: dict, finding: Finding) -> Problem:
    return Problem(
        PART_NAMES[finding.part], _yaml_label(data, finding), finding.field, finding.message
    )


def _yaml_label(data: dict, finding: Finding) -> str | None:
    """An entry named by its code where it has one (ข้อ O5), else by its position (ที่ 3)."""
    if finding.index is None:
        return None
    key = {"tools": "code", "items": "code", "levels": "code", "indicators": "number"}
    entries = _entries(data, finding.part)
    entry = entries[finding.index] if finding.index < len(entries) else None
    if isinstance(entry, dict) and key.get(finding.part) and entry.get(key[finding.part]):
        return str(entry[key[finding.part]])
    if isinstance(entry, tuple):  # sub-indicator, scale option or role: (name, value)
        return str(entry[0])
    return _("ที่ {number}").format(number=finding.index + 1)


def _entries(data: dict, part: str) -> list:
    if part == "sub_indicators":
        return [(sub.get("code", ""), sub) for sub in _sub_indicators(data)]
    if part == "scales":
        option = _("{scale} ตัวเลือกที่ {number}")
        return [(option.format(scale=name, number=i + 1), o) for name, i, o in _scale_options(data)]
    if part == "roles":
        roles = data.get("roles")
        return list(roles.items()) if isinstance(roles, dict) else []
    value = data.get(part)
    return value if isinstance(value, list) else []


def _sub_indicators(data: dict) -> list[dict]:
    subs = []
    for indicator in _dicts(data.get("indicators")):
        subs.extend(_dicts(indicator.get("sub_indicators")))
    return subs


def _scale_options(data: dict) -> list[tuple[str, int, dict]]:
    scales = data.get("scales")
    if not isinstance(scales, dict):
        return []
    return [
        (name, i, option)
        for name, options in scales.items()
        for i, option in enumerate(options if isinstance(options, list) else [])
    ]


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# --- the checks, part by part -------------------------------------------------------------


def check_definition(data: dict) -> list[Finding]:
    """Every problem of one definition that can be pinned to an entry and a field."""
    findings: list[Finding] = []
    for part in ("tools", "indicators", "items", "levels"):
        value = data.get(part)
        if not isinstance(value, list) or not value:
            findings.append(Finding(part, None, "", _("ต้องมีอย่างน้อยหนึ่งรายการ")))
        elif not all(isinstance(entry, dict) for entry in value):
            findings.append(Finding(part, None, "", _("ทุกรายการต้องเป็นชุดข้อมูล (ชื่อช่อง: ค่า)")))
    if len(data.get("items") or []) > MAX_ITEMS:
        findings.append(
            Finding("items", None, "", _("มีข้อเกิน {count} ข้อ").format(count=f"{MAX_ITEMS:,}"))
        )
    if findings:  # the checks below read these parts as lists of entries
        return _check_meta(data) + findings
    findings += _check_meta(data)
    findings += _check_tools(data)
    findings += _check_scales(data)
    findings += _check_indicators(data)
    findings += _check_items(data)
    findings += _check_levels(data)
    findings += _check_roles(data)
    return findings


def _check_meta(data: dict) -> list[Finding]:
    found = []

    def bad(field: str, message: str) -> None:
        found.append(Finding("meta", None, field, message))

    code = data.get("code")
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        bad("code", _("ต้องเป็นรหัสตัวพิมพ์เล็ก ตัวเลข และขีด ไม่เกิน 40 ตัวอักษร เช่น ita-2570"))
    if not _text(data.get("name")) or len(str(data.get("name"))) > 200:
        bad("name", _("ต้องมีชื่อกรอบ ไม่เกิน 200 ตัวอักษร"))
    years = data.get("fiscal_years")
    start = _int(years.get("from")) if isinstance(years, dict) else None
    end = _int(years.get("to")) if isinstance(years, dict) else None
    if start is None or not 2500 <= start <= 2700:
        bad("fiscal_year_from", _("ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2570"))
    if end is None or not 2500 <= end <= 2700:
        bad("fiscal_year_to", _("ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2570"))
    elif start is not None and start > end:
        bad("fiscal_year_to", _("ปีสุดท้ายต้องไม่ก่อนปีแรก"))
    if data.get("succeeds") not in (None, "") and not isinstance(data.get("succeeds"), str):
        bad("succeeds", _("ต้องเป็นรหัสกรอบ เช่น ita-2569"))
    mark = _decimal(data.get("pass_mark", "85"))
    if mark is None or not 0 <= mark <= 100:
        bad("pass_mark", _("ต้องเป็นตัวเลข 0–100"))
    for field in ("provisional",):
        if not isinstance(data.get(field, False), bool):
            bad(field, _("ต้องเป็น ใช่ หรือเว้นว่าง"))
    return found


def _check_tools(data: dict) -> list[Finding]:
    found = []
    codes: set[str] = set()
    total = Decimal(0)
    used = {i.get("tool") for i in data["indicators"]}
    for index, tool in enumerate(data["tools"]):
        code = tool.get("code")
        if not _text(code) or len(code) > 8:  # Indicator.tool holds 8 characters
            found.append(
                Finding("tools", index, "code", _("ต้องมีรหัสเครื่องมือ ไม่เกิน 8 ตัวอักษร เช่น IIT"))
            )
        elif code in codes:
            found.append(
                Finding("tools", index, "code", _("รหัสเครื่องมือ {code} ซ้ำ").format(code=code))
            )
        elif code not in used:
            found.append(
                Finding("tools", index, "code", _("เครื่องมือ {code} ไม่มีตัวชี้วัด").format(code=code))
            )
        codes.add(code)
        weight = _decimal(tool.get("weight"))
        if weight is None or not 0 <= weight <= 1:
            found.append(Finding("tools", index, "weight", _("ต้องเป็นตัวเลข 0–1 เช่น 0.30")))
        else:
            total += weight
    if not found and total != 1:
        message = _("น้ำหนักรวมต้องเท่ากับ 1 (ได้ {total})").format(total=total)
        found.append(Finding("tools", None, "weight", message))
    return found


def _check_scales(data: dict) -> list[Finding]:
    scales = data.get("scales")
    if scales in (None, {}):
        return []
    if not isinstance(scales, dict):
        return [Finding("scales", None, "", _("ต้องเป็นชุดของมาตราส่วน ชื่อ: รายการตัวเลือก"))]
    found = []
    for index, (name, _position, option) in enumerate(_scale_options(data)):
        if not isinstance(option, dict) or not _text(option.get("label")):
            message = _("ตัวเลือกของ {scale} ต้องมีข้อความ").format(scale=name)
            found.append(Finding("scales", index, "label", message))
        elif _decimal(option.get("value")) is None:
            found.append(Finding("scales", index, "value", _("ต้องเป็นตัวเลข")))
    for name, options in scales.items():
        if not isinstance(options, list) or not options:
            message = _("มาตราส่วน {scale} ไม่มีตัวเลือก").format(scale=name)
            found.append(Finding("scales", None, "scale", message))
    return found


def _check_indicators(data: dict) -> list[Finding]:
    found = []
    tools = {t.get("code") for t in data["tools"]}
    numbers: set[int] = set()
    sub_codes: set[str] = set()
    sub_index = 0
    for index, indicator in enumerate(data["indicators"]):
        number = _int(indicator.get("number"))
        if number is None or not 1 <= number <= 999:
            found.append(Finding("indicators", index, "number", _("ต้องเป็นเลขตัวชี้วัด 1, 2, …")))
        elif number in numbers:
            message = _("ตัวชี้วัดที่ {number} ซ้ำ").format(number=number)
            found.append(Finding("indicators", index, "number", message))
        numbers.add(number)
        if not _text(indicator.get("name")) or len(str(indicator.get("name"))) > 200:
            found.append(Finding("indicators", index, "name", _("ต้องมีชื่อตัวชี้วัด ไม่เกิน 200 ตัวอักษร")))
        if indicator.get("tool") not in tools:
            message = _("ต้องเป็นรหัสเครื่องมือที่มีในแผ่น เครื่องมือ")
            found.append(Finding("indicators", index, "tool", message))
        subs = indicator.get("sub_indicators") or []
        if not isinstance(subs, list) or not all(isinstance(s, dict) for s in subs):
            found.append(Finding("indicators", index, "sub_indicators", _("ต้องเป็นรายการ")))
            continue
        for sub in subs:
            code = str(sub.get("code") or "")
            if not code or len(code) > 8:
                found.append(Finding("sub_indicators", sub_index, "code", _("ต้องมีรหัส เช่น 9.1")))
            elif code in sub_codes:
                message = _("รหัส {code} ซ้ำ").format(code=code)
                found.append(Finding("sub_indicators", sub_index, "code", message))
            sub_codes.add(code)
            sub_index += 1
    return found


def _check_items(data: dict) -> list[Finding]:
    found: list[Finding] = []
    indicators = {
        _int(i.get("number")): {str(s.get("code")) for s in _dicts(i.get("sub_indicators"))}
        for i in data["indicators"]
    }
    kinds = {"disclosure", *(data.get("scales") or {})}
    codes: set[str] = set()
    for index, item in enumerate(data["items"]):

        def bad(field: str, message: str, index=index) -> None:
            found.append(Finding("items", index, field, message))

        code = item.get("code")
        if not _text(code) or len(str(code)) > 12:
            bad("code", _("ต้องมีรหัสข้อ ไม่เกิน 12 ตัวอักษร เช่น O1"))
        elif code in codes:
            bad("code", _("รหัสข้อ {code} ซ้ำกับข้ออื่น").format(code=code))
        codes.add(code)
        if not _text(item.get("title")):
            bad("title", _("ต้องมีชื่อข้อ"))
        number = _int(item.get("indicator"))
        if number not in indicators:
            bad("indicator", _("ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด"))
        sub = item.get("sub_indicator")
        if sub not in (None, "") and number in indicators and str(sub) not in indicators[number]:
            message = _("ต้องเป็นตัวชี้วัดย่อยของตัวชี้วัดที่ {number} ในแผ่น ตัวชี้วัด")
            bad("sub_indicator", message.format(number=number))
        if item.get("kind", "disclosure") not in kinds:
            message = _("ต้องเป็น disclosure หรือชื่อมาตราส่วนในแผ่น มาตราส่วน ({kinds})")
            bad("kind", message.format(kinds=", ".join(sorted(kinds))))
        for field in ("reverse", "provisional"):
            if not isinstance(item.get(field, False), bool):
                bad(field, _("ต้องเป็น ใช่ หรือเว้นว่าง"))
        for field in ("criteria", "sub_questions", "maps_to"):
            value = item.get(field) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                bad(field, _("ต้องเป็นรายการข้อความ"))
        for ref in item.get("maps_to") or []:
            if isinstance(ref, str) and not _split_ref(ref):
                message = _("'{ref}' ต้องเขียนเป็น รหัสกรอบ:รหัสข้อ เช่น ita-2569:O1")
                bad("maps_to", message.format(ref=ref))
    return found + _empty_sub_indicators(data)


def _empty_sub_indicators(data: dict) -> list[Finding]:
    used = {str(item.get("sub_indicator")) for item in data["items"] if item.get("sub_indicator")}
    message = _("ตัวชี้วัดย่อย {code} ไม่มีข้อใดอ้างถึง")
    return [
        Finding("sub_indicators", index, "code", message.format(code=sub.get("code")))
        for index, sub in enumerate(_sub_indicators(data))
        if str(sub.get("code") or "") and str(sub.get("code")) not in used
    ]


def _check_levels(data: dict) -> list[Finding]:
    found = []
    codes: set[str] = set()
    for index, level in enumerate(data["levels"]):
        code = level.get("code")
        if not _text(code):
            found.append(Finding("levels", index, "code", _("ต้องมีรหัสระดับ เช่น PASS")))
        elif code in codes:
            message = _("รหัสระดับ {code} ซ้ำ").format(code=code)
            found.append(Finding("levels", index, "code", message))
        codes.add(code)
        low = _decimal(level.get("min"))
        if low is None or not 0 <= low <= 100:
            found.append(Finding("levels", index, "min", _("ต้องเป็นคะแนนต่ำสุด 0–100")))
        if not isinstance(level.get("passing", False), bool):
            found.append(Finding("levels", index, "passing", _("ต้องเป็น ใช่ หรือเว้นว่าง")))
    lows = [_decimal(level.get("min")) for level in data["levels"]]
    if not found and 0 not in lows:
        found.append(Finding("levels", None, "min", _("ต้องมีระดับที่เริ่มจาก 0 คะแนน")))
    return found


def _check_roles(data: dict) -> list[Finding]:
    roles = data.get("roles")
    if roles in (None, {}):
        return []
    if not isinstance(roles, dict):
        return [Finding("roles", None, "", _("ต้องเป็นชุดของ บทบาท: รหัสข้อ"))]
    oit_numbers = {_int(i.get("number")) for i in data["indicators"] if i.get("tool") == "OIT"}
    oit = {item.get("code") for item in data["items"] if _int(item.get("indicator")) in oit_numbers}
    found = []
    for index, (role, value) in enumerate(roles.items()):
        code = value.get("item") if isinstance(value, dict) else value
        if role not in ROLES:
            message = _("ไม่รู้จักบทบาท {role} (ใช้ได้: {roles})")
            found.append(
                Finding("roles", index, "role", message.format(role=role, roles=", ".join(ROLES)))
            )
        elif code not in oit:
            found.append(Finding("roles", index, "item", _("ต้องเป็นรหัสข้อ OIT ที่มีในแผ่น ข้อ")))
    return found


def check_links(data: dict, known: Iterable[FrameworkSpec]) -> list[Finding]:
    """The rules across frameworks, against those already in the system: `succeeds` names one
    that exists, every `maps_to` names an existing item of an existing framework."""
    by_code = {spec.code: spec for spec in known}
    found = []
    succeeds = data.get("succeeds")
    if isinstance(succeeds, str) and succeeds and succeeds not in by_code:
        message = _("ไม่มีกรอบ {code} ในระบบ").format(code=succeeds)
        found.append(Finding("meta", None, "succeeds", message))
    items = data.get("items") if isinstance(data.get("items"), list) else []
    for index, item in enumerate(items):
        refs = item.get("maps_to") if isinstance(item, dict) else None
        for ref in refs if isinstance(refs, list) else []:
            framework, code = (_split_ref(ref) if isinstance(ref, str) else None) or ("", "")
            if not framework:
                continue
            if framework not in by_code:
                message = _("อ้างกรอบ {framework} ที่ไม่มีในระบบ").format(framework=framework)
            elif code not in {i.code for i in by_code[framework].items}:
                message = _("อ้างข้อ {code} ที่ไม่มีในกรอบ {framework}")
                message = message.format(code=code, framework=framework)
            else:
                continue
            found.append(Finding("items", index, "maps_to", message))
    return found


def _split_ref(ref: str) -> tuple[str, str] | None:
    framework, sep, code = ref.partition(":")
    return (framework.strip(), code.strip()) if sep and framework.strip() and code.strip() else None


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()) if len(value.strip()) <= 6 else None
    return None


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    return parse_decimal(value)
