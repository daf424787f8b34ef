"""The executive's approval inbox: every submitted plan of the agencies where the user is
executive (and the opinions the user must give), oldest first; not drafts, not another
agency's."""

import datetime as dt

from django.urls import reverse

from ita.agencies.models import Membership, Role
from ita.improvement import actions as improvement
from ita.work.tests.conftest import LONG_AGO, plan


def rows(response):
    return [(r.analysis.agency.name, r.analysis.fiscal_year) for r in response.context["rows"]]


def test_submitted_plans_of_own_agencies_only_oldest_first(client, world):
    Membership.objects.create(user=world.executive, role=Role.EXECUTIVE, agency=world.neighbour)
    plan(world, world.own, 2566, at=LONG_AGO + dt.timedelta(days=3))
    plan(world, world.neighbour, 2566, at=LONG_AGO)  # older
    plan(world, world.own, 2565, submit=False)  # a draft
    plan(world, world.foreign, 2566, at=LONG_AGO - dt.timedelta(days=9))  # another agency's
    client.force_login(world.executive)
    response = client.get(reverse("work:inbox"))
    assert response.status_code == 200
    assert rows(response) == [("อบต.ข้างเคียง", 2566), ("เทศบาลเมืองทดสอบ", 2566)]
    html = response.content.decode()
    assert "อบจ.ต่างจังหวัด" not in html
    assert reverse("improvement:analysis", args=[response.context["rows"][0].analysis.pk]) in html


def test_the_next_opinion_is_shown_and_marked_as_whose_turn(client, world):
    analysis = plan(world, world.own, 2566)
    client.force_login(world.executive)
    (row,) = client.get(reverse("work:inbox")).context["rows"]
    # a เทศบาลเมือง's chain: the division head first, then the ปลัด (an executive)
    assert (row.step.role, row.yours) == ("division_head", False)
    client.force_login(world.division_head)
    (row,) = client.get(reverse("work:inbox")).context["rows"]
    assert (row.step.role, row.yours) == ("division_head", True)
    assert "ให้ความเห็น" in client.get(reverse("work:inbox")).content.decode()
    improvement.give_opinion(acting_user=world.division_head, analysis=analysis, text="ควร")
    # past the division head's step the plan leaves their inbox, the executive's is theirs
    assert client.get(reverse("work:inbox")).context["rows"] == []
    client.force_login(world.executive)
    (row,) = client.get(reverse("work:inbox")).context["rows"]
    assert (row.step.role, row.yours) == ("executive", True)
    improvement.give_opinion(acting_user=world.executive, analysis=analysis, text="ควร")
    (row,) = client.get(reverse("work:inbox")).context["rows"]
    assert (row.step, row.yours, row.waiting_for) == (None, True, "การพิจารณาอนุมัติของผู้บริหาร")
    assert "พิจารณาอนุมัติ" in client.get(reverse("work:inbox")).content.decode()


def test_approved_and_returned_plans_leave_the_inbox(client, world):
    analysis = plan(world, world.own, 2566)
    improvement.return_plan(acting_user=world.executive, analysis=analysis, reason="แก้ไข")
    client.force_login(world.executive)
    assert client.get(reverse("work:inbox")).context["rows"] == []


def test_the_inbox_is_404_without_the_role(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("work:inbox")).status_code == 404


def test_query_budget_does_not_grow_with_the_plans(client, world, django_assert_max_num_queries):
    plan(world, world.own, 2566)
    client.force_login(world.executive)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("work:inbox"))
    for year in (2562, 2563, 2564, 2565):
        plan(world, world.own, year)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("work:inbox"))
    assert len(response.context["rows"]) == 5
