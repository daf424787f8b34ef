"""The O42 draft and completeness rules as tables, without the database."""

from decimal import Decimal

import pytest

from conftest import SEED_002_2565, decimals
from ita.improvement.analysis import (
    MeasureFacts,
    PlanFacts,
    UrgentRule,
    YearPoint,
    build_draft,
    completeness,
    copied_recommendations,
)
from ita.improvement.rounds import round_due, round_state
from ita.improvement.themes import comment_themes

D = Decimal
NAMES = {n: (f"ตัวชี้วัด {n}", "IIT" if n <= 5 else "EIT" if n <= 8 else "OIT") for n in range(1, 11)}
CURRENT = YearPoint(2565, D("71.03"), "C", {}, decimals(SEED_002_2565))
PREVIOUS = YearPoint(2564, D("87.64"), "A", {}, {n: D(88) for n in range(1, 11)})


def test_seed_002_strengths_weaknesses_and_drop():
    draft = build_draft(agency="องค์การบริหารส่วนจังหวัดมุกดาหาร", names=NAMES, current=CURRENT,
                        previous=PREVIOUS)  # fmt: skip
    assert [r.number for r in draft.strengths] == [9, 1]
    assert [r.number for r in draft.weaknesses] == [10, 8, 5, 7, 4, 3, 2, 6]
    assert draft.total_change == D("-16.61")
    assert any("ลดลง 16.61 คะแนน" in s for s in draft.sentences)
    assert "ได้คะแนนภาพรวม 71.03 คะแนน ผลการประเมิน C" in draft.sentences[0]


@pytest.mark.parametrize(
    ("rule", "urgent"),
    [
        (UrgentRule(), [10, 8, 5]),  # three weakest below 85; 10 is also below 50
        (UrgentRule(weakest=1), [10]),
        (UrgentRule(weakest=0, floor=D(71)), [10, 8]),  # below the floor only
        (UrgentRule(weakest=0, floor=D(0)), []),
    ],
)
def test_urgent_rule_is_configurable(rule, urgent):
    draft = build_draft(agency="x", names=NAMES, current=CURRENT, rule=rule)
    assert [r.number for r in draft.urgent] == urgent


def test_recommendations_grouped_by_indicator_of_their_item():
    draft = build_draft(
        agency="x", names=NAMES, current=CURRENT,
        recommendations=[("O36", "ควรประเมินความเสี่ยง"), ("I25", "ควรทบทวน"), ("Z9", "อื่น ๆ")],
        item_indicators={"O36": 10, "I25": 5},
    )  # fmt: skip
    assert draft.recommendations == {
        10: [("O36", "ควรประเมินความเสี่ยง")], 5: [("I25", "ควรทบทวน")], None: [("Z9", "อื่น ๆ")],
    }  # fmt: skip


GOOD_MEASURE = MeasureFacts("มาตรการ ก", "ขั้นตอน", 1, "รายงานทุก 6 เดือน", [10, 8])


@pytest.mark.parametrize(
    ("plan", "missing"),
    [
        (PlanFacts(["บทวิเคราะห์"], [10, 8], "พัฒนา", [GOOD_MEASURE], [10, 8]), []),
        (PlanFacts([""], [10], "พัฒนา", [GOOD_MEASURE], [10]), ["ยังไม่มีบทวิเคราะห์ของหน่วยงานเอง"]),
        (PlanFacts(["x"], [], "พัฒนา", [GOOD_MEASURE], [10]), ["ข้อบกพร่องหรือจุดอ่อน"]),
        (PlanFacts(["x"], [10], " ", [GOOD_MEASURE], [10]), ["ประเด็นที่จะต้องพัฒนาให้ดีขึ้น"]),
        (PlanFacts(["x"], [10], "y", [], [10]), ["ยังไม่มีมาตรการ", "ตัวชี้วัดที่ 10"]),
        (
            PlanFacts(["x"], [10], "y", [MeasureFacts("ม", "", 0, "", [10])], [10]),
            ["ยังไม่ได้กำหนดผู้รับผิดชอบ", "ขั้นตอนหรือวิธีการปฏิบัติ", "การกำกับติดตามและรายงานผล"],
        ),
        (PlanFacts(["x"], [10, 5], "y", [GOOD_MEASURE], [10, 5]), ["ตัวชี้วัดที่ 5"]),
    ],
)
def test_completeness_lists_what_o42_lacks(plan, missing):
    found = completeness(plan)
    assert len(found) == len(missing)
    for text, expected in zip(found, missing, strict=True):
        assert expected in text


