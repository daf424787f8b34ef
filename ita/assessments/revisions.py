"""What a new revision of a result would change, as pure functions of two snapshots (the plain
dicts of actions.snapshot_of): the preview before a form entry or an import is confirmed, and
the list of differences on the result page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Change:
    label: str
    old: str  # "–" when there was nothing
    new: str


def _rejected(snapshot: Mapping) -> str:
    return ", ".join(snapshot.get("oit_rejected") or []) or "–"


def changes(
    before: Mapping | None, after: Mapping, names: Mapping[int, str] | None = None
) -> list[Change]:
    """Every field that differs, old → new, in reading order (total, level, indicators 1–10,
    rejected OIT items). With no `before`, every field is new."""
    before = before or {}
    names = names or {}
    out = []

    def compare(label: str, old, new) -> None:
        old, new = old if old not in (None, "") else "–", new if new not in (None, "") else "–"
        if old != new:
            out.append(Change(label, old, new))

    compare(_("คะแนนรวม"), before.get("total"), after.get("total"))
    compare(_("ผลการประเมิน"), before.get("level_label"), after.get("level_label"))
    old_scores, new_scores = before.get("indicators", {}), after.get("indicators", {})
    for key in sorted(set(old_scores) | set(new_scores), key=int):
        name = names.get(int(key), "")
        label = _("ตัวชี้วัดที่ {number} {name}").format(number=key, name=name).strip()
        compare(label, old_scores.get(key), new_scores.get(key))
    compare(_("ข้อ OIT ที่ไม่ผ่านเกณฑ์"), _rejected(before) if before else None, _rejected(after))
    return out
