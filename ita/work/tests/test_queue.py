"""The assessor's queue: OIT items ready for review (or answered after a rejection) across the
agencies the assessor is assigned to, grouped by agency, with counts, paginated; a third
agency's items never appear."""

from itertools import groupby

from django.urls import reverse

from ita.disclosure import actions as disclosure
from ita.work import queries
from ita.work.tests.conftest import ready_items


def test_ready_items_of_both_assigned_agencies_and_not_a_third(
    client, world, assessor_of_two, third
):
    ready_items(world, world.own, 3)
    ready_items(world, world.neighbour, 2)
    ready_items(world, third, 4)
    ready_items(world, world.foreign, 1)
    client.force_login(assessor_of_two)
    response = client.get(reverse("work:queue"))
    assert response.status_code == 200
    counts = {c.agency.name: c.ready for c in response.context["counts"]}
    assert counts == {"เทศบาลเมืองทดสอบ": 3, "อบต.ข้างเคียง": 2}
    listed = [i.year.agency.name for i in response.context["page"]]
    groups = [(name, len(list(run))) for name, run in groupby(listed)]  # in the name order
    assert sorted(groups) == [("อบต.ข้างเคียง", 2), ("เทศบาลเมืองทดสอบ", 3)]  # of the database
    html = response.content.decode()
    assert "อบต.ที่สาม" not in html and "อบจ.ต่างจังหวัด" not in html
    assert html.count('data-testid="queue-item"') == 5


def test_reviewed_items_leave_and_answered_ones_come_back_marked(client, world, assessor_of_two):
    first, second = ready_items(world, world.own, 2)
    disclosure.review_item(acting_user=assessor_of_two, item=first, accepted=True)
    disclosure.review_item(acting_user=assessor_of_two, item=second, accepted=False, comment="x")
    client.force_login(assessor_of_two)
    assert list(client.get(reverse("work:queue")).context["page"]) == []
    disclosure.answer_review(acting_user=world.officer, item=second, reply="แก้แล้ว")
    response = client.get(reverse("work:queue"))
    (item,) = response.context["page"]
    assert item.pk == second.pk and item.answered
    own = next(c for c in response.context["counts"] if c.agency == world.own)
    assert (own.ready, own.answered) == (1, 1)
    assert "ชี้แจงแล้ว รอตรวจรอบสุดท้าย" in response.content.decode()


def test_the_queue_is_paginated(client, world, assessor_of_two, monkeypatch):
    monkeypatch.setattr(queries, "QUEUE_PAGE", 4)
    ready_items(world, world.own, 6)
    client.force_login(assessor_of_two)
    first = client.get(reverse("work:queue"))
    second = client.get(reverse("work:queue"), {"page": 2})
    assert (len(first.context["page"]), len(second.context["page"])) == (4, 2)
    own = next(c for c in first.context["counts"] if c.agency == world.own)
    assert own.ready == 6  # counts are of every page
    assert client.get(reverse("work:queue"), {"page": "x"}).status_code == 200


def test_the_queue_is_404_for_others(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("work:queue")).status_code == 404


def test_query_budget_does_not_grow_with_the_items(
    client, world, assessor_of_two, django_assert_max_num_queries
):
    ready_items(world, world.own, 2)
    client.force_login(assessor_of_two)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("work:queue"))
    ready_items(world, world.neighbour, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("work:queue"))
    assert len(response.context["page"]) == 32
