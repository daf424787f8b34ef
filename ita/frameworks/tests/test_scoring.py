"""The scoring rules as tables of input → expected output, plus properties. No database."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED_001_2566, SEED_002_2565, decimals
from ita.frameworks.loader import spec_for_year
from ita.frameworks.scoring import ScoringError, oit_indicators_from_verdicts, score
from ita.frameworks.spec import FrameworkError

D = Decimal


@pytest.mark.parametrize(
    ("year", "scores", "total", "level", "tools"),
    [
        # seed 002, อบจ.มุกดาหาร: published 71.03, level C
        (2565, SEED_002_2565, "71.03", "C", {"IIT": "77.38", "EIT": "74.38", "OIT": "63.75"}),
        # seed 001, เทศบาลเมืองแม่ฮ่องสอน: published 89.55, ผ่าน
        (2566, SEED_001_2566, "89.55", "PASS", {"IIT": "99.90", "EIT": "81.61", "OIT": "87.75"}),
        # all 100 → the top level of each framework
        (2564, dict.fromkeys(range(1, 11), "100"), "100.00", "AA", None),
        (2567, dict.fromkeys(range(1, 11), "100"), "100.00", "EXCELLENT", None),
        (2562, dict.fromkeys(range(1, 11), "0"), "0.00", "F", None),
        (2566, dict.fromkeys(range(1, 11), "84.995"), "85.00", "PASS", None),  # half up, once
        (2566, dict.fromkeys(range(1, 11), "84.994"), "84.99", "FAIL", None),
    ],
)
def test_published_totals_and_levels(year, scores, total, level, tools):
    result = score(spec_for_year(year), decimals(scores))
    assert str(result.total) == total
    assert result.level.code == level
    if tools:
        assert {k: str(v) for k, v in result.tools.items()} == tools


@pytest.mark.parametrize(
    ("total", "level"),
    [("95.00", "AA"), ("94.99", "A"), ("85.00", "A"), ("84.99", "B"), ("75.00", "B"),
     ("74.99", "C"), ("65.00", "C"), ("64.99", "D"), ("55.00", "D"), ("54.99", "E"),
     ("50.00", "E"), ("49.99", "F")],
)  # fmt: skip
def test_level_bands_2562(total, level):
    from ita.frameworks.scoring import level_for

    assert level_for(spec_for_year(2563), D(total)).code == level


def test_level_labels_from_2566():
    from ita.frameworks.scoring import level_for

    spec = spec_for_year(2566)
    assert [level_for(spec, D(t)).label for t in ("95", "94.99", "85", "84.99")] == [
        "ผ่านดีเยี่ยม",
        "ผ่าน",
        "ผ่าน",
        "ไม่ผ่าน",
    ]


def test_oit_example_fy2564_rejecting_o36_o37():
    """Hand-checked: all items accepted except O36 and O37 → 10.1 = 6/8 = 75, 10.2 = 100,
    indicator 10 = 87.50, indicator 9 = 100.00, OIT = 93.75."""
    spec = spec_for_year(2564)
    oit = oit_indicators_from_verdicts(spec, {"O36": False, "O37": False})
    assert oit == {9: D(100), 10: D("87.5")}
    result = score(spec, {**dict.fromkeys(range(1, 9), D(90)), **oit})
    assert result.tools["OIT"] == D("93.75")


def test_indicator_9_is_a_mean_of_sub_indicators_not_of_items():
    # One rejected item in 9.3 (7 items): (100·4 + 6/7·100)/5 = 97.142857… (NACC Group-6 table)
    spec = spec_for_year(2564)
    oit = oit_indicators_from_verdicts(spec, {"O18": False})
    assert oit[9].quantize(D("0.01")) == D("97.14")


def test_unknown_oit_item_is_refused():
    with pytest.raises(ScoringError, match="O99"):
        oit_indicators_from_verdicts(spec_for_year(2565), {"O99": False})


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({**decimals(SEED_002_2565), 11: D(50)}, "ไม่มีตัวชี้วัดที่ 11"),
        ({k: v for k, v in decimals(SEED_002_2565).items() if k != 4}, "ตัวชี้วัดที่ 4"),
        ({**decimals(SEED_002_2565), 3: D("100.01")}, "ระหว่าง 0 ถึง 100"),
        ({**decimals(SEED_002_2565), 3: D("-1")}, "ระหว่าง 0 ถึง 100"),
    ],
)
def test_bad_input_is_refused_in_thai(scores, message):
    with pytest.raises(ScoringError, match=message):
        score(spec_for_year(2565), scores)


def test_unknown_year():
    with pytest.raises(FrameworkError, match="ไม่มีกรอบการประเมินสำหรับปีงบประมาณ 2550"):
        spec_for_year(2550)


scores_strategy = st.lists(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False), min_size=10, max_size=10
)


@settings(max_examples=200, deadline=None)
@given(values=scores_strategy, year=st.sampled_from([2562, 2565, 2566, 2567]))
def test_total_stays_within_bounds(values, year):
    result = score(spec_for_year(year), dict(enumerate(values, start=1)))
    assert D(0) <= result.total <= D(100)
    assert all(D(0) <= v <= D(100) for v in result.tools.values())


@settings(max_examples=200, deadline=None)
@given(
    values=scores_strategy,
    number=st.integers(min_value=1, max_value=10),
    rise=st.decimals(min_value=0, max_value=100, places=2),
)
def test_total_is_monotonic_in_every_indicator(values, number, rise):
    spec = spec_for_year(2566)
    before = dict(enumerate(values, start=1))
    after = {**before, number: min(before[number] + rise, D(100))}
    assert score(spec, after).total_exact >= score(spec, before).total_exact
    assert score(spec, after).total >= score(spec, before).total
