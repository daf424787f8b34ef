"""A framework version as plain, immutable data: tools, indicators, sub-indicators, items,
answer scales and result levels. Built from the YAML files in data/ and validated here, so a
mistake in a file is reported before anything uses it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# NACC's mark since FY 2566 (the "pass" level) and its target in every year before: an
# indicator at or above it is a strength. A framework states its own (`pass_mark`); this is
# the value when it does not.
PASS_MARK = Decimal("85")


class FrameworkError(ValueError):
    """A framework file that cannot be used; the message lists every problem, in the active
    language: Thai for the loader, migrations and commands; the reader's on the upload page."""


# The roles code depends on. The item playing each one changes from framework to framework
# (analysis: O42 in FY 2562–2567, O25 in FY 2569, none seen in FY 2568), so code asks the
# framework (`item_for_role`) instead of naming an item code.
ROLES = {
    "analysis": "การวิเคราะห์ผลการประเมิน ITA ของปีก่อน",
    "measures": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสที่มาจากผลการวิเคราะห์",
    "progress_report": "ความก้าวหน้าหรือผลการดำเนินการตามมาตรการ",
    "corruption_risk": "การประเมินความเสี่ยงการทุจริต",
    "corruption_risk_measures": "การดำเนินการหรือผลการจัดการความเสี่ยงการทุจริต",
    "anti_corruption_plan": "แผนปฏิบัติการป้องกันการทุจริต",
    "anti_corruption_report": "รายงานผลการดำเนินการป้องกันการทุจริต",
}


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
    note: str = ""  # what is known (and not) about the item, for the officer and the administrator
    maps_to: tuple[str, ...] = ()  # "ita-2566:O1": the earlier item(s) this one continues


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
    pass_mark: Decimal = PASS_MARK
    source: str = ""
    provisional: bool = False
    roles: dict[str, str] = field(default_factory=dict)  # role → OIT item code (see ROLES)
    succeeds: str = ""  # code of the framework this one follows, for item_changes()

    def item_for_role(self, role: str) -> Item | None:
        """The item that plays this role in this framework, or None when no item does
        (FY 2568 has no item for the analysis of last year's results)."""
        if role not in ROLES:
            raise KeyError(role)
        code = self.roles.get(role)
        return self._items_by_code[code] if code else None

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


# Where a number that is not one sits (_decimal translates them when it reports).
TOOL_NAMED = gettext_noop("เครื่องมือ {name}")
LEVEL_NAMED = gettext_noop("ระดับ {name}")
SCALE_NAMED = gettext_noop("มาตรวัด {name}")


def _decimal(value: Any, problems: list[str], where: str, name: object = "") -> Decimal:
    """`where` names the entry (a template with {name}), translated only when there is a
    problem: the loader reads every shipped file with this."""
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        message = _("{where}: ค่า {value} ไม่ใช่ตัวเลข")
        problems.append(message.format(where=_(where).format(name=name), value=repr(value)))
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
                note=str(raw.get("note", "")),
                maps_to=tuple(str(ref) for ref in raw.get("maps_to", []) or []),
            )
        )
        if not code or not items[-1].title:
            message = _("ข้อคำถาม {code}: ต้องมีทั้งรหัส (code) และชื่อ (title)")
            problems.append(message.format(code=code or _("(ไม่มีรหัส)")))
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


def _roles(data: dict) -> dict[str, str]:
    """`roles: {analysis: O42}`; a role may also be written `{item: O42, source: …}` so the file
    can say where the assignment comes from."""
    roles = {}
    for role, value in (data.get("roles") or {}).items():
        code = value.get("item", "") if isinstance(value, dict) else value
        roles[str(role)] = str(code or "")
    return roles


