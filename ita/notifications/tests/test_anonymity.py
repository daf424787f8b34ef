"""Notifications never carry survey answers or anything that could point at a respondent: no
survey code tells anyone, and a notification links to nothing of the surveys."""

from pathlib import Path

from ita.demo.tests.test_layers import imports_of
from ita.notifications.models import Notification

ITA = Path(__file__).resolve().parents[2]


def test_no_survey_code_tells_anyone():
    found = [
        str(p.relative_to(ITA))
        for p in (ITA / "surveys").rglob("*.py")
        if "ita.notifications" in imports_of(p)
    ]
    assert found == []


def test_only_the_plan_review_and_follow_up_steps_tell_people():
    callers = sorted(
        str(p.relative_to(ITA))
        for p in ITA.rglob("*.py")
        if "tests" not in p.parts
        and not p.name.startswith("test_")
        and p.parts[len(ITA.parts)] not in ("notifications", "work", "accounts")
        and "ita.notifications" in imports_of(p)
    )
    assert callers == ["disclosure/notices.py", "improvement/notices.py", "oversight/notices.py"]


def test_a_notification_refers_to_no_survey_row():
    related = {f.related_model._meta.app_label for f in Notification._meta.fields if f.is_relation}
    assert related == {"auth", "agencies"}
