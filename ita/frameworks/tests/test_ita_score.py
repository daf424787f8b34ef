"""`ita_score` as scripts use it: JSON on stdout, one Thai line and a non-zero exit on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_2570_has_no_framework_yet():
    run = ita_score("--year", "2570", *PERCEPTION, "9=100", "10=100")
    assert run.returncode != 0
    assert "ไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2570" in run.stderr
    assert "ผู้ดูแลระบบต้องเพิ่มกรอบของปีนี้ก่อน" in run.stderr
