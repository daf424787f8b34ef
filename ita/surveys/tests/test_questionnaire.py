"""The questionnaires come from the framework files: every item, sub-question, answer value and
reverse flag; pure functions, no database."""

from decimal import Decimal

import pytest

from ita.frameworks.loader import DATA_DIR, all_specs, read_file
from ita.surveys.questionnaire import AnswerError, build, item_sums, read_answers

SPECS = {s.code: s for s in all_specs()}


def questionnaire_for(code: str, tool: str):
    path = DATA_DIR / f"{code}.yaml"
    return build(SPECS[code], tool, read_file(path)[0])


@pytest.mark.parametrize("code", ["ita-2562", "ita-2566"])
def test_iit_has_items_i1_to_i30_with_framework_wording(code):
    q = questionnaire_for(code, "IIT")
    assert [x.code for x in q.questions] == [f"I{n}" for n in range(1, 31)]
    spec = SPECS[code]
    for question in q.questions:
        item = spec.item(question.code)
        assert question.title == item.title  # the wording is the framework's, verbatim
        assert [s.text for s in question.subs] == list(item.sub_questions or [""])
        assert question.options == spec.scales[item.kind]
    assert [s.indicator for s in q.sections] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("code", ["ita-2562", "ita-2566"])
def test_eit_has_items_e1_to_e15_marked_provisional_as_in_the_file(code):
    q = questionnaire_for(code, "EIT")
    assert [x.code for x in q.questions] == [f"E{n}" for n in range(1, 16)]
    assert [x.provisional for x in q.questions] == [
        SPECS[code].item(x.code).provisional for x in q.questions
    ]
    assert q.has_provisional


def test_reverse_flags_whole_items_and_the_i11_sub_question():
    q = {x.code: x for x in questionnaire_for("ita-2566", "IIT").questions}
    assert all(s.reverse for s in q["I9"].subs)
    assert [s.reverse for s in q["I18"].subs] == [True, True, True]
    assert [s.reverse for s in q["I11"].subs] == [False, True]  # reverse_sub_questions: [2]
    assert not any(s.reverse for s in q["I1"].subs)


def test_without_the_raw_definition_i11_has_no_reversed_sub_question():
    q = {x.code: x for x in build(SPECS["ita-2566"], "IIT").questions}
    assert [s.reverse for s in q["I11"].subs] == [False, False]


def test_oit_is_not_a_questionnaire():
    with pytest.raises(ValueError, match="IIT/EIT"):
        build(SPECS["ita-2566"], "OIT")


def test_missing_answers_are_listed():
    q = questionnaire_for("ita-2566", "EIT")
    data = {s.field: "0" for x in q.questions for s in x.subs}
    del data["E1_2"]
    data["E3"] = "9"  # not an option
    with pytest.raises(AnswerError) as caught:
        read_answers(q, data)
    assert caught.value.missing == ["E1_2", "E3"]
    assert str(caught.value) == "กรุณาตอบให้ครบทุกข้อ"


@pytest.mark.parametrize(
    "code, chosen, expected",
    [
        ("I1", [3, 1], Decimal("133.33")),  # มากที่สุด 100 + น้อย 33.33
        ("I9", [3], Decimal("0")),  # reversed: มากที่สุด → 100 − 100
        ("I9", [1], Decimal("66.67")),  # reversed: น้อย → 100 − 33.33
        ("I11", [3, 3], Decimal("100")),  # 100 + (100 − 100)
        ("I11", [1, 1], Decimal("100.00")),  # 33.33 + (100 − 33.33)
        ("I4", [0, 1, 1], Decimal("200")),  # มี = 0, ไม่มี = 100 (bribery)
        ("I26", [0, 1], Decimal("100")),  # มี = 100, ไม่มี = 0 (good practice)
    ],
)
def test_item_sums_apply_values_and_reverse_scoring(code, chosen, expected):
    q = questionnaire_for("ita-2566", "IIT")
    answers = {x.code: [0] * x.size for x in q.questions} | {code: chosen}
    assert item_sums(q, answers)[code] == expected


def test_answers_are_stored_compactly_and_read_back_the_same():
    from ita.surveys.questionnaire import decode_answers, encode_answers

    answers = {"I1": [3, 0], "I2": [1], "E15": [0, 1, 2, 3]}
    assert encode_answers(answers) == "I1=30;I2=1;E15=0123"
    assert decode_answers(encode_answers(answers)) == answers
    with pytest.raises(ValueError):
        encode_answers({"I1": [10]})


@pytest.mark.parametrize("raw", ["²", "¹", "3²", "٣٣", "-1", "1.0", " "])
def test_odd_digits_are_an_unanswered_question_not_a_crash(raw):
    q = questionnaire_for("ita-2566", "IIT")
    first = q.questions[0].subs[0].field
    data = {s.field: "0" for x in q.questions for s in x.subs} | {first: raw}
    with pytest.raises(AnswerError) as refused:
        read_answers(q, data)
    assert refused.value.missing == [first]


def test_answers_built_by_a_caller_are_checked_like_the_form_checks_them():
    from ita.surveys.questionnaire import check_answers

    q = questionnaire_for("ita-2566", "EIT")
    good = read_answers(q, {s.field: "0" for x in q.questions for s in x.subs})
    check_answers(q, good)
    for bad in (
        {**good, "E1": [0]},  # E1 has two sub-questions
        {**good, "E3": [9]},  # no such option
        {k: v for k, v in good.items() if k != "E15"},
        {**good, "E99": [0]},
    ):
        with pytest.raises(ValueError):
            check_answers(q, bad)
