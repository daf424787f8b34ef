import datetime as dt
from decimal import Decimal

import pytest

from ita.lib.thai_dates import fiscal_year_bounds, fiscal_year_of, parse_fiscal_year, thai_date
from ita.lib.thai_text import format_score, parse_decimal, round2, to_thai_digits


@pytest.mark.parametrize(
    ("text", "year"),
    [("2565", 2565), ("๒๕๖๕", 2565), ("พ.ศ. 2566", 2566), ("2022", 2565), (2023, 2566),
     ("2566.0", 2566), ("65", None), ("abc", None), ("", None), ("3000", None)],
)  # fmt: skip
def test_parse_fiscal_year(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize(
    ("day", "fy"),
    [(dt.date(2022, 10, 1), 2566), (dt.date(2023, 9, 30), 2566), (dt.date(2023, 10, 1), 2567)],
)
def test_fiscal_year_of(day, fy):
    assert fiscal_year_of(day) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


@pytest.mark.parametrize(
    ("text", "value"),
    [("๘๖.๐๗", Decimal("86.07")), (" 86.07 ", Decimal("86.07")), (86.07, Decimal("86.07")),
     ("1,000.5", Decimal("1000.5")), ("x", None), ("", None), ("nan", None), ("inf", None)],
)  # fmt: skip
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


def test_round_half_up_and_format():
    assert round2(Decimal("71.025")) == Decimal("71.03")
    assert format_score(Decimal("89.554"), thai_digits=True) == "๘๙.๕๕"
    assert to_thai_digits("2566") == "๒๕๖๖"


def test_thai_date_is_buddhist_era():
    assert thai_date(dt.date(2025, 3, 7)) == "7 มีนาคม 2568"
    assert thai_date(dt.date(2025, 3, 7), thai_digits=True) == "๗ มีนาคม ๒๕๖๘"
