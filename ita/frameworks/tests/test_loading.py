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


def edit_text(directory, code, old, new):
    path = directory / f"{code}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def use_2566(world):
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2566,
        indicator_scores={n: Decimal(90) for n in range(1, 11)},
    )  # fmt: skip


def test_framework_in_use_cannot_change_a_score_or_be_deleted(world, data_copy):
    use_2566(world)
    # weights still sum to 1, so the file is valid: refused only because it is in use
    edit_text(data_copy, "ita-2566", 'weight: "0.30"', 'weight: "0.35"')
    edit_text(data_copy, "ita-2566", 'weight: "0.40"', 'weight: "0.35"')
    with pytest.raises(FrameworkError, match="ถูกใช้กับผลการประเมินแล้ว แก้ไขส่วนที่มีผลต่อคะแนนไม่ได้"):
        load_frameworks(data_copy)
    assert Framework.objects.get(code="ita-2566").spec.tool("IIT").weight == Decimal("0.30")
    with pytest.raises(ProtectedError):
        Framework.objects.get(code="ita-2566").delete()


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ('weight: "0.30"', 'weight: "0.3"', True),  # the same number spelled otherwise
        ('    sub_indicator: "10.2"', '    sub_indicator: "10.1"', False),  # O42 moves
    ],
)
def test_what_moves_a_score_is_compared_by_value(world, data_copy, old, new, allowed):
    use_2566(world)
    edit_text(data_copy, "ita-2566", old, new)
    if allowed:
        assert load_frameworks(data_copy).updated == ["ita-2566"]
    else:
        with pytest.raises(FrameworkError, match="แก้ไขส่วนที่มีผลต่อคะแนนไม่ได้"):
            load_frameworks(data_copy)


def test_framework_in_use_takes_corrections_of_wording_criteria_and_roles(world, data_copy):
    use_2566(world)
    item_pk = Framework.objects.get(code="ita-2566").items.get(code="O13").pk
    edit_name(data_copy, "ita-2566", "แก้ไขแล้ว")
    edit_text(data_copy, "ita-2566", 'title: "รายงานผลการดำเนินงานประจำปี"', 'title: "รายงานผล (แก้)"')
    edit_text(data_copy, "ita-2566", "  anti_corruption_report: O38\n", "")
    report = load_frameworks(data_copy)
    assert report.updated == ["ita-2566"]
    framework = Framework.objects.get(code="ita-2566")
    assert framework.name.startswith("แก้ไขแล้ว")
    assert framework.items.get(code="O13").pk == item_pk  # rows kept: assessments point to them
    assert framework.items.get(code="O13").title == "รายงานผล (แก้)"
    assert framework.spec.item_for_role("anti_corruption_report") is None
    assert load_frameworks(data_copy).unchanged.count("ita-2566") == 1


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
