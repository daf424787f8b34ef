"""Loading frameworks into the database: the files in data/ idempotently, and one uploaded by the
national administrator; both refuse to change the scoring of a framework in use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

# The audit log sits below frameworks in the app order, but it imports nothing of agencies or
# assessments in code (Agency is named by string) and frameworks/admin.py already writes through
# it: an upload is a change by a user, and habit 3 wants its event in the same transaction.
from ita.audit.log import record
from ita.frameworks.diff import framework_diff
from ita.frameworks.loader import DATA_DIR, check_links, framework_files, read_file
from ita.frameworks.models import DeclaredYear, Framework, Indicator, Item
from ita.frameworks.spec import FrameworkError, build_spec, link_problems, scoring_shape
from ita.frameworks.upload import ORIGIN, UPLOADED, Upload
from ita.frameworks.years import for_year as year_framework
from ita.frameworks.years import load_declarations
from ita.lib.policy import require


@dataclass
class LoadReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    declared: list[int] = field(default_factory=list)  # years declared from declared-years.yaml
    kept_uploaded: list[str] = field(default_factory=list)  # DB-only codes a file did not touch


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
        if existing and is_uploaded(existing):
            # An administrator's upload lives in the database only; a file that later ships
            # with the same code never replaces it (the administrator decides, by a new code).
            report.kept_uploaded.append(spec.code)
            continue
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


def is_uploaded(framework: Framework) -> bool:
    """Loaded from an upload (it lives in the database only), not from a file in data/."""
    return isinstance(framework.definition, dict) and framework.definition.get(ORIGIN) == UPLOADED


class UploadRefused(FrameworkError):
    """An uploaded framework that cannot be loaded; the message says why (in the reader's
    language, Thai for the command line)."""


@dataclass
class UploadOutcome:
    framework: Framework
    status: str  # created, replaced (an unused upload), corrected (in use: wording only), unchanged

    @property
    def message(self) -> str:
        text = {
            "created": gettext("โหลดกรอบการประเมินใหม่แล้ว"),
            "replaced": gettext("แทนที่กรอบที่อัปโหลดไว้ก่อน (ยังไม่มีผลการประเมินใช้) แล้ว"),
            "corrected": gettext("แก้ไขถ้อยคำของกรอบที่ใช้อยู่แล้ว (ส่วนที่มีผลต่อคะแนนไม่เปลี่ยน)"),
            "unchanged": gettext("ไฟล์นี้เหมือนกรอบที่โหลดไว้แล้ว ไม่มีการเปลี่ยนแปลง"),
        }[self.status]
        return f"{text}: {self.framework.code} {self.framework.name}"


@transaction.atomic
def load_upload(*, acting_user, upload: Upload) -> UploadOutcome:
    """Load one uploaded framework, all or nothing, and audit it. Refused (UploadRefused,
    nothing written) when the file has problems, when `succeeds` or a `maps_to` names what the
    system does not have, when its years overlap another framework's, when its code belongs
    to a shipped file, or when it would change the scoring of a framework in use."""
    require(acting_user, "frameworks.upload")
    if not upload.ok:
        raise UploadRefused(
            gettext("ไฟล์ยังมีข้อผิดพลาด: {problems}").format(
                problems="; ".join(map(str, upload.problems[:5]))
            )
        )
    spec = build_spec(upload.definition)
    # Lock the rows compared with, so two administrators cannot both pass the overlap check.
    others = list(Framework.objects.select_for_update().exclude(code=spec.code))
    existing = Framework.objects.select_for_update().filter(code=spec.code).first()
    _refuse_conflicts(spec, others, existing)
    data = {**upload.definition, ORIGIN: UPLOADED}
    before = _summary(existing) if existing else None
    if existing and existing.checksum == upload.checksum:
        return UploadOutcome(existing, "unchanged")
    if existing and framework_in_use(existing):
        _correct_in_place(existing, spec, data, upload.checksum)
        framework, status = existing, "corrected"
    else:
        framework, created = Framework.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "fiscal_year_from": spec.fiscal_year_from,
                "fiscal_year_to": spec.fiscal_year_to,
                "definition": data,
                "checksum": upload.checksum,
            },
        )
        try:
            _write_rows(framework, spec)
        except ProtectedError as exc:
            # rows of an unused upload that something else already points to (a checklist)
            raise UploadRefused(
                gettext("กรอบ {code} มีข้อมูลอื่นอ้างถึงข้อของกรอบแล้ว แทนที่ไม่ได้ ให้ใช้รหัสใหม่").format(
                    code=spec.code
                )
            ) from exc
        status = "created" if created else "replaced"
    record(
        actor=acting_user,
        action=f"framework.{status}",
        obj=framework,
        before=before,
        after=_summary(framework),
        note=f"อัปโหลดไฟล์ {upload.filename}",
    )
    return UploadOutcome(framework, status)


def _refuse_conflicts(spec, others: list[Framework], existing: Framework | None) -> None:
    if existing and not is_uploaded(existing):
        raise UploadRefused(
            gettext(
                "กรอบ {code} มาจากไฟล์ของระบบ (ita/frameworks/data) จึงแทนด้วยการอัปโหลดไม่ได้ "
                "กรอบฉบับใหม่ต้องใช้รหัสใหม่ เช่น ita-2570"
            ).format(code=spec.code)
        )
    if (
        existing
        and framework_in_use(existing)
        and scoring_shape(existing.spec) != scoring_shape(spec)
    ):
        raise UploadRefused(
            gettext(
                "กรอบ {code} ถูกใช้กับผลการประเมินแล้ว แก้ไขส่วนที่มีผลต่อคะแนนไม่ได้ "
                "(น้ำหนัก ตัวชี้วัด ข้อในตัวชี้วัด มาตราส่วน ระดับ เกณฑ์ผ่าน ปี) "
                "กรอบฉบับใหม่ต้องเป็นไฟล์ใหม่ที่ใช้รหัสใหม่"
            ).format(code=spec.code)
        )
    overlapping = [
        f"{other.code} ({_years(other)})"
        for other in others
        if other.fiscal_year_from <= spec.fiscal_year_to
        and spec.fiscal_year_from <= other.fiscal_year_to
    ]
    if overlapping:
        raise UploadRefused(
            gettext(
                "ปีงบประมาณ {first}–{last} ของกรอบ {code} ซ้อนกับกรอบ {others} หนึ่งปีใช้ได้กรอบเดียว"
            ).format(
                first=spec.fiscal_year_from,
                last=spec.fiscal_year_to,
                code=spec.code,
                others=", ".join(overlapping),
            )
        )
    if spec.succeeds and spec.succeeds not in {other.code for other in others}:
        raise UploadRefused(
            gettext("succeeds อ้างกรอบ {code} ที่ไม่มีในระบบ").format(code=spec.succeeds)
        )
    problems = link_problems([other.spec for other in others] + [spec])
    mine = [message for code, message in problems if code == spec.code]
    if mine:
        raise UploadRefused("; ".join(mine))


def _years(framework: Framework) -> str:
    start, end = framework.fiscal_year_from, framework.fiscal_year_to
    return str(start) if start == end else f"{start}–{end}"


def _summary(framework: Framework) -> dict:
    return {
        "code": framework.code,
        "name": framework.name,
        "fiscal_years": _years(framework),
        "checksum": framework.checksum,
    }


# --- reads shared by the upload pages and ita_framework_load (no writes) --------------------


def frameworks_in_use() -> set[int]:
    """Ids of the frameworks in use, one query per relation whatever the number of frameworks
    (the list page); the same relations framework_in_use asks."""
    used: set[int] = set()
    for rel in Framework._meta.related_objects:
        if rel.related_model not in (Indicator, Item, DeclaredYear):
            column = f"{rel.field.name}_id"
            used.update(rel.related_model.objects.values_list(column, flat=True).distinct())
    return used


def system_specs(exclude: str = "") -> list:
    """Every framework in the database, for the checks of `succeeds` and `maps_to`."""
    return [framework.spec for framework in Framework.objects.exclude(code=exclude)]


@dataclass
class Preview:
    upload: Upload
    refusal: str = ""  # why load_upload would refuse it ("" when it would load)
    diffs: list = field(default_factory=list)  # against its predecessor, and its own version
    in_use: bool = False
    declared: list = field(default_factory=list)  # (year, code) now using another provisionally

    @property
    def spec(self):
        return self.upload.spec()


def preview_upload(upload: Upload) -> Preview:
    """What loading this upload would do, computed without writing anything."""
    preview = Preview(upload)
    if not upload.ok:
        return preview
    spec = upload.spec()
    existing = Framework.objects.filter(code=spec.code).first()
    try:
        _refuse_conflicts(spec, list(Framework.objects.exclude(code=spec.code)), existing)
    except UploadRefused as exc:
        preview.refusal = str(exc)
    predecessor = Framework.objects.filter(code=spec.succeeds).first() if spec.succeeds else None
    for framework in (predecessor, existing):
        if framework is not None:
            preview.diffs.append(framework_diff(spec, framework.spec))
    preview.in_use = bool(existing and framework_in_use(existing))
    # A year declared to use another framework provisionally gets this one as its own.
    for year in range(spec.fiscal_year_from, spec.fiscal_year_to + 1):
        governing = year_framework(year)
        if governing and governing.declared:
            preview.declared.append((year, governing.framework.code))
    return preview
