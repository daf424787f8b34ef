"""Reading framework files from data/ (one YAML file per framework version)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import yaml

from ita.frameworks.spec import FrameworkError, FrameworkSpec, build_spec, validate_links

DATA_DIR = Path(__file__).parent / "data"


def read_file(path: Path) -> tuple[dict, str]:
    """The parsed document and a checksum of its content (to detect edits of a frozen file)."""
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise FrameworkError(f"อ่านไฟล์ {path.name} ไม่ได้: {exc}") from exc
    if not isinstance(data, dict):
        raise FrameworkError(f"ไฟล์ {path.name} ไม่ใช่กรอบการประเมิน")
    return data, hashlib.sha256(raw).hexdigest()


def framework_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


@cache
def all_specs(directory: Path = DATA_DIR) -> tuple[FrameworkSpec, ...]:
    specs = tuple(build_spec(read_file(path)[0]) for path in framework_files(directory))
    check_links(specs)
    return specs


def check_links(specs: tuple[FrameworkSpec, ...] | list[FrameworkSpec]) -> None:
    """The rules across files (maps_to, succeeds); raise listing every problem."""
    problems = validate_links(specs)
    if problems:
        raise FrameworkError("; ".join(problems))


def predecessor(spec: FrameworkSpec, directory: Path = DATA_DIR) -> FrameworkSpec | None:
    """The framework this one succeeds (for item_changes), or None for the first one."""
    return next((s for s in all_specs(directory) if s.code == spec.succeeds), None)


def years_label(spec: FrameworkSpec) -> str:
    if spec.fiscal_year_from == spec.fiscal_year_to:
        return str(spec.fiscal_year_from)
    return f"{spec.fiscal_year_from}–{spec.fiscal_year_to}"


def spec_for_year(fiscal_year: int, directory: Path = DATA_DIR) -> FrameworkSpec:
    for spec in all_specs(directory):
        if spec.applies_to(fiscal_year):
            return spec
    known = ", ".join(years_label(s) for s in all_specs(directory))
    # A year with no file (FY 2570 today: the NACC's revised ITA is not public) is refused
    # rather than scored with the nearest framework.
    raise FrameworkError(
        f"ไม่มีกรอบการประเมินสำหรับปีงบประมาณ {fiscal_year} (มีเฉพาะปี {known}) ผู้ดูแลระบบต้องเพิ่มกรอบของปีนี้ก่อน"
    )
