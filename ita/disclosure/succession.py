"""How this year's OIT items continue an earlier year's, as pure functions over frameworks: which
earlier items an item continues (through `maps_to`, across the frameworks in between, or the
same code under the same framework), and the mark each item carries in the first year of a
framework (new, merged, split, renumbered), with the earlier items no item continues."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

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
)

# maps_to only names the framework before, so a chain is as long as the frameworks between two
# workspaces of one agency; the bound stops a cycle in an uploaded file from looping.
MAX_STEPS = 10


def _ref(ref: str) -> tuple[str, str]:
    framework, _, code = ref.partition(":")
    return framework.strip(), code.strip()


def earlier_codes(
    specs: Mapping[str, FrameworkSpec], framework: str, code: str, target: str, steps: int = 0
) -> tuple[str, ...]:
    """The items of framework `target` that item `code` of `framework` continues, in order
    and once each: ita-2569:O21 → ita-2568:O23 → ita-2566:O34. An item under the same
    framework continues itself; a chain that leaves `specs` ends there."""
    if framework == target:
        return (code,)
    spec = specs.get(framework)
    if spec is None or steps >= MAX_STEPS or code not in {i.code for i in spec.items}:
        return ()
    found: list[str] = []
    for ref in spec.item(code).maps_to:
        earlier_framework, earlier_code = _ref(ref)
        for hit in earlier_codes(specs, earlier_framework, earlier_code, target, steps + 1):
            if hit not in found:
                found.append(hit)
    return tuple(found)


@dataclass(frozen=True)
class Change:
    kind: str  # frameworks.spec NEW, MERGED, SPLIT, RENUMBERED (CARRIED_OVER has no mark)
    earlier: tuple[str, ...] = ()  # codes in the framework succeeded
    older: tuple[str, ...] = ()  # for a new item: refs to frameworks before that one

    @property
    def label(self) -> str:
        """The mark in the page's language (read when the page renders, so not lazy)."""
        codes = ", ".join(self.earlier)
        if self.kind == NEW:
            older = _("(สืบต่อ %(codes)s)") % {"codes": ", ".join(self.older)}
            return _("ใหม่") + (f" {older}" if self.older else "")
        return {
            MERGED: _("รวมจาก %(codes)s"),
            SPLIT: _("แยกจาก %(codes)s"),
            RENUMBERED: _("เปลี่ยนเลขจาก %(codes)s"),
        }[self.kind] % {"codes": codes}

    @property
    def badge(self) -> str:
        return "text-bg-success" if self.kind == NEW else "text-bg-secondary"


def shows_changes(spec: FrameworkSpec, fiscal_year: int) -> bool:
    """Items are new or renumbered in the first year of their framework only: FY 2567 continues
    2566 under the same framework, and a year declared to use an earlier framework changes
    nothing in its items."""
    return bool(spec.succeeds) and fiscal_year == spec.fiscal_year_from


def changes(spec: FrameworkSpec, previous: FrameworkSpec, tool: str = "OIT") -> dict[str, Change]:
    """The mark of each item of `tool` that is not simply carried over from `previous`."""
    kinds = item_changes(spec, previous)
    marks = {}
    for item in spec.items_of_tool(tool):
        kind = kinds[item.code]
        if kind == CARRIED_OVER:
            continue
        refs = [_ref(ref) for ref in item.maps_to]
        earlier = tuple(code for fw, code in refs if fw == previous.code)
        older = tuple(f"{fw}:{code}" for fw, code in refs if fw != previous.code)
        marks[item.code] = Change(kind, earlier, older if kind == NEW else ())
    return marks


def dropped(spec: FrameworkSpec, previous: FrameworkSpec, tool: str = "OIT") -> list[Item]:
    """Items of `previous` that no item of `spec` continues, for the list under the year."""
    return [previous.item(code) for code in dropped_items(spec, previous, tool)]
