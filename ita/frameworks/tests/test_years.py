"""Which framework governs a year: its own, or a provisional declaration (FY 2570 uses
ita-2569 until the NACC publishes), and what year selectors offer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ita.frameworks import years
from ita.frameworks.models import DeclaredYear, Framework
from ita.frameworks.spec import FrameworkError

pytestmark = pytest.mark.django_db


def test_fy_2570_is_declared_to_use_2569_provisionally():
    governing = years.for_year(2570)
    assert governing.framework.code == "ita-2569"
    assert governing.declared and governing.provisional
    assert "ชั่วคราว" in governing.notice and "2570" in governing.notice
    assert Framework.for_year(2570).code == "ita-2569"


def test_a_year_with_its_own_framework_is_not_provisional():
    governing = years.for_year(2569)
    assert governing.framework.code == "ita-2569"
    assert not governing.declared and governing.notice == ""
    assert years.for_year(2571) is None and Framework.for_year(2571) is None


def test_selectors_offer_exactly_the_years_with_a_framework():
    assert years.framework_years() == list(range(2562, 2571))
    choices = years.year_choices()
    assert choices[0] == (2570, "2570 (กรอบชั่วคราว)")
    assert (2569, "2569") in choices and len(choices) == 9


@pytest.mark.parametrize(
    "today, expected",
    [
        (dt.date(2026, 12, 1), 2570),  # FY 2570 has begun and is declared
        (dt.date(2026, 9, 30), 2569),
        (dt.date(2030, 1, 1), 2570),  # nothing after 2570: the latest
        (dt.date(2010, 1, 1), 2562),  # before any framework: the first
    ],
)
def test_default_year_is_the_latest_that_has_begun(today, expected):
    assert years.default_year(today) == expected


def test_a_framework_of_its_own_wins_over_the_declaration():
    own = Framework.objects.get(code="ita-2569")
    own.fiscal_year_to = 2570
    own.save()
    governing = years.for_year(2570)
    assert not governing.declared and governing.framework == own
    assert years.year_choices()[0] == (2570, "2570")


def test_reloading_never_overwrites_the_administrators_declaration():
    from ita.frameworks.actions import load_frameworks

    row = DeclaredYear.objects.get(fiscal_year=2570)
    row.framework = Framework.objects.get(code="ita-2568")
    row.save()
    assert load_frameworks().declared == []
    assert DeclaredYear.objects.get(fiscal_year=2570).framework.code == "ita-2568"


def test_a_declaration_naming_an_unknown_framework_is_refused(tmp_path: Path):
    path = tmp_path / "declared.yaml"
    path.write_text("2571:\n  uses: ita-2599\n  reason: x\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="ita-2599"):
        years.load_declarations(path)
    path.write_text("2571: {}\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="uses"):
        years.load_declarations(path)
    assert not DeclaredYear.objects.filter(fiscal_year=2571).exists()


def test_a_declaration_does_not_freeze_its_framework():
    from ita.frameworks.actions import framework_in_use

    assert not framework_in_use(Framework.objects.get(code="ita-2569"))


def _admin_form(client, url: str) -> dict:
    import lxml.html

    page = lxml.html.fromstring(client.get(url).content.decode())
    (form,) = [f for f in page.forms if f.get("id", "").endswith("_form")]
    return dict(form.form_values())


def test_the_national_administrator_changes_a_declaration_in_the_admin_audited(client, world):
    """The national administrator (a superuser, as the demo's `admin`) points FY 2570 at another
    framework and adds FY 2571; each change is an audit event, and the pages follow at once."""
    from django.urls import reverse

    from ita.audit.models import AuditEvent

    national = world.national
    national.is_staff = national.is_superuser = True
    national.save()
    client.force_login(national)
    row = DeclaredYear.objects.get(fiscal_year=2570)
    url = f"/admin/frameworks/declaredyear/{row.pk}/change/"
    data = _admin_form(client, url)
    data["framework"] = str(Framework.objects.get(code="ita-2568").pk)
    assert client.post(url, data).status_code == 302
    (event,) = AuditEvent.objects.filter(action="admin.declaredyear_changed")
    assert event.actor == national and event.object_id == str(row.pk)
    assert "ita-2569" not in str(event.before) and "2569" in event.before["framework"]
    assert "2568" in event.after["framework"]
    assert years.for_year(2570).framework.code == "ita-2568"

    add = "/admin/frameworks/declaredyear/add/"
    data = _admin_form(client, add) | {
        "fiscal_year": "2571",
        "framework": str(Framework.objects.get(code="ita-2569").pk),
        "reason": "ทดสอบ",
    }
    assert client.post(add, data).status_code == 302
    (added,) = AuditEvent.objects.filter(action="admin.declaredyear_added")
    assert added.actor == national and added.after["fiscal_year"] == 2571
    assert (2571, "2571 (กรอบชั่วคราว)") in years.year_choices()

    page = client.get(reverse("result_edit", args=[world.own.pk]), {"year": "2570"})
    assert "ระบบใช้กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in page.content.decode()
