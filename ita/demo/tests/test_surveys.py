"""The demo survey waves as ita_demo builds them: answered through the public form's action,
scored on closing, shown only to the agency's own people, and written once."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from ita.audit.models import AuditEvent
from ita.surveys.models import Campaign, IitToken, Response, Tool, Wave, WaveScore, WaveStatus
from ita.surveys.rules import PRIVACY_THRESHOLD

pytestmark = pytest.mark.django_db

TOWN = "เทศบาลเมืองแม่ฮ่องสอน"
YEAR = 2567


def counts() -> dict[str, int]:
    models = (Wave, Response, IitToken, WaveScore, Campaign, AuditEvent)
    return {m.__name__: m.objects.count() for m in models}


def town_wave(tool: str) -> Wave:
    return Wave.objects.get(agency__name=TOWN, fiscal_year=YEAR, tool=tool, campaign=None)


def test_demo_builds_the_town_waves_once(client):
    call_command("ita_demo", stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}

    # IIT: closed, every answer spent one of the wave's slips, indicators 1–5 scored
    iit = town_wave(Tool.IIT)
    assert iit.status == WaveStatus.CLOSED and iit.opened_by == users["officer"]
    assert (iit.population, iit.tokens_issued) == (120, 120)
    assert iit.responses.count() == 45 == 120 - IitToken.objects.filter(wave=iit).count()
    assert not iit.pending.exists()  # closing took every waiting answer in
    scores = {s.indicator: s.score for s in iit.scores.all()}
    assert set(scores) == {1, 2, 3, 4, 5}
    assert all(0 < s < 100 for s in scores.values())
    assert 0 < iit.tool_score < 100

    # EIT: open and accepting today, short of its minimum, with comments past the threshold
    eit = town_wave(Tool.EIT)
    assert eit.accepting() and not eit.scores.exists()
    assert eit.responses.count() + eit.pending.count() == 60
    assert eit.responses.count() >= PRIVACY_THRESHOLD
    assert eit.min_responses > 60  # the progress bar is not full
    comments = eit.responses.exclude(comment="").values_list("comment", flat=True)
    assert len(comments) >= 8

    # the province campaign: every other agency of the province, opened by its coordinator
    campaign = Campaign.objects.get(province__name="แม่ฮ่องสอน", fiscal_year=YEAR)
    assert campaign.created_by == users["province_mhs"]
    assert campaign.waves.count() == 84 and not campaign.waves.filter(agency__name=TOWN).exists()
    assert Response.objects.filter(wave__campaign=campaign).count() < 30

    # the officer sees both waves; the IIT one beside the official 2567 result
    client.force_login(users["officer"])
    page = client.get(reverse("surveys:wave_detail", args=[iit.pk]))
    assert page.status_code == 200
    rows = page.context["comparison"]["rows"]
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert all(r.official is not None for r in rows)
    page = client.get(reverse("surveys:wave_detail", args=[eit.pk]))
    assert page.status_code == 200
    assert page.context["progress"].count == eit.responses.count()
    assert not page.context["progress"].reached
    assert comments[0] in page.content.decode()
    assert page.context["items"]  # per-item figures past the privacy threshold

    # an officer of another agency sees neither
    client.force_login(users["officer_mdh"])
    for wave in (iit, eit):
        assert client.get(reverse("surveys:wave_detail", args=[wave.pk])).status_code == 404

    # a second run writes nothing, not even an audit event
    before = counts()
    out = StringIO()
    call_command("ita_demo", "--json", stdout=out)
    assert counts() == before
    surveys = json.loads(out.getvalue())["surveys"]
    assert surveys["responses"] == before["Response"] and surveys["campaigns"] == 1
