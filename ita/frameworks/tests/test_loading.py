"""Loading framework files: idempotent, all files valid before any write, frozen once used."""

import shutil
from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from ita.assessments.actions import record_result
from ita.frameworks.actions import load_frameworks
from ita.frameworks.loader import DATA_DIR
from ita.frameworks.models import Framework
from ita.frameworks.spec import FrameworkError

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_copy(tmp_path):
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_loading_twice_changes_nothing():
    report = load_frameworks()
    assert report.created == [] and report.updated == []
    assert sorted(report.unchanged) == ["ita-2562", "ita-2566", "ita-2568", "ita-2569"]
    framework = Framework.objects.get(code="ita-2562")
    assert framework.indicators.count() == 10
    assert framework.items.filter(code__startswith="O").count() == 43
    assert framework.items.get(code="E1").provisional


def edit_name(directory, code, new_name):
    path = directory / f"{code}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", f"name: {new_name} #", 1), encoding="utf-8")


def test_unused_framework_may_be_corrected(data_copy):
    edit_name(data_copy, "ita-2566", "แก้ไขแล้ว")
    report = load_frameworks(data_copy)
    assert report.updated == ["ita-2566"]
    assert Framework.objects.get(code="ita-2566").name.startswith("แก้ไขแล้ว")


def test_framework_in_use_cannot_be_changed_or_deleted(world, data_copy):
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2566,
        indicator_scores={n: Decimal(90) for n in range(1, 11)},
    )  # fmt: skip
    edit_name(data_copy, "ita-2566", "แก้ไขแล้ว")
    with pytest.raises(FrameworkError, match="ถูกใช้กับผลการประเมินแล้ว"):
        load_frameworks(data_copy)
    assert not Framework.objects.get(code="ita-2566").name.startswith("แก้ไขแล้ว")
    with pytest.raises(ProtectedError):
        Framework.objects.get(code="ita-2566").delete()


def test_a_broken_file_is_reported_and_nothing_is_written(data_copy):
    (data_copy / "ita-2570.yaml").write_text(
        "code: ita-2570\nfiscal_years: {from: 2570, to: 2571}\ntools:\n"
        "  - {code: IIT, weight: '0.5'}\n",
        encoding="utf-8",
    )
    edit_name(data_copy, "ita-2562", "ไม่ควรถูกบันทึก")
    with pytest.raises(FrameworkError, match="น้ำหนักของเครื่องมือทั้งหมดต้องรวมกันได้ 1"):
        load_frameworks(data_copy)
    assert not Framework.objects.filter(code="ita-2570").exists()
    assert not Framework.objects.get(code="ita-2562").name.startswith("ไม่ควร")
