"""One policy layer (issue 13): the actions ask the rules themselves, so a caller that forgot
its check (a new view, an API route, a script) is refused by the action, not trusted by it.

The adversary: another agency's officer reaching an action through any door. Each action is
called directly, as that officer, and must raise NotAllowed and write nothing."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from ita.audit.models import AuditEvent
from ita.lib import policy

ITA = Path(__file__).resolve().parents[1]

# Modules that take an acting_user only to pass it on: views and forms call the actions, the
# notices tell people of what an action did (after its rule).
SKIP_MODULES = {"forms", "memo_forms", "memo_views", "meeting_views", "notices", "report_views"}

# Actions that take an acting_user but need no rule, and why.
NO_RULE = {
    # an import writes every row through record_result, which asks results.record per agency;
    # these stage, check or cancel the upload and write nothing of the results themselves
    "assessments.importing.cancel_import": "writes through record_result",
    "assessments.importing.check_file": "writes through record_result",
    "assessments.importing.confirm_import": "writes through record_result",
    "assessments.importing.import_results": "writes through record_result",
    "assessments.importing.stage_import": "writes through record_result",
    "assessments.importing.validate_rows": "writes through record_result",
    "assessments.importing.write_rows": "writes through record_result",
    # the user acts on their own account only (the view passes request.user)
    "accounts.confirm_totp": "own account",
    "accounts.password_changed": "own account",
    "accounts.remove_totp": "own account",
    "accounts.start_totp": "own account",
    "api.create_token": "own account",
    "api.revoke_token": "own account",
    "notifications.mark_read": "own notifications",
    "notifications.set_preference": "own account",
    # inside approve_plan's transaction (after its rule) and the one-off migration 0003
    "improvement.freeze_version": "approve_plan's rule",
}
# Actions whose callers still decide alone (the residual of the policy layer): none.
NOT_YET: set[str] = set()


def _actions():
    """(app.function, calls require?, rule names it requires) for every public action with an
    acting_user parameter."""
    found = {}
    for path in sorted(ITA.glob("*/*.py")):
        if path.stem in SKIP_MODULES or path.stem.startswith(("views", "test")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            args = [a.arg for a in node.args.args + node.args.kwonlyargs]
            if "acting_user" not in args:
                continue
            names = [
                call.args[1].value
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and getattr(call.func, "id", getattr(call.func, "attr", ""))
                in ("require", "allows")
                and len(call.args) >= 2
                and isinstance(call.args[1], ast.Constant)
            ]
            module = (
                path.parent.name if path.stem == "actions" else f"{path.parent.name}.{path.stem}"
            )
            found[f"{module}.{node.name}"] = names
    return found


def test_every_action_asks_a_rule_or_says_why_not():
    actions = _actions()
    unchecked = {name for name, rules in actions.items() if not rules}
    assert unchecked - set(NO_RULE) - NOT_YET == set(), "actions that trust their caller"
    # an action converted since must leave the residual list (it shrinks, it never hides one)
    assert NOT_YET & {name for name, rules in actions.items() if rules} == set()
    assert set(NO_RULE) | NOT_YET <= set(actions)


def test_every_rule_an_action_asks_is_registered():
    asked = {r for rules in _actions().values() for r in rules}
    assert asked and asked <= set(policy.rules()), asked - set(policy.rules())


def test_a_rule_cannot_be_registered_twice():
    with pytest.raises(ValueError):
        policy.rule("surveys.manage")(lambda user, agency: True)


def _outsider_calls(world):
    """Each action with arguments aimed at world.own (or its province), as the foreign
    agency's officer would send them: a submitted plan with a measure, an opened OIT checklist
    with a risk, a wave with slips and a failed batch to aim at."""
    from conftest import SEED_002_2565, decimals
    from ita.agencies.garuda import upload_garuda
    from ita.assessments.actions import record_result
    from ita.assessments.recompute import recompute_results
    from ita.disclosure import actions as disclosure
    from ita.documents import actions as documents
    from ita.documents.models import BatchStatus, DocumentBatch
    from ita.frameworks import actions as frameworks
    from ita.frameworks.upload import read_upload
    from ita.improvement import actions as improvement
    from ita.improvement.tests.fixtures import measure_input
    from ita.oversight import committees, followups, meetings
    from ita.public import actions as public
    from ita.surveys import actions as surveys
    from ita.surveys.tests.conftest import open_wave

    own, officer = world.own, world.officer
    scores = decimals(SEED_002_2565)
    record_result(acting_user=officer, agency=own, fiscal_year=2565, indicator_scores=scores)
    plan = improvement.start_analysis(acting_user=officer, agency=own, fiscal_year=2565)
    measure = improvement.save_measure(
        acting_user=officer, analysis=plan, data=measure_input([world.division.pk])
    )
    improvement.submit_plan(acting_user=officer, analysis=plan)
    year = disclosure.open_year(acting_user=officer, agency=own, fiscal_year=2565)
    item = year.items.select_related("year__agency").first()
    risk = disclosure.add_risk(
        acting_user=officer,
        year=year,
        process="p",
        event="เรียกรับเงิน",
        likelihood=2,
        impact=3,
        mitigation="m",
    )
    wave = open_wave(world, "IIT", population=3)
    batch = DocumentBatch.objects.create(
        requested_by=officer, kind="o42", fiscal_year=2565, status=BatchStatus.FAILED
    )
    today = dt.date.today()
    week = today + dt.timedelta(days=7)
    coordinator, province = world.coordinator, world.province
    order = committees.save_committee(
        acting_user=coordinator,
        province=province,
        data=committees.CommitteeInput(number="1/2570", ordered_on=today, title="คณะทำงาน ITA"),
    )
    member = committees.add_member(
        acting_user=coordinator,
        committee=order,
        data=committees.MemberInput(position="ผู้ว่าราชการจังหวัด", role="chair"),
    )
    talk = meetings.MeetingInput(kind="follow_up", title="ติดตาม", held_on=today, place="ศาลากลาง")
    meeting = meetings.save_meeting(acting_user=coordinator, province=province, data=talk)
    ask = meetings.FollowUpInput(agency_id=own.pk, request="ปรับปรุง O11", due_on=week)
    followup = meetings.add_followup(acting_user=coordinator, meeting=meeting, data=ask)
    return {
        "agencies.garuda.upload_garuda": lambda u: upload_garuda(
            acting_user=u, agency=own, data=b"\x89PNG"
        ),
        "assessments.recompute.recompute_results": lambda u: recompute_results(acting_user=u),
        "oversight.committees.save_committee": lambda u: committees.save_committee(
            acting_user=u, province=province,
            data=committees.CommitteeInput(number="2/2570", ordered_on=today, title="x"),
        ),
        "oversight.committees.add_member": lambda u: committees.add_member(
            acting_user=u, committee=order,
            data=committees.MemberInput(position="ปลัดจังหวัด", role="member"),
        ),
        "oversight.committees.remove_member": lambda u: committees.remove_member(
            acting_user=u, member=member
        ),
        "oversight.meetings.save_meeting": lambda u: meetings.save_meeting(
            acting_user=u, province=province, data=talk
        ),
        "oversight.meetings.add_issue": lambda u: meetings.add_issue(
            acting_user=u, meeting=meeting, text="ประเด็น"
        ),
        "oversight.meetings.add_followup": lambda u: meetings.add_followup(
            acting_user=u, meeting=meeting, data=ask
        ),
        "oversight.meetings.edit_followup": lambda u: meetings.edit_followup(
            acting_user=u, followup=followup, data=ask
        ),
        "oversight.followups.answer_followup": lambda u: followups.answer_followup(
            acting_user=u, followup=followup, answer="ดำเนินการแล้ว"
        ),
        "oversight.followups.close_followup": lambda u: followups.close_followup(
            acting_user=u, followup=followup
        ),
        "assessments.record_result": lambda u: record_result(
            acting_user=u, agency=own, fiscal_year=2565, indicator_scores=scores
        ),
        "disclosure.open_year": lambda u: disclosure.open_year(
            acting_user=u, agency=own, fiscal_year=2566
        ),
        "disclosure.assign_item": lambda u: disclosure.assign_item(
            acting_user=u, item=item, division=None, due_date=week
        ),
        "disclosure.add_evidence": lambda u: disclosure.add_evidence(
            acting_user=u, item=item, urls=["https://own.example.go.th/oit"]
        ),
        "disclosure.take_over_evidence": lambda u: disclosure.take_over_evidence(
            acting_user=u, item=item, source_ids=[item.pk]
        ),
        "disclosure.start_link_check": lambda u: disclosure.start_link_check(
            acting_user=u, item=item
        ),
        "disclosure.mark_ready": lambda u: disclosure.mark_ready(acting_user=u, item=item),
        "disclosure.review_item": lambda u: disclosure.review_item(
            acting_user=u, item=item, accepted=True
        ),
        "disclosure.answer_review": lambda u: disclosure.answer_review(
            acting_user=u, item=item, reply="ชี้แจง"
        ),
        "disclosure.add_risk": lambda u: disclosure.add_risk(
            acting_user=u, year=year, process="p", event="รับสินบน", likelihood=1, impact=1,
            mitigation="m",
        ),
        "disclosure.delete_risk": lambda u: disclosure.delete_risk(acting_user=u, risk=risk),
        "disclosure.add_follow_up": lambda u: disclosure.add_follow_up(acting_user=u, risk=risk),
        "improvement.start_analysis": lambda u: improvement.start_analysis(
            acting_user=u, agency=own, fiscal_year=2565
        ),
        "improvement.update_analysis": lambda u: improvement.update_analysis(
            acting_user=u, analysis=plan, texts={"overview": "x"}, findings={}
        ),
        "improvement.add_comments": lambda u: improvement.add_comments(
            acting_user=u, analysis=plan, tool="IIT", texts=["x"]
        ),
        "improvement.add_recommendations": lambda u: improvement.add_recommendations(
            acting_user=u, analysis=plan, recommendations=[("O1", "x")]
        ),
        "improvement.save_measure": lambda u: improvement.save_measure(
            acting_user=u, analysis=plan, data=measure_input([world.division.pk])
        ),
        "improvement.delete_measure": lambda u: improvement.delete_measure(
            acting_user=u, measure=measure
        ),
        "improvement.submit_plan": lambda u: improvement.submit_plan(acting_user=u, analysis=plan),
        "improvement.give_opinion": lambda u: improvement.give_opinion(
            acting_user=u, analysis=plan, text="เห็นควรอนุมัติ"
        ),
        "improvement.approve_plan": lambda u: improvement.approve_plan(
            acting_user=u, analysis=plan
        ),
        "improvement.return_plan": lambda u: improvement.return_plan(
            acting_user=u, analysis=plan, reason="x"
        ),
        "improvement.start_revision": lambda u: improvement.start_revision(
            acting_user=u, analysis=plan
        ),
        "improvement.report_progress": lambda u: improvement.report_progress(
            acting_user=u, measure=measure, round_month=6,
            data=improvement.ProgressInput(status="in_progress", percent=10, actions="x"),
        ),
        "surveys.open_wave": lambda u: surveys.open_wave(
            acting_user=u, agency=own, tool="EIT", fiscal_year=2568,
            starts_on=today, ends_on=week, population=5,
        ),
        "surveys.open_province_waves": lambda u: surveys.open_province_waves(
            acting_user=u, province=world.province, tools=["EIT"], fiscal_year=2568,
            starts_on=today, ends_on=week, headcount=5,
        ),
        "surveys.set_population": lambda u: surveys.set_population(
            acting_user=u, wave=wave, population=50
        ),
        "surveys.issue_slips": lambda u: surveys.issue_slips(acting_user=u, wave=wave, count=5),
        "surveys.void_unused_slips": lambda u: surveys.void_unused_slips(acting_user=u, wave=wave),
        "surveys.close_wave": lambda u: surveys.close_wave(acting_user=u, wave=wave),
        "documents.start_batch": lambda u: documents.start_batch(
            acting_user=u, kind="o42", fiscal_year=2565, agencies=[own], output_format="pdf"
        ),
        "documents.resume_batch": lambda u: documents.resume_batch(acting_user=u, batch=batch),
        "public.publish": lambda u: public.publish(
            acting_user=u, agency=own, kind="result", fiscal_year=2565
        ),
        "public.unpublish": lambda u: public.unpublish(
            acting_user=u, agency=own, kind="result", fiscal_year=2565
        ),
        "frameworks.load_upload": lambda u: frameworks.load_upload(
            acting_user=u, upload=read_upload("x.yaml", b"code: X\n")
        ),
    }  # fmt: skip


# give_opinion refuses with the chain's own Thai message ("the next opinion is the ปลัด's")
REFUSED_WITH = {"improvement.give_opinion": "PlanError"}


def _counts():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_another_agencys_officer_is_refused_by_every_converted_action(world):
    calls = _outsider_calls(world)
    converted = {name for name, rules in _actions().items() if rules}
    assert set(calls) == converted - set(NO_RULE), "each action with a rule is tried here"
    before, events = _counts(), AuditEvent.objects.count()
    for name, call in calls.items():
        with pytest.raises(Exception) as refused:
            call(world.foreign_officer)
        assert type(refused.value).__name__ == REFUSED_WITH.get(name, "NotAllowed"), name
        assert _counts() == before, name
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_agencys_own_writer_passes_the_same_rules(world):
    """The rules refuse the outsider, not everyone: the agency's officer opens and closes a
    wave, the national admin may load frameworks (the rule, not the file, is what is tried)."""
    calls = _outsider_calls(world)
    calls["surveys.open_wave"](world.officer)
    calls["surveys.close_wave"](world.officer)
    from ita.public.actions import PublicationError

    with pytest.raises(PublicationError):  # past the rule: refused for want of a publication
        calls["public.unpublish"](world.officer)
    assert policy.allows(world.national, "frameworks.upload")
    assert not policy.allows(world.coordinator, "frameworks.upload")
    assert policy.allows(world.coordinator, "surveys.open_province", world.province)
    assert not policy.allows(world.coordinator, "surveys.open_province", world.other_province)


def test_the_read_rules_are_named_and_agree_with_their_querysets(world, django_user_model):
    """Reading has named rules too (agencies.see, improvement.read_progress, ...). Lists and
    lookups use agencies_for_user, the set form of agencies.see: for every role of the world
    (the anonymous user included) the two give the same agencies."""
    from django.contrib.auth.models import AnonymousUser

    from ita.agencies.access import agencies_for_user
    from ita.agencies.models import Agency, Membership

    named = policy.rules()
    for name in ("agencies.see", "improvement.read_progress", "improvement.read_all_progress"):
        assert name in named
    both = django_user_model.objects.create_user("both")  # a coordinator who is also an officer
    Membership.objects.create(user=both, role="province", province=world.other_province)
    Membership.objects.create(user=both, role="officer", agency=world.own)
    people = [AnonymousUser(), both] + [
        getattr(world, n) for n in ("officer", "foreign_officer", "division_head", "executive",
                                    "coordinator", "assessor", "national", "nobody")
    ]  # fmt: skip
    seen = 0
    for user in people:
        visible = set(agencies_for_user(user).values_list("pk", flat=True))
        for agency in Agency.objects.all():
            assert policy.allows(user, "agencies.see", agency) == (agency.pk in visible), (
                user, agency.code,
            )  # fmt: skip
        seen += len(visible)
    assert seen > len(people)  # some see some, so the equality could fail
