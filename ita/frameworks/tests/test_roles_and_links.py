"""Item roles (which item is the O42-type analysis in each year), the links between frameworks
(`maps_to`, `succeeds`) and how an item stands against the framework it succeeds. Pure
functions on small hand-made frameworks, then the real files. No database."""

from __future__ import annotations

import pytest

from ita.frameworks.loader import all_specs, check_links, predecessor, spec_for_year
from ita.frameworks.spec import (
    CARRIED_OVER,
    MERGED,
    NEW,
    RENUMBERED,
    ROLES,
    SPLIT,
    FrameworkError,
    build_spec,
    dropped_items,
    item_changes,
    validate_links,
)


def tiny(code: str, oit: dict[str, list[str]], roles: dict | None = None, succeeds: str = ""):
    """A framework with one IIT item and the given OIT items (code → maps_to)."""
    return build_spec(
        {
            "code": code,
            "fiscal_years": {"from": 2600, "to": 2600},
            "succeeds": succeeds,
            "tools": [{"code": "IIT", "weight": "0.5"}, {"code": "OIT", "weight": "0.5"}],
            "indicators": [
                {"number": 1, "name": "a", "tool": "IIT"},
                {"number": 9, "name": "b", "tool": "OIT"},
            ],
            "items": [{"code": "I1", "title": "i", "indicator": 1, "kind": "s"}]
            + [{"code": c, "title": c, "indicator": 9, "maps_to": refs} for c, refs in oit.items()],
            "scales": {"s": [{"label": "x", "value": "0"}]},
            "roles": roles or {},
            "levels": [{"code": "F", "min": "0"}],
        }
    )


OLD = tiny("old", {"O1": [], "O2": [], "O3": [], "O4": [], "O5": []})


# ---------------------------------------------------------------- roles


def test_item_for_role_returns_the_item_or_none():
    spec = tiny("x", {"O1": [], "O2": []}, roles={"analysis": "O2", "corruption_risk": "O1"})
    assert spec.item_for_role("analysis").code == "O2"
    assert spec.item_for_role("corruption_risk").code == "O1"
    assert spec.item_for_role("progress_report") is None  # a role with no item is absent


def test_role_may_be_written_with_its_source():
    spec = tiny("x", {"O1": []}, roles={"analysis": {"item": "O1", "source": "หน้าเว็บ"}})
    assert spec.roles == {"analysis": "O1"}