RECOMMENDATION = "หน่วยงานควรจัดทำการประเมินความเสี่ยงในการทุจริต และการดำเนินการเพื่อจัดการความเสี่ยง"


@pytest.mark.parametrize(
    ("own", "copied"),
    [
        ([RECOMMENDATION], ["O36"]),
        (["เห็นว่า" + RECOMMENDATION.replace("และ", " และ ") + " ต่อไป"], ["O36"]),
        (["เราจะแต่งตั้งคณะทำงานเพื่อทบทวนกระบวนงานอนุมัติอนุญาตที่มีความเสี่ยงสูงในปีนี้"], []),
    ],
)
def test_near_verbatim_copy_of_a_recommendation_is_flagged(own, copied):
    assert copied_recommendations(own, [("O36", RECOMMENDATION)]) == copied


def test_themes_need_five_comments():
    comments = ["บริการล่าช้ามาก", "ควรประชาสัมพันธ์ข้อมูลบนเว็บไซต์", "ขั้นตอนยุ่งยาก", "รอคิวนาน"]
    assert comment_themes(comments) is None
    themes = comment_themes([*comments, "เจ้าหน้าที่ให้บริการรวดเร็ว"])
    assert themes[0].theme == "การให้บริการและขั้นตอน" and themes[0].comments == 4


@pytest.mark.parametrize(
    ("year", "months", "due"),
    [(2566, 6, "2023-03-31"), (2566, 12, "2023-09-30"), (2566, 1, "2022-10-31"),
     (2567, 3, "2023-12-31"), (2567, 9, "2024-06-30")],
)  # fmt: skip
def test_round_due_dates(year, months, due):
    assert round_due(year, months).isoformat() == due


def test_round_states():
    import datetime as dt

    due = dt.date(2023, 3, 31)
    assert round_state(due, True, dt.date(2023, 5, 1)) == "reported"
    assert round_state(due, False, dt.date(2023, 4, 1)) == "overdue"
    assert round_state(due, False, dt.date(2023, 3, 20)) == "due_soon"
    assert round_state(due, False, dt.date(2023, 1, 1)) == "upcoming"


def test_library_items_follow_maps_to_into_later_frameworks():
    from ita.frameworks.loader import all_specs
    from ita.improvement.library import items_in, suggestion, suggestions_for

    specs = {s.code: s for s in all_specs()}
    risk = suggestion("risk-assessment")
    assert items_in(risk, specs["ita-2566"]) == ("O34", "O35")  # as written
    carried = items_in(risk, specs["ita-2569"])
    assert carried and set(carried) <= {i.code for i in specs["ita-2569"].items}
    # each carried item continues one the entry named, through ita-2568
    via_2568 = items_in(risk, specs["ita-2568"])
    assert via_2568 and all(
        set(specs["ita-2569"].item(c).maps_to) & {f"ita-2568:{o}" for o in via_2568}
        for c in carried
    )
    assert risk in suggestions_for(specs["ita-2569"], [10])
    # an item may continue one two frameworks back: ita-2568 has no analysis item
    analysis = suggestion("ita-analysis")
    assert items_in(analysis, specs["ita-2568"]) == ()
    assert items_in(analysis, specs["ita-2569"]) == ("O25", "O26")
