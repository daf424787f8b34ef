from decimal import Decimal

from conftest import SEED_002_2565, decimals
from ita.frameworks.loader import spec_for_year
from ita.frameworks.scoring import score
from ita.frameworks.whatif import smallest_rise, targets_above

D = Decimal


def test_targets_for_a_c_result_are_the_next_level_and_85():
    spec = spec_for_year(2565)
    labels = [(t.label, t.min_score) for t in targets_above(spec, D("71.03"))]
    assert labels == [("B", D(75)), ("85 คะแนน", D(85))]


def test_no_target_at_the_top():
    assert targets_above(spec_for_year(2566), D("96.00")) == []


def test_smallest_rise_is_exact_to_the_hundredth():
    spec = spec_for_year(2565)
    scores = decimals(SEED_002_2565)
    gap = smallest_rise(spec, scores, 10, D(75))
    # indicator 10 moves the total by 0.4/2 = 0.2 per point: (75 - 0.005 - 71.029) / 0.2
    assert gap.needed_rise == D("19.83")
    assert score(spec, {**scores, 10: scores[10] + gap.needed_rise}).total >= D(75)
    assert score(spec, {**scores, 10: scores[10] + gap.needed_rise - D("0.01")}).total < D(75)


def test_impossible_rise_is_reported():
    spec = spec_for_year(2565)
    gap = smallest_rise(spec, decimals(SEED_002_2565), 1, D(85))  # IIT 1 weighs 0.06
    assert gap.needed_rise is None
