"""The demo's oversight work (seed 000): the two committee orders, the briefing, the rehearsal, a
follow-up meeting in each of the 7 districts and the ITA clinic, with follow-ups to the local
governments lowest on indicator 10 in FY 2562, some answered; a second run writes nothing."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from ita.agencies.models import Agency, AgencyType
from ita.assessments.models import IndicatorScore
from ita.audit.models import AuditEvent
from ita.demo.agencies import MHS_TOWN
from ita.demo.oversight import build_oversight_demo
from ita.oversight.followups import followup_log, open_followups_for_agency
from ita.oversight.models import Committee, FollowUp, FollowUpStatus, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_logs_seed_000s_meetings_and_follow_ups(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("ita_demo", "--json", stdout=out)
    report = json.loads(out.getvalue())["oversight"]
    (province,) = {c.province for c in Committee.objects.all()}
    assert province.name == "แม่ฮ่องสอน" and Committee.objects.count() == 2
    follow = Committee.objects.get(number="DEMO-2/2563")
    assert follow.lead_agency.name == "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดแม่ฮ่องสอน"
    roles = list(follow.members.values_list("role", flat=True))
    assert roles[0] == "chair" and {"secretary", "assistant"} <= set(roles)

    log = followup_log(province, 2563)
    assert [e.kind for e in log].count("follow_up") == 7
    assert len({e.district for e in log if e.kind == "follow_up"}) == 7
    assert "clinic" in {e.kind for e in log} and len(followup_log(province, 2562)) == 1
    # the follow-ups of a district go to its local governments lowest on indicator 10 in 2562
    pai = next(e for e in log if e.district == "อำเภอปาย")
    lowest = (
        IndicatorScore.objects.filter(
            assessment__agency__district__name="ปาย", assessment__fiscal_year=2562,
            assessment__agency__agency_type__in=AgencyType.local_government(),
            indicator__number=10,
        ).order_by("score", "assessment__agency__code")
        .values_list("assessment__agency__name", flat=True)[:2]
    )  # fmt: skip
    assert {f.agency for f in pai.followups} == set(lowest)

    statuses = set(FollowUp.objects.values_list("status", flat=True))
    assert statuses == set(FollowUpStatus.values)
    town = Agency.objects.get(code=MHS_TOWN.code)
    assert open_followups_for_agency(town).filter(status=FollowUpStatus.ANSWERED).exists()
    assert report["meetings"] == Meeting.objects.count() == 10
    assert report["answered"] == FollowUp.objects.exclude(status="open").count()

    # a second run writes nothing (called directly: a whole second ita_demo costs half a minute)
    before = AuditEvent.objects.count(), Meeting.objects.count(), FollowUp.objects.count()
    users = {u.username: u for u in User.objects.all()}
    assert build_oversight_demo(users["admin"], users)["written"] == 0
    assert (AuditEvent.objects.count(), Meeting.objects.count(), FollowUp.objects.count()) == before
