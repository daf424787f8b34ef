"""Loading an uploaded framework: all or nothing, audited, refused when it overlaps another
framework's years, names what does not exist, replaces a shipped file, or would move the scores
of a framework in use; pages for the national administrator only; the command."""

import io
import json
import os
import re
import shutil
import time
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from ita.assessments.actions import record_result
from ita.audit.models import AuditEvent
from ita.frameworks import upload_store
from ita.frameworks.actions import UploadRefused, load_frameworks, load_upload, system_specs
from ita.frameworks.loader import DATA_DIR
from ita.frameworks.models import Framework
from ita.frameworks.tests.test_workbook import definition_2570
from ita.frameworks.upload import ORIGIN, UPLOADED, read_upload
from ita.frameworks.workbook import definition_to_workbook

pytestmark = pytest.mark.django_db


def as_yaml(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def upload_of(data: dict, name: str = "ita-2570.xlsx"):
    content = definition_to_workbook(data) if name.endswith(".xlsx") else as_yaml(data)
    return read_upload(name, content, known=system_specs())


def counts() -> tuple[int, int]:
    return Framework.objects.count(), AuditEvent.objects.count()


def test_a_new_framework_is_loaded_with_its_rows_and_audited(world):
    upload = upload_of(definition_2570())
    assert upload.ok, upload.problems
    outcome = load_upload(acting_user=world.national, upload=upload)
    framework = Framework.objects.get(code="ita-2570")
    assert outcome.status == "created" and outcome.framework == framework
    assert (framework.fiscal_year_from, framework.fiscal_year_to) == (2570, 2570)
    assert framework.checksum == upload.checksum
    assert framework.definition[ORIGIN] == UPLOADED
    assert framework.items.count() == 71 and framework.indicators.count() == 10
    assert Framework.for_year(2570) == framework  # its own framework wins over the declaration
    event = AuditEvent.objects.get(action="framework.created", object_id=str(framework.pk))
    assert event.actor == world.national and event.after["code"] == "ita-2570"
    assert "ita-2570.xlsx" in event.note


def test_years_overlapping_another_framework_are_refused_and_nothing_written(world):
    data = definition_2570()
    data["fiscal_years"] = {"from": 2569, "to": 2570}
    before = counts()
    with pytest.raises(UploadRefused, match="ซ้อนกับกรอบ ita-2569"):
        load_upload(acting_user=world.national, upload=upload_of(data))
    assert counts() == before


def test_unknown_succeeds_is_a_problem_of_the_file(world):
    data = definition_2570()
    data["succeeds"] = "ita-2499"
    upload = upload_of(data)
    assert str(upload.problems[0]).startswith("แผ่น กรอบ แถว 6 คอลัมน์ succeeds")
    before = counts()
    with pytest.raises(UploadRefused):
        load_upload(acting_user=world.national, upload=upload)
    assert counts() == before


def test_a_shipped_framework_cannot_be_replaced_by_an_upload(world):
    data = definition_2570()
    data.update(code="ita-2569", fiscal_years={"from": 2569, "to": 2569}, succeeds="ita-2568")
    for item in data["items"]:
        item.pop("maps_to")
    before = counts()
    with pytest.raises(UploadRefused, match="มาจากไฟล์ของระบบ"):
        load_upload(acting_user=world.national, upload=upload_of(data))
    assert counts() == before


def score_2570(world):
    return record_result(acting_user=world.officer, agency=world.own, fiscal_year=2570,
                         indicator_scores={n: Decimal(90) for n in range(1, 11)})  # fmt: skip


def test_in_use_framework_takes_wording_but_not_a_scoring_change(world):
    load_upload(acting_user=world.national, upload=upload_of(definition_2570()))
    assessment = score_2570(world)
    assert assessment.framework.code == "ita-2570"

    heavier = definition_2570()
    heavier["tools"][0]["weight"], heavier["tools"][2]["weight"] = "0.40", "0.30"
    before = counts()
    with pytest.raises(UploadRefused, match="ถูกใช้กับผลการประเมินแล้ว"):
        load_upload(acting_user=world.national, upload=upload_of(heavier))
    assert counts() == before

    reworded = definition_2570()
    reworded["items"][0]["title"] = "ถ้อยคำที่แก้แล้ว"
    outcome = load_upload(acting_user=world.national, upload=upload_of(reworded))
    assert outcome.status == "corrected"
    assert Framework.objects.get(code="ita-2570").items.get(code="I1").title == "ถ้อยคำที่แก้แล้ว"
    assert AuditEvent.objects.filter(action="framework.corrected").count() == 1


def test_the_same_file_twice_changes_nothing(world):
    upload = upload_of(definition_2570(), "ita-2570.yaml")
    load_upload(acting_user=world.national, upload=upload)
    before = counts()
    assert load_upload(acting_user=world.national, upload=upload).status == "unchanged"
    assert counts() == before


def test_files_never_overwrite_an_uploaded_framework(world, tmp_path):
    load_upload(acting_user=world.national, upload=upload_of(definition_2570()))
    uploaded = Framework.objects.get(code="ita-2570")
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    shipped = definition_2570()
    shipped["name"] = "ไฟล์ที่ส่งมากับระบบภายหลัง"
    (tmp_path / "ita-2570.yaml").write_bytes(as_yaml(shipped))
    report = load_frameworks(tmp_path)
    assert report.kept_uploaded == ["ita-2570"]
    again = Framework.objects.get(code="ita-2570")
    assert (again.name, again.checksum) == (uploaded.name, uploaded.checksum)
    assert load_frameworks().unchanged  # and the shipped files alone leave it be too
    assert Framework.objects.filter(code="ita-2570").exists()


# --- pages ----------------------------------------------------------------------------------


def xlsx_file(data: dict, name: str = "ita-2570.xlsx"):
    file = io.BytesIO(definition_to_workbook(data))
    file.name = name
    return file


URLS = [
    ("get", "frameworks:list", []),
    ("get", "frameworks:workbook", ["ita-2569"]),
    ("post", "frameworks:upload", []),
    ("post", "frameworks:confirm", []),
    ("post", "frameworks:cancel", []),
]


@pytest.mark.parametrize("persona", ["officer", "executive", "coordinator", "assessor", "nobody"])
def test_only_the_national_administrator_sees_the_pages(client, world, persona):
    client.force_login(getattr(world, persona))
    for method, name, args in URLS:
        assert getattr(client, method)(reverse(name, args=args)).status_code == 404, name
    assert "กรอบการประเมิน</a>" not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("frameworks:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_upload_preview_confirm(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.national)
    page = client.get(reverse("frameworks:list")).content.decode()
    assert "ita-2569" in page and "ไฟล์ของระบบ" in page
    assert "กรอบการประเมิน</a>" in client.get(reverse("home")).content.decode()  # the menu
    template = client.get(reverse("frameworks:workbook", args=["ita-2569"]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    before = counts()
    bad = client.post(reverse("frameworks:upload"), {"file": xlsx_file(definition_2570(99))})
    assert bad.status_code == 400
    assert "ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด" in bad.content.decode()
    assert counts() == before

    good = client.post(reverse("frameworks:upload"), {"file": xlsx_file(definition_2570())})
    assert good.status_code == 200
    html = good.content.decode()
    assert "เทียบกับ ita-2569" in html and "ชื่อข้อ I1 ที่ปรับถ้อยคำในปี 2570" in html
    token, checksum = good.context["token"], good.context["preview"].upload.checksum
    assert counts() == before

    # a forged checksum loads nothing, and the stored copy is gone
    forged = client.post(reverse("frameworks:confirm"), {"token": token, "checksum": "0" * 64})
    assert forged.status_code == 302 and counts() == before
    assert client.post(reverse("frameworks:confirm"), {"token": token, "checksum": checksum})[
        "Location"
    ] == reverse("frameworks:list")
    assert counts() == before

    good = client.post(reverse("frameworks:upload"), {"file": xlsx_file(definition_2570())})
    # a workbook saved again differs (its save time), so its checksum is the new preview's
    token, checksum = good.context["token"], good.context["preview"].upload.checksum
    # another national administrator cannot confirm someone else's upload
    other = type(world.national).objects.create_superuser("root2", password="pw-for-tests-1")
    client.force_login(other)
    client.post(reverse("frameworks:confirm"), {"token": token, "checksum": checksum})
    assert counts() == before
    client.force_login(world.national)
    done = client.post(reverse("frameworks:confirm"), {"token": token, "checksum": checksum})
    assert done.status_code == 302
    assert Framework.objects.filter(code="ita-2570").exists()
    assert AuditEvent.objects.filter(action="framework.created", actor=world.national).exists()


def test_upload_refused_by_the_rules_shows_why_without_a_load_button(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.national)
    data = definition_2570()
    data["fiscal_years"] = {"from": 2569, "to": 2570}
    response = client.post(reverse("frameworks:upload"), {"file": xlsx_file(data)})
    html = response.content.decode()
    assert "ซ้อนกับกรอบ ita-2569" in html and "โหลดกรอบการประเมินนี้" not in html
    assert not (tmp_path / "framework-uploads").exists()


def test_a_file_too_large_or_of_another_kind(client, world):
    client.force_login(world.national)
    csv = io.BytesIO(b"a,b")
    csv.name = "x.csv"
    response = client.post(reverse("frameworks:upload"), {"file": csv})
    assert response.status_code == 400 and "รับเฉพาะไฟล์" in response.content.decode()


# --- command --------------------------------------------------------------------------------


def test_command_dry_run_prints_the_diff_as_json_and_writes_nothing(world, tmp_path, capsys):
    path = tmp_path / "ita-2570.yaml"
    path.write_bytes(as_yaml(definition_2570()))
    before = counts()
    call_command("ita_framework_load", str(path), "--dry-run", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] and payload["status"] == "dry-run"
    [diff] = payload["diffs"]
    assert diff["against"] == "ita-2569"
    assert [i["code"] for i in diff["items_changed"]] == ["I1"]
    assert diff["change_counts"] == {"ยกมาจากข้อเดิม (รหัสเดิม)": 71}
    assert counts() == before
    call_command("ita_framework_load", str(path))
    assert Framework.objects.filter(code="ita-2570").exists()


def test_command_prints_each_problem_and_exits_2(world, tmp_path, capsys):
    path = tmp_path / "ita-2570.xlsx"
    path.write_bytes(definition_to_workbook(definition_2570(99)))
    with pytest.raises(SystemExit) as exit_:
        call_command("ita_framework_load", str(path), "--json")
    assert exit_.value.code == 2
    out = capsys.readouterr()
    payload = json.loads(out.out)
    assert payload["problems"] == [{"sheet": "ข้อ", "row": 12, "column": "indicator",
                                    "message": "ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด"}]  # fmt: skip
    assert "แผ่น ข้อ แถว 12" in out.err


def test_a_yaml_upload_names_item_and_field_on_the_page(client, world):
    client.force_login(world.national)
    file = io.BytesIO(as_yaml(definition_2570(99)))
    file.name = "ita-2570.yaml"
    html = client.post(reverse("frameworks:upload"), {"file": file}).content.decode()
    assert "<th>ส่วน</th><th>รายการ</th><th>ช่อง</th>" in html
    assert "<td>ข้อ</td><td>I11</td><td>indicator</td>" in html


def test_the_stored_copy_is_the_uploaders_for_an_hour(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = upload_store.keep(world.national.pk, "ita-2570.yaml", b"code: x")
    assert upload_store.fetch(world.national.pk, token) == ("ita-2570.yaml", b"code: x")
    assert upload_store.fetch(world.officer.pk, token) is None
    assert upload_store.fetch(world.national.pk, "../" + token[3:]) is None
    stored = next((tmp_path / "framework-uploads" / str(world.national.pk)).glob("*.yaml"))
    two_hours_ago = time.time() - 7200
    os.utime(stored, (two_hours_ago, two_hours_ago))
    assert upload_store.fetch(world.national.pk, token) is None
    assert not stored.exists()


def test_cancel_discards_the_copy(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.national)
    preview = client.post(reverse("frameworks:upload"), {"file": xlsx_file(definition_2570())})
    token = preview.context["token"]
    client.post(reverse("frameworks:cancel"), {"token": token})
    assert upload_store.fetch(world.national.pk, token) is None
    assert not Framework.objects.filter(code="ita-2570").exists()


def test_the_list_says_which_framework_is_in_use_within_its_query_budget(
    client, world, django_assert_max_num_queries
):
    score_2569 = {n: Decimal(90) for n in range(1, 11)}
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2569,
                  indicator_scores=score_2569)  # fmt: skip
    load_upload(acting_user=world.national, upload=upload_of(definition_2570()))
    client.force_login(world.national)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("frameworks:list")).content.decode()
    rows = {code: row for code, row in re.findall(r'data-code="([^"]+)">(.*?)</tr>', html, re.S)}
    assert "ใช้กับผลการประเมินแล้ว" in rows["ita-2569"]
    assert "ใช้กับผลการประเมินแล้ว" not in rows["ita-2570"] and "อัปโหลด" in rows["ita-2570"]


def test_an_unused_upload_is_replaced_whole_by_a_new_file_of_its_code(world):
    load_upload(acting_user=world.national, upload=upload_of(definition_2570()))
    heavier = definition_2570()
    heavier["tools"][0]["weight"], heavier["tools"][2]["weight"] = "0.40", "0.30"
    heavier["items"] = [item for item in heavier["items"] if item["code"] != "O20"]
    outcome = load_upload(acting_user=world.national, upload=upload_of(heavier))
    assert outcome.status == "replaced"
    framework = Framework.objects.get(code="ita-2570")
    assert framework.spec.tool("IIT").weight == Decimal("0.40")
    assert not framework.items.filter(code="O20").exists()
    event = AuditEvent.objects.get(action="framework.replaced")
    assert event.before["checksum"] != event.after["checksum"]
