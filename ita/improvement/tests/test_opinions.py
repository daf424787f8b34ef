"""Issue 11 finding 2: the approval memo's opinion chain, recorded in the approval flow with who
and when, required before the executive decides, withdrawn when the plan goes back, frozen with
the approved version; the approval dated from the approval action itself."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ita.agencies.chains import chain_for
from ita.agencies.models import AgencyType, OpinionStep
from ita.audit.models import AuditEvent
from ita.documents.builders import build_memo, build_version
from ita.documents.content import Kind, OpinionChain
from ita.improvement import actions
from ita.improvement.models import Opinion, PlanStatus
from ita.improvement.tests.fixtures import give_chain, measure_input

pytestmark = pytest.mark.django_db


def bangkok(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def submitted(world, analysis):
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    return actions.submit_plan(acting_user=world.officer, analysis=analysis)


def opinions_of(document) -> list:
    (chain,) = [b for b in document.blocks if isinstance(b, OpinionChain)]
    return list(chain.opinions)


def test_chain_per_agency_type_from_the_data_file(world):
    # the own agency is a เทศบาลเมือง; the foreign one an อบจ.; an องค์การมหาชน gets the default
    assert [(s.title, s.role) for s in chain_for(world.own)] == [
        ("หัวหน้าสำนักปลัดเทศบาล", "division_head"),
        ("ปลัดเทศบาลเมืองทดสอบ", "executive"),
    ]
    assert [s.title for s in chain_for(world.foreign)] == ["ผู้อำนวยการกอง", "ปลัดอบจ.ต่างจังหวัด"]
    world.neighbour.agency_type = AgencyType.PUBLIC_ORGANIZATION
    assert [s.role for s in chain_for(world.neighbour)] == ["division_head"]


def test_admin_rows_replace_a_types_chain_and_an_agency_overrides_its_type(world):
    OpinionStep.objects.create(agency_type=AgencyType.TOWN_MUNICIPALITY, order=1,
                               title="รองปลัด{agency}", role="executive")  # fmt: skip
    assert [s.title for s in chain_for(world.own)] == ["รองปลัดเทศบาลเมืองทดสอบ"]
    OpinionStep.objects.create(agency=world.own, order=1, title="ผู้อำนวยการกองคลัง",
                               role="division_head")  # fmt: skip
    OpinionStep.objects.create(agency=world.own, order=2, title="ปลัด", role="executive")
    assert [s.title for s in chain_for(world.own)] == ["ผู้อำนวยการกองคลัง", "ปลัด"]
    assert len(chain_for(world.foreign)) == 2  # other types keep the data file's


def test_opinions_in_order_by_role_with_who_and_when_audited(world, submitted):
    with pytest.raises(actions.PlanError, match="หัวหน้าสำนักปลัดเทศบาล"):
        actions.give_opinion(acting_user=world.executive, analysis=submitted, text="เห็นควร")
    first = actions.give_opinion(
        acting_user=world.division_head, analysis=submitted, text="เห็นควรอนุมัติ",
        name="นางสาวหัวหน้า สำนักปลัด", at=bangkok(2022, 11, 16, 10),
    )  # fmt: skip
    assert (first.step, first.title, first.given_by) == (
        1,
        "หัวหน้าสำนักปลัดเทศบาล",
        world.division_head,
    )
    with pytest.raises(actions.PlanError, match="ปลัดเทศบาลเมืองทดสอบ"):
        actions.give_opinion(acting_user=world.division_head, analysis=submitted, text="ซ้ำ")
    second = actions.give_opinion(acting_user=world.executive, analysis=submitted, text="เห็นชอบ")
    assert second.name == world.executive.get_username() and second.step == 2
    with pytest.raises(actions.PlanError, match="ครบ"):
        actions.give_opinion(acting_user=world.national, analysis=submitted, text="เกิน")
    events = AuditEvent.objects.filter(action="plan.opinion_given").order_by("pk")
    assert [e.after["step"] for e in events] == [1, 2]
    assert events[0].actor == world.division_head and events[0].agency == world.own
    assert events[0].after["given_at"].startswith("2022-11-16T10:00")


def test_the_wrong_role_is_refused_by_the_page_and_nothing_is_written(client, world, submitted):
    url = reverse("improvement:opinion_give", args=[submitted.pk])
    for user in (world.officer, world.executive, world.foreign_officer, world.assessor):
        client.force_login(user)
        assert client.post(url, {"text": "เห็นควรอนุมัติ"}).status_code == 404, user
    assert not Opinion.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.opinion_given").exists()
    client.force_login(world.division_head)
    assert client.post(url, {"text": "เห็นควรอนุมัติ"}).status_code == 302
    assert Opinion.objects.get().given_by == world.division_head
    # empty text: a Thai message, nothing written
    client.force_login(world.executive)
    response = client.post(url, {"text": "  "}, follow=True)
    assert "กรุณาระบุความเห็น" in response.content.decode()
    assert Opinion.objects.count() == 1


def test_approval_needs_the_chain_and_a_return_withdraws_it(world, submitted):
    actions.give_opinion(acting_user=world.division_head, analysis=submitted, text="เห็นควร")
    with pytest.raises(actions.PlanError, match="ยังไม่มีความเห็นของปลัดเทศบาลเมืองทดสอบ"):
        actions.approve_plan(acting_user=world.executive, analysis=submitted)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
    # Sent back: the opinions were on the text as submitted, so they are withdrawn (kept)
    actions.return_plan(acting_user=world.executive, analysis=submitted, reason="แก้มาตรการ")
    assert Opinion.objects.filter(withdrawn_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="plan.opinions_withdrawn").exists()
    actions.submit_plan(acting_user=world.officer, analysis=submitted)
    assert actions.next_step(submitted).order == 1  # collected again
    give_chain(world, submitted)
    actions.approve_plan(acting_user=world.executive, analysis=submitted)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED


def test_a_plan_approved_in_2565_is_dated_then_ticked_with_its_opinions(world, submitted):
    give_chain(world, submitted, at=bangkok(2022, 11, 16, 10))
    actions.approve_plan(
        acting_user=world.executive, analysis=submitted, decided_at=bangkok(2022, 11, 18, 14)
    )
    submitted.refresh_from_db()
    memo = build_memo(submitted)
    *chain, decision = opinions_of(memo)
    assert [o.heading for o in chain] == [
        "ความเห็นของหัวหน้าสำนักปลัดเทศบาล",
        "ความเห็นของปลัดเทศบาลเมืองทดสอบ",
    ]
    assert all(o.signature.date == dt.date(2022, 11, 16) for o in chain)
    assert decision.chosen == "อนุมัติ" and decision.marks()[0] == "(✓) อนุมัติ"
    assert decision.signature.date == dt.date(2022, 11, 18)  # not today
    assert "เมื่อ" not in decision.text


def test_an_approved_memo_does_not_change_with_the_chain_or_the_garuda(world, submitted):
    from ita.agencies.garuda import upload_garuda

    give_chain(world, submitted)
    actions.approve_plan(acting_user=world.executive, analysis=submitted)
    submitted.refresh_from_db()
    version = submitted.versions.get()
    before = build_version(version, Kind.MEMO)
    assert before == build_memo(submitted)
    OpinionStep.objects.create(agency=world.own, order=1, title="ผู้ตรวจ", role="division_head")
    upload_garuda(acting_user=world.officer, agency=world.own, data=_png("red"))
    upload_garuda(acting_user=world.national, agency=None, data=_png("blue"))
    assert build_version(version, Kind.MEMO) == before
    assert build_memo(submitted) == before
    # the live record (a revision's draft) follows the new chain and image
    draft = build_memo(actions.start_revision(acting_user=world.officer, analysis=submitted))
    assert opinions_of(draft)[0].heading == "ความเห็นของผู้ตรวจ"
    assert draft.blocks[0].garuda != before.blocks[0].garuda


def test_the_demo_dates_its_approvals_in_their_years(db):
    from django.core.management import call_command

    from ita.improvement.models import Analysis

    call_command("ita_demo", stdout=io.StringIO())
    mdh = Analysis.objects.get(agency__name="องค์การบริหารส่วนจังหวัดมุกดาหาร", fiscal_year=2565)
    assert timezone.localdate(mdh.decided_at) == dt.date(2022, 11, 18)
    assert mdh.versions.get().approved_at == mdh.decided_at
    *chain, decision = opinions_of(build_memo(mdh))
    assert [o.signature.name for o in chain] == ["นายสุรชัย พรหมวงศ์", "นายอภิชาติ ศรีสุข"]
    assert [o.signature.date for o in chain] == [dt.date(2022, 11, 16), dt.date(2022, 11, 17)]
    assert decision.signature.date == dt.date(2022, 11, 18) and decision.chosen == "อนุมัติ"
    for analysis in Analysis.objects.filter(status=PlanStatus.APPROVED):
        decided = timezone.localdate(analysis.decided_at)
        assert decided.year + 543 <= analysis.implementation_year, analysis  # never today


def _png(color: str) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (90, 100), color).save(out, "PNG")
    return out.getvalue()
