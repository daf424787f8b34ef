"""The corruption-risk register follows the items each framework names for the roles
corruption_risk and corruption_risk_measures (O36/O37 in FY 2562–2565, O34/O35 in 2566–2567,
O23/O24 in 2568, O21/O22 in 2569), and still works, saying so, where a framework has none."""

import copy
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ita.audit.models import AuditEvent
from ita.disclosure import actions, rules
from ita.disclosure.models import ItemStatus, RiskEvent
from ita.frameworks.loader import DATA_DIR, read_file
from ita.frameworks.spec import ROLES, build_spec

THAI = re.compile(r"[\u0E00-\u0E7F]")


def _definition(code: str) -> dict:
    return copy.deepcopy(read_file(DATA_DIR / f"{code}.yaml")[0])


def _spec(code: str):
    return build_spec(_definition(code))


@pytest.mark.parametrize(
    ("framework", "codes"),
    [("ita-2562", ("O36", "O37")), ("ita-2566", ("O34", "O35")),
     ("ita-2568", ("O23", "O24")), ("ita-2569", ("O21", "O22"))],
)  # fmt: skip
def test_risk_items_are_the_frameworks_own_role_items(framework, codes):
    found = rules.risk_role_items(_spec(framework))
    assert tuple(r.code for r in found) == codes
    assert [r.role for r in found] == list(rules.RISK_ROLES)
    assert [r.name for r in found] == [ROLES[role] for role in rules.RISK_ROLES]
    assert rules.role_gaps(found, 2569) == []


def test_a_framework_without_the_roles_has_no_risk_item_and_says_which_role():
    data = _definition("ita-2569")
    del data["roles"]["corruption_risk_measures"]
    found = rules.risk_role_items(build_spec(data))
    assert [r.code for r in found] == ["O21", ""]
    gaps = rules.role_gaps(found, 2571)
    assert len(gaps) == 1
    assert ROLES["corruption_risk_measures"] in gaps[0] and "2571" in gaps[0]
    assert rules.risk_item_codes(found) == {"O21"}


def test_the_role_labels_are_the_roles_under_thai_and_english_under_english():
    with translation.override("th"):
        assert {r: str(label) for r, label in rules.ROLE_LABELS.items()} == {
            r: ROLES[r] for r in rules.RISK_ROLES
        }
    with translation.override("en"):
        gaps = rules.role_gaps([rules.RoleItem("corruption_risk", "", "")], 2571)
        assert not THAI.search(gaps[0]) and "2571" in gaps[0]


# ------------------------------------------------------------------------------ pages


def _risk(year, **fields):
    defaults = {
        "process": "การออกใบอนุญาตก่อสร้าง",
        "event": "เรียกรับเงินเพื่อเร่งออกใบอนุญาต",
        "likelihood": 4,
        "impact": 4,
        "mitigation": "ยื่นคำขอออนไลน์ ตรวจสองชั้น",
    }
    return actions.add_risk(acting_user=None, year=year, **(defaults | fields))


@pytest.mark.django_db
def test_fy_2569_register_names_o21_o22_and_gates_o21(client, world):
    year = actions.open_year(acting_user=world.officer, agency=world.own, fiscal_year=2569)
    client.force_login(world.officer)
    page = client.get(reverse("disclosure:risks", args=[world.own.pk, 2569])).content.decode()
    assert "ข้อ O21" in page and "ข้อ O22" in page
    assert "O34" not in page and "O36" not in page
    year_page = client.get(reverse("disclosure:year", args=[world.own.pk, 2569])).content.decode()
    assert "ทะเบียนความเสี่ยงการทุจริต (O21/O22)" in year_page

    o21 = year.items.get(item__code="O21")
    item_page = client.get(reverse("disclosure:item", args=[o21.pk])).content.decode()
    assert "จัดทำทะเบียนความเสี่ยง" in item_page
    other = year.items.get(item__code="O1")
    assert (
        "จัดทำทะเบียนความเสี่ยง"
        not in client.get(reverse("disclosure:item", args=[other.pk])).content.decode()
    )

    actions.add_evidence(acting_user=world.officer, item=o21, urls=["https://own.example.go.th/r"])
    response = client.post(reverse("disclosure:mark_ready", args=[o21.pk]), follow=True)
    assert "ประเมินแล้วไม่พบความเสี่ยง" in response.content.decode()
    o21.refresh_from_db()
    assert o21.status == ItemStatus.IN_PROGRESS
    _risk(year)
    client.post(reverse("disclosure:mark_ready", args=[o21.pk]))
    o21.refresh_from_db()
    assert o21.status == ItemStatus.READY


@pytest.mark.django_db
def test_fy_2568_register_names_o23_o24(client, world):
    actions.open_year(acting_user=world.officer, agency=world.own, fiscal_year=2568)
    client.force_login(world.officer)
    page = client.get(reverse("disclosure:risks", args=[world.own.pk, 2568])).content.decode()
    assert "ข้อ O23" in page and "ข้อ O24" in page


@pytest.mark.django_db
def test_register_works_and_says_which_role_has_no_item(client, world, framework_2571):
    year = actions.open_year(acting_user=world.officer, agency=world.own, fiscal_year=2571)
    client.force_login(world.officer)
    url = reverse("disclosure:risks", args=[world.own.pk, 2571])
    page = client.get(url).content.decode()
    assert ROLES["corruption_risk_measures"] in page
    assert "ไม่มีข้อที่ทำหน้าที่" in page and "ข้อ O21" in page
    response = client.post(
        url,
        {
            "process": "การจัดซื้อจัดจ้าง",
            "event": "แบ่งซื้อแบ่งจ้างให้ต่ำกว่าเกณฑ์",
            "likelihood": 3,
            "impact": 5,
            "mitigation": "ตรวจรายการซื้อซ้ำทุกไตรมาส",
            "existing_controls": "",
            "owner": "",
        },
        follow=True,
    )
    assert response.status_code == 200 and "สูงมาก (15)" in response.content.decode()
    assert RiskEvent.objects.filter(year=year).count() == 1
    assert AuditEvent.objects.filter(action="disclosure.risk_added").exists()
    year_page = client.get(reverse("disclosure:year", args=[world.own.pk, 2571])).content.decode()
    assert "ทะเบียนความเสี่ยงการทุจริต (O21)" in year_page
