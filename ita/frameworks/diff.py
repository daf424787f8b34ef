"""What changes between two framework versions, for the administrator to read before loading:
years, tools and weights, indicators, levels, the pass mark, and items added, removed or
changed, each item classified by item_changes (new, carried over, renumbered, merged, split)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ita.frameworks.spec import (
    CARRIED_OVER,
    MERGED,
    NEW,
    RENUMBERED,
    SPLIT,
    FrameworkSpec,
    Item,
    dropped_items,
    item_changes,
    scoring_shape,
)

CHANGE_LABELS = {
    NEW: "ข้อใหม่",
    CARRIED_OVER: "ยกมาจากข้อเดิม (รหัสเดิม)",
    RENUMBERED: "ยกมาจากข้อเดิม (เปลี่ยนรหัส)",
    MERGED: "รวมจากหลายข้อเดิม",
    SPLIT: "แยกจากข้อเดิมข้อเดียว",
}
# The fields of an item compared by code; wording (title, criteria) and placement alike.
ITEM_FIELDS = {
    "title": "ชื่อข้อ",
    "criteria": "เกณฑ์",
    "indicator": "ตัวชี้วัด",
    "sub_indicator": "ตัวชี้วัดย่อย",
    "kind": "ชนิดคำตอบ",
    "reverse": "กลับด้าน",
    "sub_questions": "ข้อย่อย",
    "period": "ช่วงเวลา",
}


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    code: str
    title: str
    fields: tuple[str, ...] = ()  # Thai names of the fields that changed
    change: str = ""  # item_changes' classification, as a Thai label ("" when not judged)
    continues: tuple[str, ...] = ()  # codes of the earlier framework's items it continues
    before: str = ""  # the earlier title, when it changed


@dataclass
class FrameworkDiff:
    against: str  # code of the framework compared with
    against_name: str
    meta: list[Change] = field(default_factory=list)
    tools: list[Change] = field(default_factory=list)
    indicators: list[Change] = field(default_factory=list)
    levels: list[Change] = field(default_factory=list)
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # earlier items that nothing continues
    change_counts: dict[str, int] = field(default_factory=dict)
    scoring_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.meta or self.tools or self.indicators or self.levels
            or self.added or self.removed or self.changed
        )  # fmt: skip

    def as_json(self) -> dict:
        def changes(rows):
            return [{"what": c.what, "before": c.before, "after": c.after} for c in rows]

        def items(rows):
            return [
                {"code": i.code, "title": i.title, "fields": list(i.fields), "change": i.change,
                 "continues": list(i.continues)}
                for i in rows
            ]  # fmt: skip

        return {
            "against": self.against,
            "meta": changes(self.meta),
            "tools": changes(self.tools),
            "indicators": changes(self.indicators),
            "levels": changes(self.levels),
            "items_added": items(self.added),
            "items_removed": items(self.removed),
            "items_changed": items(self.changed),
            "dropped": self.dropped,
            "change_counts": self.change_counts,
            "scoring_changed": self.scoring_changed,
        }


def framework_diff(spec: FrameworkSpec, previous: FrameworkSpec) -> FrameworkDiff:
    """`spec` against `previous`: the framework it succeeds, or the version of the same code
    already loaded. item_changes judges only by maps_to entries naming `previous`, so items of
    a new version of the same code are compared by code alone."""
    diff = FrameworkDiff(previous.code, previous.name)
    diff.meta = _meta(spec, previous)
    diff.tools = _compare(
        {t.code: f"{t.name} น้ำหนัก {t.weight}" for t in spec.tools},
        {t.code: f"{t.name} น้ำหนัก {t.weight}" for t in previous.tools},
        "เครื่องมือ",
    )
    diff.indicators = _compare(
        {i.number: f"{i.name} ({i.tool}){_subs(i)}" for i in spec.indicators},
        {i.number: f"{i.name} ({i.tool}){_subs(i)}" for i in previous.indicators},
        "ตัวชี้วัดที่",
    )
    diff.levels = _compare(
        {lv.code: _level(lv) for lv in spec.levels},
        {lv.code: _level(lv) for lv in previous.levels},
        "ระดับ",
    )
    judged = spec.code != previous.code
    changes = item_changes(spec, previous) if judged else {}
    sources = {item.code: _sources(item, previous.code) for item in spec.items}
    earlier = {item.code: item for item in previous.items}
    for item in spec.items:
        label = CHANGE_LABELS[changes[item.code]] if judged else ""
        old = earlier.get(item.code)
        if old is None:
            diff.added.append(ItemChange(item.code, item.title, (), label, sources[item.code]))
            continue
        fields = _changed_fields(item, old)
        if fields:
            before = old.title if old.title != item.title else ""
            diff.changed.append(
                ItemChange(item.code, item.title, fields, label, sources[item.code], before)
            )
    codes = {item.code for item in spec.items}
    diff.removed = [ItemChange(i.code, i.title) for i in previous.items if i.code not in codes]
    if judged:
        diff.dropped = [
            code for tool in previous.tools for code in dropped_items(spec, previous, tool.code)
        ]
        for kind in changes.values():
            diff.change_counts[CHANGE_LABELS[kind]] = (
                diff.change_counts.get(CHANGE_LABELS[kind], 0) + 1
            )
    diff.scoring_changed = scoring_shape(spec)[3:] != scoring_shape(previous)[3:]
    return diff


def _meta(spec: FrameworkSpec, previous: FrameworkSpec) -> list[Change]:
    pairs = [
        ("ชื่อ", spec.name, previous.name),
        ("ปีงบประมาณ", _years(spec), _years(previous)),
        ("เกณฑ์ผ่าน", str(spec.pass_mark), str(previous.pass_mark)),
        ("ยังไม่ยืนยัน (provisional)", _yes(spec.provisional), _yes(previous.provisional)),
        ("จำนวนข้อ", str(len(spec.items)), str(len(previous.items))),
    ]
    return [Change(what, before, after) for what, after, before in pairs if after != before]


def _compare(after: dict, before: dict, what: str) -> list[Change]:
    keys = list(before) + [key for key in after if key not in before]
    return [
        Change(f"{what} {key}", before.get(key, "—"), after.get(key, "—"))
        for key in keys
        if before.get(key) != after.get(key)
    ]


def _changed_fields(item: Item, old: Item) -> tuple[str, ...]:
    return tuple(
        label for name, label in ITEM_FIELDS.items() if getattr(item, name) != getattr(old, name)
    )


def _sources(item: Item, previous_code: str) -> tuple[str, ...]:
    return tuple(
        ref.partition(":")[2].strip()
        for ref in item.maps_to
        if ref.partition(":")[0].strip() == previous_code
    )


def _subs(indicator) -> str:
    codes = [sub.code for sub in indicator.sub_indicators]
    return f" ตัวชี้วัดย่อย {', '.join(codes)}" if codes else ""


def _level(level) -> str:
    return f"{level.label} ≥ {level.min_score}{' (ผ่าน)' if level.passing else ''}"


def _years(spec: FrameworkSpec) -> str:
    if spec.fiscal_year_from == spec.fiscal_year_to:
        return str(spec.fiscal_year_from)
    return f"{spec.fiscal_year_from}–{spec.fiscal_year_to}"


def _yes(value: bool) -> str:
    return "ใช่" if value else "ไม่"