def test_unknown_role_name_is_a_key_error():
    with pytest.raises(KeyError):
        tiny("x", {"O1": []}).item_for_role("analysys")


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"analysis": "O9"}, "บทบาท analysis อ้างข้อ O9 ซึ่งไม่ใช่ข้อ OIT ของกรอบนี้"),
        ({"analysis": "I1"}, "บทบาท analysis อ้างข้อ I1 ซึ่งไม่ใช่ข้อ OIT"),
        ({"analysis": ""}, "อ้างข้อ (ว่าง)"),
        ({"analysys": "O1"}, "บทบาท analysys ไม่รู้จัก"),
    ],
)
def test_loader_refuses_a_role_naming_no_oit_item(roles, message):
    with pytest.raises(FrameworkError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tiny("x", {"O1": []}, roles=roles)


ROLES_BY_FRAMEWORK = {
    "ita-2562": {
        "analysis": "O42", "measures": "O42", "progress_report": "O43",
        "corruption_risk": "O36", "corruption_risk_measures": "O37",
        "anti_corruption_plan": "O39", "anti_corruption_report": "O41",
    },
    "ita-2566": {
        "analysis": "O42", "measures": "O42", "progress_report": "O43",
        "corruption_risk": "O34", "corruption_risk_measures": "O35",
        "anti_corruption_plan": "O36", "anti_corruption_report": "O38",
    },
    # no successor of O42/O43 in the FY 2568 list: those roles are absent
    "ita-2568": {
        "corruption_risk": "O23", "corruption_risk_measures": "O24",
        "anti_corruption_plan": "O25", "anti_corruption_report": "O26",
    },
    "ita-2569": {
        "analysis": "O25", "measures": "O25", "progress_report": "O26",
        "corruption_risk": "O21", "corruption_risk_measures": "O22",
        "anti_corruption_plan": "O23", "anti_corruption_report": "O24",
    },
}  # fmt: skip


@pytest.mark.parametrize("code", ROLES_BY_FRAMEWORK)
def test_roles_of_each_framework(code):
    spec = next(s for s in all_specs() if s.code == code)
    expected = ROLES_BY_FRAMEWORK[code]
    assert {
        role: (item.code if (item := spec.item_for_role(role)) else None) for role in ROLES
    } == {role: expected.get(role) for role in ROLES}


def test_the_analysis_item_by_year():
    assert [
        getattr(spec_for_year(year).item_for_role("analysis"), "code", None)
        for year in (2565, 2566, 2567, 2568, 2569)
    ] == ["O42", "O42", "O42", None, "O25"]


# ---------------------------------------------------------------- maps_to and succeeds


def test_maps_to_must_name_framework_and_code():
    with pytest.raises(FrameworkError, match="ต้องเขียนเป็น รหัสกรอบ:รหัสข้อ"):
        tiny("new", {"O1": ["O1"]})


def test_links_to_existing_items_are_valid():
    new = tiny("new", {"O1": ["old:O1", "old:O2"]}, succeeds="old")
    assert validate_links([OLD, new]) == []


@pytest.mark.parametrize(
    ("refs", "succeeds", "message"),
    [
        (["old:O9"], "old", "กรอบ new ข้อ O1: maps_to อ้างข้อ O9 ที่ไม่มีในกรอบ old"),
        (["gone:O1"], "old", "กรอบ new ข้อ O1: maps_to อ้างกรอบ gone ที่ไม่มี"),
        (["old:O1"], "gone", "กรอบ new: succeeds อ้างกรอบ gone ที่ไม่มี"),
    ],
)
def test_links_to_missing_items_or_frameworks_are_refused(refs, succeeds, message):
    new = tiny("new", {"O1": refs}, succeeds=succeeds)
    assert validate_links([OLD, new]) == [message]
    with pytest.raises(FrameworkError, match=message):
        check_links([OLD, new])


def test_every_maps_to_of_the_real_files_names_an_existing_item():
    specs = all_specs()
    assert validate_links(specs) == []
    by_code = {spec.code: spec for spec in specs}
    for spec in specs:
        for item in spec.items:
            for ref in item.maps_to:
                framework, _, code = ref.partition(":")
                assert code in {i.code for i in by_code[framework].items}, (spec.code, item.code)


def test_each_framework_succeeds_the_one_before():
    assert [(s.code, s.succeeds) for s in all_specs()] == [
        ("ita-2562", ""),
        ("ita-2566", "ita-2562"),
        ("ita-2568", "ita-2566"),
        ("ita-2569", "ita-2568"),
    ]


# ---------------------------------------------------------------- item_changes


def test_item_changes_table():
    new = tiny(
        "new",
        {
            "O1": ["old:O1"],  # same code
            "O2": ["old:O3"],  # one earlier item, another code
            "O3": ["old:O4", "old:O5"],  # several earlier items
            "O4": ["old:O2"],  # old O2 continues in O4 and O5
            "O5": ["old:O2"],
            "O6": [],
            "O7": ["other:O1"],  # links to another framework do not count
        },
    )
    assert item_changes(new, OLD) == {
        "I1": NEW,
        "O1": CARRIED_OVER,
        "O2": RENUMBERED,
        "O3": MERGED,
        "O4": SPLIT,
        "O5": SPLIT,
        "O6": NEW,
        "O7": NEW,
    }


def test_dropped_items():
    new = tiny("new", {"O1": ["old:O1"], "O2": ["old:O3", "old:O4"]})
    assert dropped_items(new, OLD) == ["O2", "O5"]


def _pair(code):
    spec = next(s for s in all_specs() if s.code == code)
    return spec, predecessor(spec)


def test_the_first_framework_has_no_predecessor():
    assert predecessor(spec_for_year(2562)) is None
    assert predecessor(spec_for_year(2569)).code == "ita-2568"


def test_changes_2568_against_2566():
    spec, previous = _pair("ita-2568")
    changes = item_changes(spec, previous)
    merged = {c for c, v in changes.items() if v == MERGED}
    new = {c for c, v in changes.items() if v == NEW}
    assert merged == {"O1", "O12", "O16", "O21"}
    assert new == {"O6", "O7", "O22", "O23"}  # O6/O7: titles unknown
    assert changes["O2"] == CARRIED_OVER and changes["O3"] == RENUMBERED
    assert {"O42", "O43"} <= set(dropped_items(spec, previous))
    assert all(changes[f"I{n}"] == CARRIED_OVER for n in range(1, 31))


def test_changes_2569_against_2568():
    spec, previous = _pair("ita-2569")
    changes = item_changes(spec, previous)
    assert changes["O20"] == MERGED  # No Gift + gifts received
    assert changes["O25"] == NEW and changes["O26"] == NEW  # O42/O43 successors, not in 2568
    assert changes["O11"] == RENUMBERED  # 2568 O12
    assert "ita-2566:O42" in spec.item("O25").maps_to
    assert "ita-2566:O43" in spec.item("O26").maps_to


def test_changes_2566_against_2562():
    spec, previous = _pair("ita-2566")
    changes = item_changes(spec, previous)
    assert {c for c, v in changes.items() if v == NEW and c.startswith("O")} == {
        "O10", "O31", "O32", "O33", "O39", "O40", "O41",
    }  # fmt: skip
    assert changes["O42"] == CARRIED_OVER and changes["O34"] == RENUMBERED
    assert dropped_items(spec, previous) == ["O32", "O34", "O35", "O38"]
