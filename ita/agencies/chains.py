"""The opinion chain of an agency's approval memo: its own steps (admin), else its type's
(admin), else the data file's for its type, else the data file's default."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ita.agencies.models import Agency, AgencyType, OpinionRole, OpinionStep

DATA_FILE = Path(__file__).parent / "data" / "opinion_chains.yaml"


@dataclass(frozen=True)
class Step:
    order: int
    title: str  # the position, with the agency's name filled in
    role: str  # OpinionRole

    @property
    def heading(self) -> str:
        return f"ความเห็นของ{self.title}"


@lru_cache(maxsize=1)
def _file_chains() -> dict[str, tuple[tuple[str, str], ...]]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    known = set(AgencyType.values) | {"default", "municipality"}
    chains = {}
    for key, steps in data.items():
        if key not in known:
            raise ValueError(f"{DATA_FILE.name}: ไม่รู้จักประเภทหน่วยงาน {key}")
        for s in steps:
            if s["role"] not in OpinionRole.values:
                raise ValueError(f"{DATA_FILE.name}: {key} บทบาท {s['role']} ไม่มีในระบบ")
        chains[key] = tuple((s["title"], s["role"]) for s in steps)
    return chains


def _fill(title: str, agency: Agency) -> str:
    return title.replace("{agency}", agency.name)


def chain_for(agency: Agency) -> tuple[Step, ...]:
    rows = list(OpinionStep.objects.filter(agency=agency).order_by("order"))
    if not rows:
        rows = list(
            OpinionStep.objects.filter(agency__isnull=True, agency_type=agency.agency_type)
            .order_by("order")
        )  # fmt: skip
    if rows:
        pairs = [(r.title, r.role) for r in rows]
    else:
        chains = _file_chains()
        pairs = chains.get(agency.agency_type) or chains["default"]
    return tuple(
        Step(order=n, title=_fill(title, agency), role=role)
        for n, (title, role) in enumerate(pairs, start=1)
    )
