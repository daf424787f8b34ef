"""`ita_score` as scripts use it: JSON on stdout, one Thai line and a non-zero exit on bad input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ita.frameworks.models import DeclaredYear, Framework

ROOT = Path(__file__).resolve().parents[3]
SEED_002 = "1=86.07 2=76.72 3=76.57 4=75.54 5=72.00 6=79.63 7=73.30 8=70.22 9=90.00 10=37.50"


def ita_score(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "ita_score", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_seed_002():
    run = ita_score("--year", "2565", *SEED_002.split())
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["framework"] == "ita-2562" and out["framework_provisional"] is False
    assert (out["total"], out["level"], out["level_label"]) == ("71.03", "C", "C")
    assert out["tools"] == {"IIT": "77.38", "EIT": "74.38", "OIT": "63.75"}


def test_seed_001_with_thai_digits():
    args = "๑=๑๐๐ ๒=๙๙.๘๓ ๓=๑๐๐ ๔=๑๐๐ ๕=๙๙.๖๗ ๖=๘๗.๐๖ ๗=๗๗.๙๑ ๘=๗๙.๘๗ ๙=๘๕.๕๐ ๑๐=๙๐"
    run = ita_score("--json", "--year", "๒๕๖๖", *args.split())
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert (out["total"], out["level"], out["level_label"]) == ("89.55", "PASS", "ผ่าน")


def test_oit_items_instead_of_indicators_9_and_10():
    run = ita_score("--year", "2564", *[f"{n}=90" for n in range(1, 9)], "O36=0", "O37=0")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["indicators"]["9"] == "100.00"
    assert out["indicators"]["10"] == "87.50"
    assert out["tools"]["OIT"] == "93.75"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2565", *SEED_002.split(), "11=50"], "ไม่มีตัวชี้วัดที่ 11"),
        (["--year", "2565", *SEED_002.replace("3=76.57", "3=101").split()], "ระหว่าง 0 ถึง 100"),
        (["--year", "2565", *SEED_002.replace(" 4=75.54", "").split()], "ตัวชี้วัดที่ 4"),
        (["--year", "2550", *SEED_002.split()], "ไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2550"),
        (["--year", "2565", *SEED_002.replace("5=72.00", "5=abc").split()], "ไม่ใช่ตัวเลข"),
        (["--year", "2565", "1=90", "O36=2"], "ต้องเป็น 1 (ผ่าน) หรือ 0 (ไม่ผ่าน)"),
    ],
)
def test_bad_input_exits_non_zero_with_one_thai_line(args, message):
    run = ita_score(*args)
    assert run.returncode != 0
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


PERCEPTION = [f"{n}=90" for n in range(1, 9)]


@pytest.mark.parametrize(("year", "framework"), [("2568", "ita-2568"), ("2569", "ita-2569")])
def test_2568_and_2569_are_scored_with_their_own_framework(year, framework):
    run = ita_score("--year", year, *PERCEPTION, "9=100", "10=100")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert (out["framework"], out["fiscal_year"]) == (framework, int(year))
    assert out["framework_provisional"] is True
    assert (out["total"], out["level"], out["level_label"]) == ("94.00", "PASS", "ผ่าน")


@pytest.mark.parametrize(
    ("year", "verdicts", "ind9", "ind10"),
    [
        # 2568: indicator 9 = O1–O20, 10 = O21–O26, each the mean of its items (no sub-indicators)
        ("2568", ["O23=0"], "100.00", "83.33"),
        ("2568", ["O1=0", "O20=0"], "90.00", "100.00"),
        # 2569: 9 = O1–O19, 10 = O20–O26; O25 is the analysis item
        ("2569", ["O25=0"], "100.00", "85.71"),
        ("2569", ["O19=0"], "94.74", "100.00"),
    ],
)
def test_oit_verdicts_use_the_years_own_item_codes(year, verdicts, ind9, ind10):
    run = ita_score("--year", year, *PERCEPTION, *verdicts)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert (out["indicators"]["9"], out["indicators"]["10"]) == (ind9, ind10)


@pytest.mark.parametrize(
    ("year", "code", "message"),
    [
        ("2568", "O42", "ไม่มีข้อ O42 ในแบบ OIT ของกรอบ ita-2568 ปีงบประมาณ 2568 ใช้รหัสข้อ O1–O26"),
        ("2568", "O42", "(O42 เป็นรหัสข้อของกรอบ ita-2562, ita-2566)"),
        ("2569", "O27", "ไม่มีข้อ O27 ในแบบ OIT ของกรอบ ita-2569"),
        ("2569", "O99", "ใช้รหัสข้อ O1–O26 ของปีนั้น"),
    ],
)
def test_an_item_code_from_another_years_list_is_refused(year, code, message):
    run = ita_score("--year", year, *PERCEPTION, f"{code}=0")
    assert run.returncode != 0 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize(
    ("year", "scores", "expected"),
    [
        # the level by each year's own framework: ผ่านดีเยี่ยม ≥ 95, ผ่าน ≥ 85, else ไม่ผ่าน
        ("2568", [f"{n}=100" for n in range(1, 11)], ("100.00", "EXCELLENT", "ผ่านดีเยี่ยม", True)),
        ("2568", [f"{n}=84.99" for n in range(1, 11)], ("84.99", "FAIL", "ไม่ผ่าน", False)),
        ("2569", [f"{n}=95" for n in range(1, 11)], ("95.00", "EXCELLENT", "ผ่านดีเยี่ยม", True)),
        ("2569", [*PERCEPTION, "9=70", "10=70"], ("82.00", "FAIL", "ไม่ผ่าน", False)),
    ],
)
def test_2568_and_2569_print_the_level_by_the_framework(year, scores, expected):
    run = ita_score("--year", year, *scores)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert (out["total"], out["level"], out["level_label"], out["passed"]) == expected
    assert (out["provisional"], out["notice"]) == (False, "")  # their own framework
    assert run.stderr == ""


NOTICE = "ปีงบประมาณ 2570 ยังไม่มีกรอบการประเมินของสำนักงาน ป.ป.ช. ที่เผยแพร่แล้ว"


def _check_2570_is_provisional(run: subprocess.CompletedProcess) -> dict:
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert (out["fiscal_year"], out["framework"], out["provisional"]) == (2570, "ita-2569", True)
    assert NOTICE in out["notice"] and "ชั่วคราว" in out["notice"]
    assert run.stderr.strip().splitlines() == [f"หมายเหตุ: {out['notice']}"]
    return out


def test_2570_is_scored_with_the_declared_framework_and_says_provisional():
    out = _check_2570_is_provisional(ita_score("--year", "๒๕๗๐", *PERCEPTION, "O25=0"))
    # ita-2569's own item codes: indicator 10 = O20–O26
    assert (out["indicators"]["9"], out["indicators"]["10"]) == ("100.00", "85.71")
    assert (out["total"], out["level_label"]) == ("91.14", "ผ่าน")


def ita_score_without_a_database(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """A fresh checkout: no DATABASE_URL and an empty var directory, so no tables."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ITA_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "manage.py", "ita_score", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip


