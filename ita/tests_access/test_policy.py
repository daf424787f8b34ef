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

# Actions that take an acting_user but need no rule, and why.
NO_RULE = {
    # the user acts on their own account only (the view passes request.user)
    "accounts.confirm_totp": "own account",
    "accounts.password_changed": "own account",
    "accounts.remove_totp": "own account",
    "accounts.start_totp": "own account",
    "api.create_token": "own account",
    "api.revoke_token": "own account",
    "notifications.mark_read": "own notifications",
    "notifications.set_preference": "own account",
}
# Actions whose callers still decide alone (the remaining residual of the policy layer): their
# views check improvement.access / disclosure.access / agencies.access before calling.
NOT_YET = {
    "assessments.record_result",
    "disclosure.add_evidence",
    "disclosure.add_follow_up",
    "disclosure.add_risk",
    "disclosure.answer_review",
    "disclosure.assign_item",
    "disclosure.delete_risk",
    "disclosure.mark_ready",
    "disclosure.open_year",
    "disclosure.review_item",
    "disclosure.start_link_check",
    "disclosure.take_over_evidence",
    "improvement.add_comments",
    "improvement.add_recommendations",
    "improvement.approve_plan",
    "improvement.delete_measure",
    "improvement.freeze_version",
    "improvement.give_opinion",
    "improvement.report_progress",
    "improvement.return_plan",
    "improvement.save_measure",
    "improvement.start_analysis",
    "improvement.start_revision",
    "improvement.submit_plan",
    "improvement.update_analysis",
}


def _actions():
    """(app.function, calls require?, rule names it requires) for every public action with an
    acting_user parameter."""
    found = {}
    for path in sorted(ITA.glob("*/actions.py")):
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
                and getattr(call.func, "id", getattr(call.func, "attr", "")) == "require"
                and len(call.args) >= 2
                and isinstance(call.args[1], ast.Constant)
            ]
            found[f"{path.parent.name}.{node.name}"] = names
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
    """Each converted action with arguments aimed at world.own (or its province), as the
    foreign agency's officer would send them."""
    from ita.documents import actions as documents
    from ita.documents.models import BatchStatus, DocumentBatch
    from ita.frameworks import actions as frameworks
    from ita.frameworks.upload import read_upload
    from ita.public import actions as public
    from ita.surveys import actions as surveys
    from ita.surveys.tests.conftest import open_wave

    wave = open_wave(world, "IIT", population=3)
    batch = DocumentBatch.objects.create(
        requested_by=world.officer, kind="o42", fiscal_year=2565, status=BatchStatus.FAILED
    )
    today = dt.date.today()
    return {
        "surveys.open_wave": lambda u: surveys.open_wave(
            acting_user=u, agency=world.own, tool="EIT", fiscal_year=2568,
            starts_on=today, ends_on=today + dt.timedelta(days=7), population=5,
        ),
        "surveys.open_province_waves": lambda u: surveys.open_province_waves(
            acting_user=u, province=world.province, tools=["EIT"], fiscal_year=2568,
            starts_on=today, ends_on=today + dt.timedelta(days=7), headcount=5,
        ),
        "surveys.set_population": lambda u: surveys.set_population(
            acting_user=u, wave=wave, population=50
        ),
        "surveys.issue_slips": lambda u: surveys.issue_slips(acting_user=u, wave=wave, count=5),
        "surveys.void_unused_slips": lambda u: surveys.void_unused_slips(acting_user=u, wave=wave),
        "surveys.close_wave": lambda u: surveys.close_wave(acting_user=u, wave=wave),
        "documents.start_batch": lambda u: documents.start_batch(
            acting_user=u, kind="o42", fiscal_year=2565, agencies=[world.own],
            output_format="pdf",
        ),
        "documents.resume_batch": lambda u: documents.resume_batch(acting_user=u, batch=batch),
        "public.publish": lambda u: public.publish(
            acting_user=u, agency=world.own, kind="result", fiscal_year=2565
        ),
        "public.unpublish": lambda u: public.unpublish(
            acting_user=u, agency=world.own, kind="result", fiscal_year=2565
        ),
        "frameworks.load_upload": lambda u: frameworks.load_upload(
            acting_user=u, upload=read_upload("x.yaml", b"code: X\n")
        ),
    }  # fmt: skip


def _counts():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_another_agencys_officer_is_refused_by_every_converted_action(world):
    calls = _outsider_calls(world)
    converted = {name for name, rules in _actions().items() if rules}
    assert set(calls) == converted, "each converted action is tried here"
    before, events = _counts(), AuditEvent.objects.count()
    for name, call in calls.items():
        with pytest.raises(policy.NotAllowed):
            call(world.foreign_officer)
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
