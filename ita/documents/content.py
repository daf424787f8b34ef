"""The content of an official Thai document, as plain frozen data (no Django).

A builder (a pure function of database records) produces a `Document`; the renderers turn the
same `Document` into DOCX (render_docx), HTML (render_html) and PDF (render_pdf), so the three
never disagree. This module is the contract between the builders and the renderers: it only
grows by optional fields with defaults.

Writing rules for builders
--------------------------
- Write numbers with ARABIC digits ("71.03", "ตัวชี้วัดที่ 10", "ปีงบประมาณ พ.ศ. 2565"). The
  renderers turn them into Thai digits when `Options.thai_digits` is on (the default for
  official documents) and leave them alone when it is off. Text already in Thai digits is kept.
- Years are Buddhist era (2565), never Christian. Dates are `datetime.date` where a field takes
  one (MemoHeader.date); the renderer prints "10 มกราคม 2565" (Thai digits when on).
- Digits that must never change are `verbatim`: a whole `Run(text, verbatim=True)`, or (as a
  safety net, applied everywhere) URLs, e-mail addresses and ITA item codes such as I25, E12,
  O36 inside ordinary text — see `display_text`.
- Text may be a `str`, a `Run`, or a tuple mixing both; it is normalised to `tuple[Run, ...]`.
  Bold runs: `(Run("ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน", bold=True), " โดยรวมได้คะแนน…")`.
- Section numbers are written by the builder, as the seeds number them: `Heading("ความเป็นมา",
  number="1.")` → "๑. ความเป็นมา"; `Heading("ตัวชี้วัดที่เป็นจุดแข็ง", number="3.1", level=2)`.

Blocks
------
Heading, Paragraph, BulletList, NumberedList, Table (Column, Cell), Chart (Series), MemoHeader,
Signature, OpinionChain (Opinion), Spacer, PageBreak.

Example::

    Document(
        kind=Kind.O42, agency_name="องค์การบริหารส่วนจังหวัดมุกดาหาร", fiscal_year=2565,
        title_lines=("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", "…"),
        blocks=(Heading("ความเป็นมา", number="1."), Paragraph("การประเมิน…"), …),
    )
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal, TypeAlias

from ita.lib.thai_text import to_thai_digits


class Kind(StrEnum):
    """Which official document; the value is used in URLs, commands and file names."""

    O42 = "o42"  # รายงานการวิเคราะห์ผลการประเมิน (OIT ข้อ O42 up to FY 2567, O25 in 2569), seed 002
    MEMO = "memo"  # บันทึกข้อความขออนุมัติมาตรการ, seed 003
    O43 = "o43"  # รายงานผลการดำเนินการตามมาตรการ (OIT ข้อ O43), seeds 001, 003, 004
    PROVINCE = "province"  # สรุปผลระดับจังหวัด, seed 000: oversight.report (documents.province)


KIND_LABELS: dict[Kind, str] = {
    Kind.O42: "รายงานการวิเคราะห์ผลการประเมิน",
    Kind.MEMO: "บันทึกข้อความขออนุมัติมาตรการ",
    Kind.O43: "รายงานผลการดำเนินการตามมาตรการ",
    Kind.PROVINCE: "สรุปผลการประเมินระดับจังหวัด",
}

Align = Literal["left", "center", "right", "justify"]


# --------------------------------------------------------------------------- text
@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting. `verbatim` text never has its digits converted."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    verbatim: bool = False


Text: TypeAlias = str | Run | tuple[str | Run, ...]


def runs(value: Text) -> tuple[Run, ...]:
    """Normalise str | Run | tuple of them into a tuple of runs (empty strings dropped)."""
    if isinstance(value, str):
        return (Run(value),) if value else ()
    if isinstance(value, Run):
        return (value,)
    out: list[Run] = []
    for part in value:
        out.extend(runs(part))
    return tuple(out)


def plain(value: Text) -> str:
    """The text without formatting (for tests, titles, file names)."""
    return "".join(r.text for r in runs(value))


def _set_runs(obj, name: str) -> None:
    # Frozen dataclasses: normalising in __post_init__ needs object.__setattr__.
    object.__setattr__(obj, name, runs(getattr(obj, name)))


# Digits inside these must stay as written, whatever the option says: a URL or an e-mail
# address with Thai digits no longer works, and item codes (O36, I25, E12) are what NACC and the
# ITAS system print. The seeds show the damage ("O36" became "๐๓๖").
_VERBATIM_PATTERN = re.compile(
    r"(?:https?://|www\.)\S+"  # URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?<![A-Za-z])[IEO]\s?\d{1,2}(?!\d)"  # ITA item code: I25, E 12, O36
)


def display_text(text: str, thai_digits: bool, verbatim: bool = False) -> str:
    """The text as printed: Arabic digits → Thai digits when the option is on, except in
    verbatim text, URLs, e-mail addresses and item codes."""
    if not thai_digits or verbatim:
        return text
    out, last = [], 0
    for match in _VERBATIM_PATTERN.finditer(text):
        out.append(to_thai_digits(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(to_thai_digits(text[last:]))
    return "".join(out)


# --------------------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Heading:
    """A numbered section heading; `number` is written by the builder ("1.", "3.1", "")."""

    text: str
    number: str = ""
    level: int = 1  # 1 = section (๑.), 2 = subsection (๓.๑), 3 = item inside a subsection

    @property
    def full_text(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Paragraph:
    """Body text. `indent` = the first-line indent of Thai official letters (2.5 cm);
    `level` adds a left indent of 1.25 cm per step (text under a numbered item)."""

    text: Text
    indent: bool = True
    align: Align = "justify"
    level: int = 0
    keep_with_next: bool = False

    def __post_init__(self):
        _set_runs(self, "text")


@dataclass(frozen=True)
class BulletList:
    """Items marked with `bullet` ("-" as the seeds use), each a Text."""

    items: tuple[Text, ...]
    bullet: str = "-"
    level: int = 1

    def __post_init__(self):
        object.__setattr__(self, "items", tuple(runs(i) for i in self.items))


@dataclass(frozen=True)
class NumberedList:
    """Numbered items; `style` is a format with {n}: "{n})" → ๑), "{n}." → ๑., "({n})" → (๑)."""

    items: tuple[Text, ...]
    start: int = 1
    style: str = "{n})"
    level: int = 1

    def __post_init__(self):
        object.__setattr__(self, "items", tuple(runs(i) for i in self.items))

    def marker(self, index: int) -> str:
        return self.style.format(n=self.start + index)


@dataclass(frozen=True)
class Column:
    """A table column: header text, relative width, alignment of its body cells. Columns with
    the same consecutive `group` get one more header row above them with the group's text
    (seed 003: "ผลการดำเนินการ" over "ผลผลิต" and "ผลลัพธ์")."""

    header: str
    width: float = 1.0
    align: Align = "left"
    group: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell: one or more paragraphs (each a Text). `colspan` merges cells to the right;
    `shaded` gives a grey background (section rows such as "แบบวัด IIT")."""

    paragraphs: tuple[Text, ...] | Text = ()
    colspan: int = 1
    align: Align | None = None  # None = the column's alignment
    shaded: bool = False

    def __post_init__(self):
        value = self.paragraphs
        if isinstance(value, str | Run) or _is_one_text(value):
            value = (value,)
        object.__setattr__(self, "paragraphs", tuple(runs(p) for p in value))