def test_without_a_database_the_files_decide(tmp_path):
    run = ita_score_without_a_database(tmp_path, "--year", "2570", *PERCEPTION, "9=100", "10=100")
    assert _check_2570_is_provisional(run)["total"] == "94.00"
    run = ita_score_without_a_database(tmp_path, "--year", "2569", *PERCEPTION, "O27=0")
    assert run.returncode == 2 and "ไม่มีข้อ O27 ในแบบ OIT ของกรอบ ita-2569" in run.stderr


@pytest.mark.parametrize("year", ["2571", "2550"])
def test_a_year_with_neither_framework_nor_declaration_is_refused(tmp_path, year):
    for run in (
        ita_score("--year", year, *PERCEPTION, "9=100", "10=100"),
        ita_score_without_a_database(tmp_path, "--year", year, *PERCEPTION, "9=100", "10=100"),
    ):
        assert run.returncode == 2 and run.stdout == ""
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and f"ไม่มีกรอบการประเมินสำหรับปีงบประมาณ {year}" in lines[0]
        assert "ผู้ดูแลระบบต้องเพิ่มกรอบของปีนี้" in lines[0]


# In process, against the test database: the command asks the system, not the files.


def call_ita_score(capsys, *args: str) -> tuple[int, dict | None, str]:
    out = io.StringIO()
    try:
        call_command("ita_score", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    stderr = capsys.readouterr().err
    return code, (json.loads(out.getvalue()) if out.getvalue() else None), stderr


@pytest.mark.django_db
def test_the_administrators_declaration_is_what_scores_2570(capsys):
    code, out, _ = call_ita_score(capsys, "--year", "2570", *PERCEPTION, "O25=0")
    assert (code, out["framework"], out["provisional"]) == (0, "ita-2569", True)
    declared = DeclaredYear.objects.get(fiscal_year=2570)
    declared.framework = Framework.objects.get(code="ita-2568")
    declared.save()
    code, out, stderr = call_ita_score(capsys, "--year", "2570", *PERCEPTION, "O23=0")
    assert (code, out["framework"], out["provisional"]) == (0, "ita-2568", True)
    assert out["indicators"]["10"] == "83.33"  # ita-2568: indicator 10 = O21–O26
    assert "กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in out["notice"] and "หมายเหตุ" in stderr
    # a code of the framework it no longer uses is refused, in Thai
    code, out, stderr = call_ita_score(capsys, "--year", "2570", *PERCEPTION, "O27=0")
    assert code == 2 and out is None and "ไม่มีข้อ O27 ในแบบ OIT ของกรอบ ita-2568" in stderr


@pytest.mark.django_db
def test_without_a_declaration_in_the_system_2570_is_refused(capsys):
    DeclaredYear.objects.filter(fiscal_year=2570).delete()
    code, out, stderr = call_ita_score(capsys, "--year", "2570", *PERCEPTION, "9=90", "10=90")
    assert code == 2 and out is None
    assert "ไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2570" in stderr
    assert "ประกาศให้ปีนี้ใช้กรอบที่มีอยู่เป็นการชั่วคราว" in stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "verdicts", "framework", "ind10"),
    [("2568", ["O21=0"], "ita-2568", "83.33"), ("2569", ["O20=0"], "ita-2569", "85.71")],
)
def test_2568_and_2569_from_the_database_use_their_own_codes(
    capsys, year, verdicts, framework, ind10
):
    code, out, stderr = call_ita_score(capsys, "--year", year, *PERCEPTION, *verdicts)
    assert (code, out["framework"], out["indicators"]["10"]) == (0, framework, ind10)
    assert (out["level_label"], out["provisional"], stderr) == ("ผ่าน", False, "")
    code, out, stderr = call_ita_score(capsys, "--year", year, *PERCEPTION, "O42=0")
    assert code == 2 and out is None
    assert f"ไม่มีข้อ O42 ในแบบ OIT ของกรอบ {framework}" in stderr
    assert "(O42 เป็นรหัสข้อของกรอบ ita-2562, ita-2566)" in stderr