def build_spec(data: dict) -> FrameworkSpec:
    """Turn one parsed YAML document into a FrameworkSpec, or raise FrameworkError listing
    every problem found (not just the first)."""
    problems: list[str] = []
    code = str(data.get("code", ""))
    if not code:
        problems.append(_("ไม่มีรหัสกรอบการประเมิน (code)"))
    years = data.get("fiscal_years") or {}
    items = _items(data, problems)
    indicators = _indicators(data, items)
    tools = tuple(
        Tool(
            code=str(raw["code"]),
            name=str(raw.get("name", "")),
            name_en=str(raw.get("name_en", "")),
            weight=_decimal(raw.get("weight"), problems, TOOL_NAMED, raw.get("code")),
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
                    min_score=_decimal(raw.get("min"), problems, LEVEL_NAMED, raw.get("code")),
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
            Option(label=str(o["label"]), value=_decimal(o["value"], problems, SCALE_NAMED, name))
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
        pass_mark=_decimal(data.get("pass_mark", 85), problems, "pass_mark"),
        source=str(data.get("source", "")),
        provisional=bool(data.get("provisional", False)),
        roles=_roles(data),
        succeeds=str(data.get("succeeds", "") or ""),
    )
    problems.extend(validate(spec))
    if problems:
        message = _("กรอบการประเมิน {code}: {problems}")
        raise FrameworkError(message.format(code=code, problems="; ".join(problems)))
    return spec


def validate(spec: FrameworkSpec) -> list[str]:
    """Consistency rules a framework file must satisfy before any score is computed from it."""
    problems = []
    if not (2500 <= spec.fiscal_year_from <= spec.fiscal_year_to):
        problems.append(_("ช่วงปีงบประมาณ (fiscal_years.from/to) ต้องเป็นปี พ.ศ. และ from ≤ to"))
    if sum((t.weight for t in spec.tools), Decimal(0)) != Decimal(1):
        problems.append(_("น้ำหนักของเครื่องมือทั้งหมดต้องรวมกันได้ 1"))
    tool_codes = {t.code for t in spec.tools}
    for tool in spec.tools:
        if not tool.indicator_numbers:
            problems.append(_("เครื่องมือ {code} ไม่มีตัวชี้วัด").format(code=tool.code))
    numbers = [i.number for i in spec.indicators]
    if len(numbers) != len(set(numbers)):
        problems.append(_("หมายเลขตัวชี้วัดซ้ำกัน"))
    for indicator in spec.indicators:
        if indicator.tool not in tool_codes:
            message = _("ตัวชี้วัดที่ {number} อ้างเครื่องมือ {tool} ที่ไม่มี")
            problems.append(message.format(number=indicator.number, tool=indicator.tool))
        for sub in indicator.sub_indicators:
            if not sub.item_codes:
                problems.append(_("ตัวชี้วัดย่อย {code} ไม่มีข้อคำถาม").format(code=sub.code))
    codes = [i.code for i in spec.items]
    if len(codes) != len(set(codes)):
        problems.append(_("รหัสข้อคำถามซ้ำกัน"))
    sub_codes = {s.code for i in spec.indicators for s in i.sub_indicators}
    for item in spec.items:
        problems.extend(_item_problems(item, numbers, sub_codes, spec.scales))
    if not spec.levels or spec.levels[-1].min_score != 0:
        problems.append(_("ต้องมีระดับผลการประเมินที่เริ่มจาก 0 คะแนน"))
    problems.extend(_role_problems(spec))
    for item in spec.items:
        for ref in item.maps_to:
            if not _split_ref(ref):
                message = _("ข้อ {code}: maps_to '{ref}' ต้องเขียนเป็น รหัสกรอบ:รหัสข้อ เช่น ita-2566:O1")
                problems.append(message.format(code=item.code, ref=ref))
    return problems


def _item_problems(item: Item, numbers: list[int], sub_codes: set[str], scales) -> list[str]:
    problems = []
    if item.indicator not in numbers:
        message = _("ข้อ {code} อ้างตัวชี้วัดที่ {number} ที่ไม่มี")
        problems.append(message.format(code=item.code, number=item.indicator))
    if item.sub_indicator and item.sub_indicator not in sub_codes:
        message = _("ข้อ {code} อ้างตัวชี้วัดย่อย {sub} ที่ไม่มี")
        problems.append(message.format(code=item.code, sub=item.sub_indicator))
    if item.kind != "disclosure" and item.kind not in scales:
        message = _("ข้อ {code} ใช้มาตรวัด {kind} ที่ไม่ได้กำหนดไว้ใน scales")
        problems.append(message.format(code=item.code, kind=item.kind))
    return problems


def _role_problems(spec: FrameworkSpec) -> list[str]:
    problems = []
    oit = {item.code for item in spec.items_of_tool("OIT")} if _has_tool(spec, "OIT") else set()
    for role, code in spec.roles.items():
        if role not in ROLES:
            message = _("บทบาท {role} ไม่รู้จัก (ใช้ได้: {roles})")
            problems.append(message.format(role=role, roles=", ".join(ROLES)))
        elif code not in oit:
            message = _("บทบาท {role} อ้างข้อ {code} ซึ่งไม่ใช่ข้อ OIT ของกรอบนี้")
            problems.append(message.format(role=role, code=code or _("(ว่าง)")))
    return problems


def scoring_shape(spec: FrameworkSpec) -> tuple:
    """Everything in a framework that can move a score or a level: years, tools and weights,
    indicators, which item sits where and how it is answered, scales, levels, the pass mark.
    Titles, criteria, notes, sources, provisional marks, roles and maps_to are not in it, so
    they may be corrected in a framework that assessments already use."""
    return (
        spec.code,
        spec.fiscal_year_from,
        spec.fiscal_year_to,
        spec.pass_mark,
        tuple((t.code, t.weight, t.indicator_numbers) for t in spec.tools),
        tuple(
            (i.number, i.tool, tuple((s.code, s.item_codes) for s in i.sub_indicators))
            for i in spec.indicators
        ),
        tuple(
            (i.code, i.indicator, i.sub_indicator, i.kind, i.reverse, len(i.sub_questions))
            for i in spec.items
        ),
        tuple(sorted((name, tuple(o.value for o in opts)) for name, opts in spec.scales.items())),
        tuple((lv.code, lv.min_score, lv.passing) for lv in spec.levels),
    )


def _has_tool(spec: FrameworkSpec, code: str) -> bool:
    return any(tool.code == code for tool in spec.tools)


def _split_ref(ref: str) -> tuple[str, str] | None:
    framework, sep, code = ref.partition(":")
    return (framework.strip(), code.strip()) if sep and framework.strip() and code.strip() else None


def validate_links(specs: Iterable[FrameworkSpec]) -> list[str]:
    """Rules across framework files: every `maps_to` names an item that exists in the named
    framework, and `succeeds` names a framework that exists."""
    return [message for _code, message in link_problems(specs)]


def link_problems(specs: Iterable[FrameworkSpec]) -> list[tuple[str, str]]:
    """validate_links' problems, each with the code of the framework it is about (the upload
    keeps its own ones by code: the message is in the reader's language)."""
    by_code = {spec.code: spec for spec in specs}
    problems = []
    for spec in by_code.values():
        if spec.succeeds and spec.succeeds not in by_code:
            message = _("กรอบ {code}: succeeds อ้างกรอบ {succeeds} ที่ไม่มี")
            problems.append((spec.code, message.format(code=spec.code, succeeds=spec.succeeds)))
        for item in spec.items:
            for ref in item.maps_to:
                framework, code = _split_ref(ref) or ("", "")
                target = by_code.get(framework)
                if target is None:
                    message = _("กรอบ {code} ข้อ {item}: maps_to อ้างกรอบ {framework} ที่ไม่มี")
                elif code not in target._items_by_code:
                    message = _(
                        "กรอบ {code} ข้อ {item}: maps_to อ้างข้อ {target} ที่ไม่มีในกรอบ {framework}"
                    )
                else:
                    continue
                where = {"code": spec.code, "item": item.code, "framework": framework}
                problems.append((spec.code, message.format(**where, target=code)))
    return problems


# How an item stands against the framework it succeeds (item_changes).
NEW, CARRIED_OVER, RENUMBERED, MERGED, SPLIT = (
    "new",
    "carried_over",
    "renumbered",
    "merged",
    "split",
)


def item_changes(spec: FrameworkSpec, previous: FrameworkSpec) -> dict[str, str]:
    """For each item of `spec`, whether it is new, carried over (same code), renumbered (one
    earlier item, another code), merged (several earlier items) or split (its one earlier item
    also continues in another item), judged only by the `maps_to` entries naming `previous`."""
    sources = {
        item.code: [
            code for fw, code in map(_split_ref_or_blank, item.maps_to) if fw == previous.code
        ]
        for item in spec.items
    }
    successors: dict[str, int] = {}
    for codes in sources.values():
        for code in codes:
            successors[code] = successors.get(code, 0) + 1
    changes = {}
    for code, earlier in sources.items():
        if not earlier:
            changes[code] = NEW
        elif len(earlier) > 1:
            changes[code] = MERGED
        elif successors[earlier[0]] > 1:
            changes[code] = SPLIT
        else:
            changes[code] = CARRIED_OVER if earlier[0] == code else RENUMBERED
    return changes


def dropped_items(spec: FrameworkSpec, previous: FrameworkSpec, tool: str = "OIT") -> list[str]:
    """Items of `previous` (of one tool) that no item of `spec` continues."""
    continued = {
        code
        for item in spec.items
        for fw, code in map(_split_ref_or_blank, item.maps_to)
        if fw == previous.code
    }
    return [item.code for item in previous.items_of_tool(tool) if item.code not in continued]


def _split_ref_or_blank(ref: str) -> tuple[str, str]:
    return _split_ref(ref) or ("", "")
