"""Loading framework files into the database, idempotently, refusing to change one in use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ita.frameworks.loader import DATA_DIR, check_links, framework_files, read_file
from ita.frameworks.models import DeclaredYear, Framework, Indicator, Item
from ita.frameworks.spec import FrameworkError, build_spec, scoring_shape
from ita.frameworks.years import load_declarations


@dataclass
class LoadReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    declared: list[int] = field(default_factory=list)  # years declared from declared-years.yaml


def framework_in_use(framework: Framework) -> bool:
    # Assessments are an app below frameworks; asking through the reverse relation keeps
    # frameworks free of an import of assessments. A declared year is not a use: it scores
    # nothing until an assessment of that year exists, which then counts itself.
    return any(
        rel.related_model.objects.filter(**{rel.field.name: framework}).exists()
        for rel in framework._meta.related_objects
        if rel.related_model not in (Indicator, Item, DeclaredYear)
    )


@transaction.atomic
def load_frameworks(directory: Path = DATA_DIR) -> LoadReport:
    report = LoadReport([], [], [])
    parsed = []
    for path in framework_files(directory):
        data, checksum = read_file(path)
        parsed.append((build_spec(data), data, checksum))  # every file valid before any write
    check_links([spec for spec, _, _ in parsed])  # maps_to/succeeds name what exists
    for spec, data, checksum in parsed:
        existing = Framework.objects.filter(code=spec.code).first()
        if existing and existing.checksum == checksum:
            report.unchanged.append(spec.code)
            continue
        if existing and framework_in_use(existing):
            # Frozen means its scores cannot change: a correction of wording, criteria, sources
            # or roles is applied in place; anything that moves a score needs a new file.
            if scoring_shape(existing.spec) != scoring_shape(spec):
                raise FrameworkError(
                    f"กรอบ {spec.code} ถูกใช้กับผลการประเมินแล้ว แก้ไขส่วนที่มีผลต่อคะแนนไม่ได้ "
                    "ให้สร้างไฟล์กรอบฉบับใหม่ (รหัสใหม่) แทน"
                )
            _correct_in_place(existing, spec, data, checksum)
            report.updated.append(spec.code)
            continue
        framework, created = Framework.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "fiscal_year_from": spec.fiscal_year_from,
                "fiscal_year_to": spec.fiscal_year_to,
                "definition": data,
                "checksum": checksum,
            },
        )
        _write_rows(framework, spec)
        (report.created if created else report.updated).append(spec.code)
    report.declared = load_declarations()
    return report


def _correct_in_place(framework: Framework, spec, data: dict, checksum: str) -> None:
    """Descriptive corrections of a framework in use: the rows that assessments point to stay,
    only their wording changes."""
    framework.name, framework.definition, framework.checksum = spec.name, data, checksum
    framework.save(update_fields=["name", "definition", "checksum", "loaded_at"])
    indicators = list(framework.indicators.all())
    for row in indicators:
        row.name = spec.indicator(row.number).name
    Indicator.objects.bulk_update(indicators, ["name"])
    items = list(framework.items.all())
    for row in items:
        row.title, row.provisional = spec.item(row.code).title, spec.item(row.code).provisional
    Item.objects.bulk_update(items, ["title", "provisional"])


def _write_rows(framework: Framework, spec) -> None:
    framework.items.all().delete()
    framework.indicators.all().delete()
    indicators = {
        ind.number: Indicator.objects.create(
            framework=framework, number=ind.number, name=ind.name, tool=ind.tool
        )
        for ind in spec.indicators
    }
    Item.objects.bulk_create(
        Item(
            framework=framework,
            indicator=indicators[item.indicator],
            code=item.code,
            sub_indicator=item.sub_indicator or "",
            title=item.title,
            provisional=item.provisional,
            position=position,
        )
        for position, item in enumerate(spec.items)
    )
