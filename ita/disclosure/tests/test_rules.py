"""Disclosure rules as tables, without the database."""

import re

import pytest
from django.utils import translation

from ita.disclosure import rules
from ita.disclosure.verdicts import Verdict, explain

THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.mark.parametrize(
    ("likelihood", "impact", "code"),
    [(1, 1, "low"), (1, 3, "low"), (2, 2, "medium"), (2, 4, "medium"), (3, 3, "high"),
     (2, 5, "high"), (3, 5, "very_high"), (5, 5, "very_high")],
)  # fmt: skip
def test_risk_level(likelihood, impact, code):
    assert rules.risk_level(likelihood, impact).code == code


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 1), (3, 0)])
def test_risk_level_off_the_matrix(likelihood, impact):
    with pytest.raises(ValueError, match="1 ถึง 5"):
        rules.risk_level(likelihood, impact)


@pytest.mark.parametrize(
    ("events", "ok"),
    [
        ([], False),
        ([("ประเมินแล้วไม่พบความเสี่ยง", "-")], False),
        ([("ไม่มีความเสี่ยงการทุจริต", "")], False),
        ([("เรียกรับเงินในการออกใบอนุญาต", "ให้ยื่นคำขอออนไลน์ ตรวจสอบโดยสองคน")], True),
        ([("เรียกรับเงินในการออกใบอนุญาต", " ")], False),
    ],
)
def test_register_problems(events, ok):
    problems = rules.register_problems(events)
    assert (problems == []) is ok
    if not events or "ไม่" in events[0][0]:
        assert problems == [rules.NO_RISK_REASON]


@pytest.mark.parametrize(
    ("period", "needs"),
    [("แผนที่มีผลใช้ในปีงบประมาณที่ประเมิน", True), ("ประกาศสำหรับปีที่ประเมิน", True),
     ("ข้อมูลปัจจุบัน (ไม่ได้ระบุปี)", False), ("", False)],
)  # fmt: skip
def test_period_needs_year(period, needs):
    assert rules.period_needs_year(period) is needs


def test_parse_urls_reads_lines_and_spaces_and_reports_thai_errors():
    urls, errors = rules.parse_urls(
        "https://a.go.th/o1\nhttps://a.go.th/o1  http://a.go.th/o2\nwww.a.go.th/o3"
    )
    assert urls == ["https://a.go.th/o1", "http://a.go.th/o2"]
    assert errors == ["“www.a.go.th/o3” ไม่ใช่ URL ที่ขึ้นต้นด้วย http:// หรือ https://"]
    many, errors = rules.parse_urls(" ".join(f"https://a.go.th/{n}" for n in range(11)))
    assert len(many) == 11 and errors == ["ใส่ได้ไม่เกิน 10 URL ต่อข้อ"]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], (None, False)),
        ([("ok", [])], ("ok", False)),
        ([("ok", ["stale"]), ("blocked", [])], ("blocked", True)),
        ([("off_site", []), ("broken", [])], ("broken", False)),
        ([("login_required", []), ("soft_404", [])], ("login_required", False)),
    ],
)
def test_worst_verdict(pairs, expected):
    assert rules.worst_verdict(pairs) == expected


def test_every_verdict_is_explained_in_thai():
    for verdict in Verdict:
        what, fix = explain(verdict, "http_404")
        assert what
        assert verdict == Verdict.OK or fix
    assert "404" in explain(Verdict.BROKEN, "http_404")[0]
    assert "ไม่ได้แปลว่าลิงก์เสีย" in explain(Verdict.BLOCKED)[0]


@pytest.mark.parametrize("detail", ["", "http_404", "dns", "private_address", "deadline", "x"])
def test_every_verdict_is_explained_in_english_on_english_pages(detail):
    with translation.override("en"):
        for verdict in Verdict:
            what, fix = explain(verdict, detail)
            assert what and not THAI.search(what + fix)
        assert rules.risk_level(5, 5).label == "Very high"
    with translation.override("th"):
        assert rules.risk_level(5, 5).label == "สูงมาก"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("31/3/2566", "2023-03-31"), ("๓๑/๓/๒๕๖๖", "2023-03-31"), ("31/3/2023", "2023-03-31"),
     ("2023-03-31", "2023-03-31"), ("", None)],
)  # fmt: skip
def test_thai_date_field_reads_buddhist_era(text, expected):
    from ita.disclosure.forms import ThaiDateField

    value = ThaiDateField(required=False).clean(text)
    assert (str(value) if value else None) == expected


@pytest.mark.parametrize("text", ["31/2/2566", "31-3", "พรุ่งนี้"])
def test_thai_date_field_refuses_in_thai(text):
    from django.forms import ValidationError

    from ita.disclosure.forms import ThaiDateField

    with pytest.raises(ValidationError, match=r"วัน/เดือน/ปี พ\.ศ\."):
        ThaiDateField().clean(text)
