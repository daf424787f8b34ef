"""Data for the integration tests, written through the project's own actions into the database
of DATABASE_URL (a subprocess: the test's own database, not pytest's). Prints JSON.

    python -m ita.ops.tests.helpers.seed batch 20 http://127.0.0.1:PORT   # agencies for an O42
    python -m ita.ops.tests.helpers.seed survey 6 400                     # IIT waves and slips
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal

import django

PASSWORD = "integration-test-pw-1"
SEED_002 = "86.07 76.72 76.57 75.54 72.00 79.63 73.30 70.22 90.00 37.50"


def reference():
    from ita.agencies.models import District, Province
    from ita.agencies.reference import load_provinces
    from ita.frameworks.actions import load_frameworks

    load_provinces(Province, District)
    load_frameworks()
    return Province.objects.get(name="มุกดาหาร")


def coordinator(province):
    from django.contrib.auth import get_user_model

    from ita.agencies.models import Membership, Role

    user = get_user_model().objects.create_user("coordinator", password=PASSWORD)
    Membership.objects.create(user=user, role=Role.PROVINCE_COORDINATOR, province=province)
    return user


def officer(agency):
    """The agency's ITA officer (no password: only the coordinator signs in over HTTP)."""
    from django.contrib.auth import get_user_model

    from ita.agencies.models import Membership, Role

    user = get_user_model().objects.create_user(f"officer-{agency.code}")
    Membership.objects.create(user=user, role=Role.OFFICER, agency=agency)
    return user


def plan(agency, user) -> None:
    """FY 2564–2565 results and a FY 2565 analysis with three measures: what an O42 is made of,
    written by the same actions the pages use (as bench/documents.py does)."""
    from ita.assessments.actions import record_result
    from ita.improvement import actions
    from ita.improvement.library import library

    shift = Decimal(agency.pk % 97) / 10  # charts differ per agency: none drawn once, reused
    scores = {n: min(Decimal(v) + shift, Decimal(100)) for n, v in enumerate(SEED_002.split(), 1)}
    record_result(acting_user=user, agency=agency, fiscal_year=2564,
                  indicator_scores={n: Decimal("88") for n in range(1, 11)})  # fmt: skip
    record_result(acting_user=user, agency=agency, fiscal_year=2565, indicator_scores=scores)
    division = agency.divisions.create(name="สำนักปลัด")
    analysis = actions.start_analysis(acting_user=user, agency=agency, fiscal_year=2565)
    analysis = actions.update_analysis(
        acting_user=user, analysis=analysis, findings={},
        texts={"overview": "หน่วยงานวิเคราะห์ผลแล้วพบว่าตัวชี้วัดที่ 10 ต่ำที่สุด",
               "improvement_issues": "การสื่อสารและการเปิดเผยข้อมูล"},
    )  # fmt: skip
    for suggestion in library()[:3]:
        actions.save_measure(acting_user=user, analysis=analysis, data=actions.MeasureInput(
            title=suggestion.title, steps=suggestion.steps, period="ต.ค. 2565 – ก.ย. 2566",
            monitoring=suggestion.monitoring, division_ids=[division.pk],
            indicators=suggestion.indicators, items=suggestion.items.get("ita-2562", ()),
        ))  # fmt: skip


def batch(count: int, site: str) -> dict:
    """`count` agencies of one province ready for an O42 batch, their coordinator, and one OIT
    item whose evidence links point at the local test site (for a link check)."""
    from ita.agencies.models import Agency, AgencyType
    from ita.disclosure import actions as disclosure

    province = reference()
    user = coordinator(province)
    agencies = [
        Agency.objects.create(
            code=f"D-{n:03d}",
            name=f"องค์การบริหารส่วนตำบลทดสอบระบบงานเบื้องหลังที่ {n}",
            agency_type=AgencyType.SAO,
            province=province,
            website=site,
        )
        for n in range(1, count + 1)
    ]
    officers = [officer(agency) for agency in agencies]  # the actions ask who plans
    for agency, planner in zip(agencies, officers, strict=True):
        plan(agency, planner)
    year = disclosure.open_year(acting_user=officers[0], agency=agencies[0], fiscal_year=2566)
    item = year.items.get(item__code="O1")
    urls = [f"{site}/slow/300/o1-{n}" for n in range(4)]
    disclosure.add_evidence(acting_user=officers[0], item=item, urls=urls)
    return {"agencies": [a.pk for a in agencies], "codes": [a.code for a in agencies],
            "item": item.pk, "links": len(urls), "username": user.username,
            "password": PASSWORD}  # fmt: skip


def survey(waves: int, slips: int) -> dict:
    """`waves` open IIT waves with `slips` slips each (as bench/survey_load.py prepares them)."""
    from django.utils import timezone

    from ita.agencies.models import Agency, AgencyType
    from ita.surveys import actions
    from ita.surveys.queries import questionnaire_of

    province = reference()
    today = timezone.localdate()
    out = []
    for n in range(waves):
        agency = Agency.objects.create(
            code=f"S-{n:03d}", name=f"หน่วยงานทดสอบฐานข้อมูลเริ่มใหม่ {n + 1}",
            agency_type=AgencyType.SAO, province=province,
        )  # fmt: skip
        manager = officer(agency)
        wave = actions.open_wave(
            acting_user=manager, agency=agency, fiscal_year=2567, tool="IIT", population=slips,
            starts_on=today, ends_on=today + dt.timedelta(days=30),
        )  # fmt: skip
        tokens = actions.issue_slips(acting_user=manager, wave=wave, count=slips)
        out.append({"id": wave.pk, "code": wave.public_code, "slips": tokens})
    q = questionnaire_of(wave.framework_id, wave.tool)
    fields = {sub.field: len(x.options) for x in q.questions for sub in x.subs}
    return {"waves": out, "fields": fields}  # field → number of options


def main(argv: list[str]) -> None:
    django.setup()
    what, *args = argv
    if what == "batch":
        result = batch(int(args[0]), args[1])
    elif what == "survey":
        result = survey(int(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown: {what}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