def _is_one_text(value: tuple) -> bool:
    # A tuple of strings is several paragraphs; a tuple of strings and Runs with at least one
    # Run is one text with mixed formatting; a tuple holding tuples is several paragraphs.
    return (
        bool(value)
        and all(isinstance(p, str | Run) for p in value)
        and any(isinstance(p, Run) for p in value)
    )


CellLike: TypeAlias = Cell | str | Run | tuple


def cell(value: CellLike) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


@dataclass(frozen=True)
class Table:
    """A bordered table whose header row(s) repeat on every page. `rows` hold cells (a Cell, a
    str, a Run, or a tuple of str = several paragraphs); the colspans of each row add up to the
    number of columns. `font_size` (pt, DOCX scale) lets dense tables use 14 pt."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[CellLike, ...], ...]
    caption: str = ""
    font_size: float | None = None

    def __post_init__(self):
        rows = tuple(tuple(cell(c) for c in row) for row in self.rows)
        object.__setattr__(self, "rows", rows)
        for number, row in enumerate(rows, start=1):
            width = sum(c.colspan for c in row)
            if width != len(self.columns):
                raise ValueError(
                    f"ตารางแถวที่ {number} มี {width} ช่อง แต่ตารางมี {len(self.columns)} คอลัมน์"
                )

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | Decimal | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart spec, drawn by charts.py (matplotlib) to the same PNG for DOCX, HTML and PDF.
    kind: "bar" (vertical), "hbar" (horizontal, for long indicator names), "line" (history).
    `reference` draws a dashed line (the 85-point threshold); `value_labels` prints values."""

    kind: Literal["bar", "hbar", "line"]
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_min: float = 0
    y_max: float = 100
    y_label: str = "คะแนน"
    x_label: str = ""  # e.g. "ตัวชี้วัดที่" under bars labelled by number
    reference: float | None = None
    reference_label: str = ""
    value_labels: bool = True
    width_cm: float = 16.0
    height_cm: float = 8.0
    # "แผนภูมิที่ n …", printed as text above the picture (then the picture draws no title)
    caption: str = ""

    def __post_init__(self):
        for s in self.series:
            if len(s.values) != len(self.labels):
                raise ValueError(f"ชุดข้อมูล {s.name} มี {len(s.values)} ค่า ไม่เท่ากับจำนวนป้าย")


