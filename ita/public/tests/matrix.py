"""The permission matrix's world for the public pages (tests_access/test_permission_matrix):
everything of the own agency that can be published, published by its officer."""

from __future__ import annotations

PUBLISHED = (
    ("result", 2565, {}),
    ("o42", 2565, {}),
    ("memo", 2565, {}),
    ("o43", 2565, {"round_month": 6}),
    ("disclosure", 2566, {}),
)


def publish_all(o) -> None:
    from ita.public import actions

    assert o.progress_evidence  # the approved FY 2565 plan and a 6-month progress report
    assert o.year  # the FY 2566 OIT checklist
    for kind, year, extra in PUBLISHED:
        actions.publish(
            acting_user=o.w.officer, agency=o.w.own, kind=kind, fiscal_year=year, **extra
        )


def code(o, persona) -> list:
    return [o.w.own.code]
