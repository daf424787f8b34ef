"""The dashboards' pure rules as tables of input → expected output, and the templates' CSP."""

from decimal import Decimal

import pytest

from ita.accounts.tests.test_templates_clean import ITA, offenders
from ita.oversight import rules

D = Decimal


@pytest.mark.parametrize(
    "score, pass_mark, css",
    [
        (None, D(85), "heat-none"),
        (D("85.00"), D(85), "heat-pass"),
        (D("84.99"), D(85), "heat-near"),
        (D("70.00"), D(85), "heat-near"),
        (D("69.99"), D(85), "heat-low"),
        (D("50.00"), D(85), "heat-low"),
        (D("49.99"), D(85), "heat-weak"),
        (D("0"), D(85), "heat-weak"),
        (D("80.00"), D(80), "heat-pass"),  # the framework's pass mark, not a literal 85
    ],
)
def test_band(score, pass_mark, css):
    assert rules.band(score, pass_mark) == css


@pytest.mark.parametrize(
    "text, safe",
    [
        ("เทศบาลตำบลปาย", "เทศบาลตำบลปาย"),
        ("=1+1", "'=1+1"),
        ("+66 53 611 111", "'+66 53 611 111"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_text(text, safe):
    assert rules.safe_text(text) == safe


@pytest.mark.parametrize(
    "agency_type, kind, group",
    [
        ("regional", "regional", "regional"),
        ("pao", "pao", "local"),
        ("city", "municipality", "local"),
        ("town", "municipality", "local"),
        ("tambon", "municipality", "local"),
        ("sao", "sao", "local"),
        ("university", "other", "other"),
        ("unknown", "other", "other"),
    ],
)
def test_kinds_and_groups(agency_type, kind, group):
    assert (rules.kind_of(agency_type), rules.group_of(agency_type)) == (kind, group)


@pytest.mark.parametrize(
    "name, short",
    [
        ("องค์การบริหารส่วนตำบลบ้านกาศ", "อบต.บ้านกาศ"),
        ("องค์การบริหารส่วนจังหวัดแม่ฮ่องสอน", "อบจ.แม่ฮ่องสอน"),
        ("เทศบาลตำบลปาย", "ทต.ปาย"),
        ("เทศบาลเมืองแม่ฮ่องสอน", "ทม.แม่ฮ่องสอน"),
        ("เทศบาลนครเชียงใหม่", "ทน.เชียงใหม่"),
        ("สำนักงานจังหวัดแม่ฮ่องสอน", "สำนักงานจังหวัดแม่ฮ่องสอน"),
        ("ที่ทำการองค์การบริหารส่วนตำบล", "ที่ทำการองค์การบริหารส่วนตำบล"),  # a prefix only
        ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล"),  # nothing after it: kept
    ],
)
def test_short_name(name, short):
    assert rules.short_name(name) == short


def test_mean_percent_and_buckets():
    assert rules.mean(38.665) == D("38.67")  # half up, as frameworks.scoring rounds
    assert rules.mean(D("25.885")) == D("25.89")
    assert rules.mean(None) is None
    assert (rules.percent(1, 3), rules.percent(0, 0), rules.percent(None, 4)) == (33, None, 0)
    assert rules.BUCKETS[0] == (0, 10) and rules.BUCKETS[-1] == (90, 100)
    assert rules.bucket_label(80, 90) == "80–89.99" and rules.bucket_label(90, 100) == "90–100"


def test_oversight_templates_are_csp_clean():
    assert (ITA / "oversight" / "templates").is_dir()
    assert offenders(ITA / "oversight") == []
