"""Reading framework files from data/ (one YAML file per framework version)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import yaml

from ita.frameworks.spec import FrameworkError, FrameworkSpec, build_spec

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
    return tuple(build_spec(read_file(path)[0]) for path in framework_files(directory))


def spec_for_year(fiscal_year: int, directory: Path = DATA_DIR) -> FrameworkSpec:
    for spec in all_specs(directory):
        if spec.applies_to(fiscal_year):
            return spec
    known = ", ".join(f"{s.fiscal_year_from}–{s.fiscal_year_to}" for s in all_specs(directory))
    raise FrameworkError(f"ไม่มีกรอบการประเมินสำหรับปีงบประมาณ {fiscal_year} (มีเฉพาะปี {known})")
