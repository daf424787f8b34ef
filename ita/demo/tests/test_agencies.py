import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Avg

from ita.agencies.models import Agency, AgencyType, Membership, Role
from ita.assessments.models import Assessment, IndicatorScore
from ita.audit.models import AuditEvent
from ita.demo.agencies import DEMO_PASSWORD, USERS

MHS = "แม่ฮ่องสอน"


def result(name: str, year: int) -> Assessment:
    return Assessment.objects.get(agency__name=name, fiscal_year=year)


def counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "assessments": Assessment.objects.count(),
        "scores": IndicatorScore.objects.count(),
        "audit": AuditEvent.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
    }


@pytest.fixture
def fast_hasher(settings):
    # PBKDF2 at full strength costs ~0.5 s per login; the hasher is not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_data(db, client, fast_hasher):
    call_command("ita_demo", stdout=StringIO())

    # the synthetic province of seed 000: 35 regional offices + 50 local governments
    province = Agency.objects.filter(province__name=MHS)
    local = AgencyType.local_government()
    assert province.count() == 85
    assert province.filter(agency_type=AgencyType.REGIONAL_OFFICE).count() == 35
    assert province.filter(agency_type__in=local).count() == 50
    districts = set(province.filter(agency_type__in=local).values_list("district__name", flat=True))
    assert districts == {
        "เมืองแม่ฮ่องสอน",
        "ขุนยวม",
        "ปาย",
        "แม่สะเรียง",
        "แม่ลาน้อย",
        "สบเมย",
        "ปางมะผ้า",
    }
    assert not Agency.objects.filter(is_demo=False).exists()

    # the published figures of the seeds
    mdh_2565 = result("องค์การบริหารส่วนจังหวัดมุกดาหาร", 2565)
    assert (mdh_2565.total, mdh_2565.level_code) == (Decimal("71.03"), "C")
    mdh_2564 = result("องค์การบริหารส่วนจังหวัดมุกดาหาร", 2564)
    assert (mdh_2564.total, mdh_2564.level_code) == (Decimal("87.64"), "A")
    town_2566 = result("เทศบาลเมืองแม่ฮ่องสอน", 2566)
    assert (town_2566.total, town_2566.level_code) == (Decimal("89.55"), "PASS")
    assert {s.indicator.number: s.score for s in town_2566.scores.all()}[8] == Decimal("79.87")
    assert set(
        Assessment.objects.filter(agency__name="เทศบาลเมืองแม่ฮ่องสอน").values_list(
            "fiscal_year", flat=True
        )
    ) == set(range(2562, 2568))

    # FY 2562: local governments weak on indicators 9 and 10; province means as seed 000 says
    scores_2562 = IndicatorScore.objects.filter(
        assessment__fiscal_year=2562, assessment__agency__province__name=MHS
    )

    def means(qs):
        rows = qs.values("indicator__number").annotate(m=Avg("score"))
        return {r["indicator__number"]: Decimal(r["m"]) for r in rows}

    local_means = means(scores_2562.filter(assessment__agency__agency_type__in=local))
    assert local_means[9] < 50 and local_means[10] < 50
    all_means = means(scores_2562)
    assert round(all_means[9], 2) == Decimal("38.67")
    assert round(all_means[10], 2) == Decimal("25.89")
    assert Assessment.objects.filter(fiscal_year=2562, agency__province__name=MHS).count() == 85

    # demo users and their scopes
    head = Membership.objects.get(user__username="head_finance")
    assert (head.role, head.division.name) == (Role.DIVISION_HEAD, "กองคลัง")
    assert Membership.objects.filter(user__username="assessor", role=Role.ASSESSOR).count() == 2
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.memberships.get().role == Role.NATIONAL_ADMIN
    assert not Assessment.objects.exclude(updated_by=admin).exists()
    for spec in USERS:
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        client.logout()

    # a second run changes nothing
    before = counts()
    out = StringIO()
    call_command("ita_demo", "--json", stdout=out)
    assert counts() == before
    payload = json.loads(out.getvalue())
    assert payload["agencies"] == 86
    assert payload["results"] == Assessment.objects.count()
    assert [u["username"] for u in payload["users"]] == [u.username for u in USERS]

    # a password the user changed is kept by a later run (it is set only on creation)
    officer = get_user_model().objects.get(username="officer")
    officer.set_password("my-own-password-1")
    officer.save()
    call_command("ita_demo", stdout=StringIO())
    assert client.login(username="officer", password="my-own-password-1")