@dataclass(frozen=True)
class MemoHeader:
    """The head of a บันทึกข้อความ (seed 003). `date` None leaves a blank to fill by hand;
    `reference` is the document number (ที่), e.g. "มส 74701.5/" (digits follow the option)."""

    department: str  # ส่วนราชการ
    reference: str  # ที่
    subject: str  # เรื่อง
    to: str  # เรียน
    date: dt.date | None = None  # วันที่
    # The ครุฑ (PNG bytes) at the top left, `garuda_cm` high (บันทึกข้อความ 1.5 cm); b"": none.
    garuda: bytes = b""
    garuda_cm: float = 1.5


@dataclass(frozen=True)
class Signature:
    """(ลงชื่อ)…… / (name) / position lines, centred in the right half of the page.
    `name` is given without brackets; empty name leaves a dotted blank."""

    name: str
    position: tuple[str, ...] | str = ()
    sign_line: bool = True  # print "(ลงชื่อ)................"
    date_line: bool = False  # print "วันที่ ........" under the position (opinion blocks)
    date: dt.date | None = None  # the date signed: printed on the date line instead of dots

    def __post_init__(self):
        if isinstance(self.position, str):
            object.__setattr__(self, "position", (self.position,) if self.position else ())


@dataclass(frozen=True)
class Opinion:
    """One step of the chain: heading ("ความเห็นของหัวหน้าสำนักปลัด", "คำสั่ง…"), the opinion
    text (empty → dotted lines to write by hand), tick boxes ("อนุมัติ", "ไม่อนุมัติ"), signer."""

    heading: str
    signature: Signature
    text: str = ""
    choices: tuple[str, ...] = ()
    blank_lines: int = 2
    chosen: str = ""  # the choice ticked: "(✓) อนุมัติ  (   ) ไม่อนุมัติ"

    def marks(self) -> tuple[str, ...]:
        return tuple(f"({TICK if c == self.chosen else BOX}) {c}" for c in self.choices)


TICK = "✓"  # U+2713; Sarabun lacks it, the renderers fall back to a symbol font
BOX = "\u2002\u2002"  # an unticked box: two en spaces, the width of the tick


@dataclass(frozen=True)
class OpinionChain:
    opinions: tuple[Opinion, ...]


@dataclass(frozen=True)
class Spacer:
    lines: int = 1


@dataclass(frozen=True)
class PageBreak:
    pass


Block: TypeAlias = (
    Heading
    | Paragraph
    | BulletList
    | NumberedList
    | Table
    | Chart
    | MemoHeader
    | Signature
    | OpinionChain
    | Spacer
    | PageBreak
)


# --------------------------------------------------------------------------- document
@dataclass(frozen=True)
class Options:
    thai_digits: bool = True  # official documents print Thai digits unless the agency opts out
    orientation: Literal["portrait", "landscape"] = "portrait"
    font_size: float = 16.0  # pt of "TH SarabunIT๙" in DOCX; HTML/PDF scale Sarabun to match
    page_numbers: bool = True  # "- ๒ -" at the top centre from page 2, as official letters do


@dataclass(frozen=True)
class Document:
    """One official document. `title_lines` are printed centred and bold at the top (empty
    for a memo, whose MemoHeader carries its own title)."""

    kind: Kind
    agency_name: str
    fiscal_year: int  # Buddhist era
    blocks: tuple[Block, ...]
    title_lines: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "blocks", tuple(self.blocks))
        object.__setattr__(self, "title_lines", tuple(self.title_lines))
        if self.fiscal_year < 2400:
            raise ValueError(f"ปีงบประมาณต้องเป็นปีพุทธศักราช ได้รับ {self.fiscal_year}")

    @property
    def title(self) -> str:
        """One-line title (DOCX core properties, the PDF <title>)."""
        if self.title_lines:
            return " ".join(self.title_lines)
        memo = next((b for b in self.blocks if isinstance(b, MemoHeader)), None)
        return memo.subject if memo else KIND_LABELS[self.kind]

    def file_stem(self) -> str:
        """File name without extension, safe on Windows: "o42-2565-องค์การบริหารส่วนจังหวัด…"."""
        name = re.sub(r'[\\/:*?"<>|\s]+', "_", self.agency_name).strip("_")
        return f"{self.kind.value}-{self.fiscal_year}-{name}"[:150]

    def text(self, value: str, verbatim: bool = False) -> str:
        """`value` as this document prints it (digits per the option)."""
        return display_text(value, self.options.thai_digits, verbatim)
