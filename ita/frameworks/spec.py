"""A framework version as plain, immutable data: tools, indicators, sub-indicators, items,
answer scales and result levels. Built from the YAML files in data/ and validated here, so a
mistake in a file is reported before anything uses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any


class FrameworkError(ValueError):
    """A framework file that cannot be used; the message lists every problem, in Thai."""


@dataclass(frozen=True)
class Option:
    label: str
    value: Decimal


@dataclass(frozen=True)
class Item:
    code: str  # stable within the framework: I1, E12, O36
    title: str
    indicator: int
    sub_indicator: str | None = None
    group: str = ""
    kind: str = "disclosure"  # disclosure (OIT yes/no by the assessor) or an answer-scale code
    reverse: bool = False  # reverse-scored perception item (IIT/EIT)
    sub_questions: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()  # what an OIT item must show
    period: str = ""  # the time rule of an OIT item
    provisional: bool = False  # the research marked this fact unverified [U]
    source: str = ""


@dataclass(frozen=True)
class SubIndicator:
    code: str  # "9.1"
    name: str
    item_codes: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    tool: str
    name_en: str = ""
    description: str = ""
    sub_indicators: tuple[SubIndicator, ...] = ()
    item_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tool:
    code: str  # IIT, EIT, OIT
    name: str
    weight: Decimal
    indicator_numbers: tuple[int, ...]
    name_en: str = ""


@dataclass(frozen=True)
class Level:
    code: str  # AA … F, or EXCELLENT / PASS / FAIL
    label: str  # Thai label as published
    min_score: Decimal
    passing: bool


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    name: str
    fiscal_year_from: int
    fiscal_year_to: int
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    items: tuple[Item, ...]
    levels: tuple[Level, ...]  # highest first
    scales: dict[str, tuple[Option, ...]] = field(default_factory=dict)
    pass_mark: Decimal = Decimal("85")
    source: str = ""
    provisional: bool = False

    def indicator(self, number: int) -> Indicator:
        for indicator in self.indicators:
            if indicator.number == number:
                return indicator
        raise KeyError(number)

    def item(self, code: str) -> Item:
        return self._items_by_code[code]

    @property
    def _items_by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    def items_of_tool(self, tool_code: str) -> list[Item]:
        numbers = set(self.tool(tool_code).indicator_numbers)
        return [item for item in self.items if item.indicator in numbers]

    def tool(self, code: str) -> Tool:
        for tool in self.tools:
            if tool.code == code:
                return tool
        raise KeyError(code)

    def tool_of(self, indicator_number: int) -> Tool:
        return self.tool(self.indicator(indicator_number).tool)

    @property
    def indicator_numbers(self) -> list[int]:
        return [indicator.number for indicator in self.indicators]

    def applies_to(self, fiscal_year: int) -> bool:
        return self.fiscal_year_from <= fiscal_year <= self.fiscal_year_to


def _decimal(value: Any, where: str, problems: list[str]) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(f"{where}: ค่า {value!r} ไม่ใช่ตัวเลข")
        return Decimal(0)


def _items(data: dict, problems: list[str]) -> tuple[Item, ...]:
    items = []
    for raw in data.get("items", []):
        code = str(raw.get("code", ""))
        items.append(
            Item(
                code=code,
                title=str(raw.get("title", "")),
                indicator=int(raw.get("indicator", 0)),
                sub_indicator=str(raw["sub_indicator"]) if raw.get("sub_indicator") else None,
                group=str(raw.get("group", "")),
                kind=str(raw.get("kind", "disclosure")),
                reverse=bool(raw.get("reverse", False)),
                sub_questions=tuple(str(q) for q in raw.get("sub_questions", [])),
                criteria=tuple(str(c) for c in raw.get("criteria", [])),
                period=str(raw.get("period", "")),
                provisional=bool(raw.get("provisional", False)),
                source=str(raw.get("source", "")),
            )
        )
        if not code or not items[-1].title:
            problems.append(f"ข้อคำถาม {code or '(ไม่มีรหัส)'}: ต้องมีทั้งรหัส (code) และชื่อ (title)")
    return tuple(items)


def _indicators(data: dict, items: tuple[Item, ...]) -> tuple[Indicator, ...]:
    indicators = []
    for raw in data.get("indicators", []):
        number = int(raw["number"])
        subs = tuple(
            SubIndicator(
                code=str(sub["code"]),
                name=str(sub.get("name", "")),
                item_codes=tuple(i.code for i in items if i.sub_indicator == str(sub["code"])),
            )
            for sub in raw.get("sub_indicators", [])
        )
        indicators.append(
            Indicator(
                number=number,
                name=str(raw["name"]),
                tool=str(raw["tool"]),
                name_en=str(raw.get("name_en", "")),
                description=str(raw.get("description", "")),
                sub_indicators=subs,
                item_codes=tuple(i.code for i in items if i.indicator == number),
            )
        )
    return tuple(indicators)


def build_spec(data: dict) -> FrameworkSpec:
    """Turn one parsed YAML document into a FrameworkSpec, or raise FrameworkError listing
    every problem found (not just the first)."""
    problems: list[str] = []
    code = str(data.get("code", ""))
    if not code:
        problems.append("ไม่มีรหัสกรอบการประเมิน (code)")
    years = data.get("fiscal_years") or {}
    items = _items(data, problems)
    indicators = _indicators(data, items)
    tools = tuple(
        Tool(
            code=str(raw["code"]),
            name=str(raw.get("name", "")),
            name_en=str(raw.get("name_en", "")),
            weight=_decimal(raw.get("weight"), f"เครื่องมือ {raw.get('code')}", problems),
            indicator_numbers=tuple(i.number for i in indicators if i.tool == raw["code"]),
        )
        for raw in data.get("tools", [])
    )
    levels = tuple(
        sorted(
            (
                Level(
                    code=str(raw["code"]),
                    label=str(raw.get("label", raw["code"])),
                    min_score=_decimal(raw.get("min"), f"ระดับ {raw.get('code')}", problems),
                    passing=bool(raw.get("passing", False)),
                )
                for raw in data.get("levels", [])
            ),
            key=lambda level: level.min_score,
            reverse=True,
        )
    )
    scales = {
        str(name): tuple(
            Option(label=str(o["label"]), value=_decimal(o["value"], f"มาตรวัด {name}", problems))
            for o in options
        )
        for name, options in (data.get("scales") or {}).items()
    }
    spec = FrameworkSpec(
        code=code,
        name=str(data.get("name", code)),
        fiscal_year_from=int(years.get("from", 0)),
        fiscal_year_to=int(years.get("to", 0)),
        tools=tools,
        indicators=indicators,
        items=items,
        levels=levels,
        scales=scales,
        pass_mark=_decimal(data.get("pass_mark", 85), "pass_mark", problems),
        source=str(data.get("source", "")),
        provisional=bool(data.get("provisional", False)),
    )
    problems.extend(validate(spec))
    if problems:
        raise FrameworkError(f"กรอบการประเมิน {code}: " + "; ".join(problems))
    return spec


def validate(spec: FrameworkSpec) -> list[str]:
    """Consistency rules a framework file must satisfy before any score is computed from it."""
    problems = []
    if not (2500 <= spec.fiscal_year_from <= spec.fiscal_year_to):
        problems.append("ช่วงปีงบประมาณ (fiscal_years.from/to) ต้องเป็นปี พ.ศ. และ from ≤ to")
    if sum((t.weight for t in spec.tools), Decimal(0)) != Decimal(1):
        problems.append("น้ำหนักของเครื่องมือทั้งหมดต้องรวมกันได้ 1")
    tool_codes = {t.code for t in spec.tools}
    for tool in spec.tools:
        if not tool.indicator_numbers:
            problems.append(f"เครื่องมือ {tool.code} ไม่มีตัวชี้วัด")
    numbers = [i.number for i in spec.indicators]
    if len(numbers) != len(set(numbers)):
        problems.append("หมายเลขตัวชี้วัดซ้ำกัน")
    for indicator in spec.indicators:
        if indicator.tool not in tool_codes:
            problems.append(f"ตัวชี้วัดที่ {indicator.number} อ้างเครื่องมือ {indicator.tool} ที่ไม่มี")
        for sub in indicator.sub_indicators:
            if not sub.item_codes:
                problems.append(f"ตัวชี้วัดย่อย {sub.code} ไม่มีข้อคำถาม")
    codes = [i.code for i in spec.items]
    if len(codes) != len(set(codes)):
        problems.append("รหัสข้อคำถามซ้ำกัน")
    sub_codes = {s.code for i in spec.indicators for s in i.sub_indicators}
    for item in spec.items:
        if item.indicator not in numbers:
            problems.append(f"ข้อ {item.code} อ้างตัวชี้วัดที่ {item.indicator} ที่ไม่มี")
        if item.sub_indicator and item.sub_indicator not in sub_codes:
            problems.append(f"ข้อ {item.code} อ้างตัวชี้วัดย่อย {item.sub_indicator} ที่ไม่มี")
        if item.kind != "disclosure" and item.kind not in spec.scales:
            problems.append(f"ข้อ {item.code} ใช้มาตรวัด {item.kind} ที่ไม่ได้กำหนดไว้ใน scales")
    if not spec.levels or spec.levels[-1].min_score != 0:
        problems.append("ต้องมีระดับผลการประเมินที่เริ่มจาก 0 คะแนน")
    return problems
