"""Issue 13: the Django admin in Thai has no English fragments. Every admin page a superuser
reaches (index, each app index, each changelist, add form and change form) is rendered in Thai
and its visible text is scanned for ASCII words; codes, URLs and numbers are allowed."""

from __future__ import annotations

import re

import lxml.html
import pytest
from django.contrib import admin
from django.urls import reverse

from ita.agencies.models import Garuda, OpinionStep, Province
from ita.audit.log import record
from ita.frameworks.models import DeclaredYear, Framework
from ita.notifications.models import Preference

# words that are names, codes or formats, not English UI: what a Thai officer reads as is
ALLOWED = {
    "ITA", "OIT", "IIT", "EIT", "REST", "API", "Django", "admin", "TOTP", "QR", "PNG", "URL",
    "ID", "Email", "email", "IP", "OTP", "DOCX", "PDF", "YAML", "JSON", "CSV", "Sarabun", "https",
    "http", "AA", "th", "en", "English", "JPEG", "Ctrl", "Command", "Mac", "GET", "POST",
    "HTTP", "Accept", "sha", "true", "false", "null", "Axes",  # Axes: the add-on's name
}  # fmt: skip
# third-party text that is no translatable string: TOTPDevice's verbose_name is a plain str, and
# axes' rows name themselves in an f-string ("Access Log for root @ …"), django-otp's fields
# have no verbose_name (its filters read "โดย confirmed")
THIRD_PARTY = re.compile(
    r"TOTP devices?|Access Log for |Failed access: |Attempted Access: "
    r"|^โดย (confirmed|created at|last used at)$"
)
WORD = re.compile(r"[A-Za-z]{2,}|(?<=[\u0e00-\u0e7f])[A-Za-z]")  # หน่วยงานs too
CODE = re.compile(r"[._#@=*{}\d-]|^<unknown>$")


def _visible_text(html: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    texts = [t.strip() for t in tree.xpath("//body//text()")]
    for attr in ("placeholder", "title", "aria-label", "value"):
        texts += [
            v
            for el in tree.xpath(f"//body//*[@{attr}]")
            if el.get("type") not in ("hidden", "text", "number", "email", "password", "url")
            and el.tag not in ("option", "textarea")
            for v in [el.get(attr)]
        ]
    return [t for t in texts if t]


def english_fragments(html: str, data: set[str]) -> set[str]:
    found = set()
    for text in _visible_text(html):
        text = THIRD_PARTY.sub("", text)
        if text in data or text.startswith(("http://", "https://", "/")):
            continue
        for token in text.split():
            if CODE.search(token):  # admin.test, agencies.agency#1, 2026-12-01: codes, not words
                continue
            for word in WORD.findall(token):
                if word not in ALLOWED and word not in data:
                    found.add(f"{word} «{text[:60]}»")
    return found


def _admin_urls(objects) -> list[str]:
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_Superuser.request):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = objects.get(model) or model._default_manager.first()
        if obj is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return sorted(set(urls))


class _Superuser:
    request = None


@pytest.fixture
def admin_world(world, django_user_model, client):
    su = django_user_model.objects.create_superuser("root", password="pw-for-tests-1")
    client.force_login(su)
    OpinionStep.objects.create(agency_type=world.own.agency_type, order=1, title="ปลัด", role="ปลัด")
    Garuda.objects.create(agency=None, image="garuda.png", placeholder=True)
    DeclaredYear.objects.get_or_create(
        fiscal_year=2570, defaults={"framework": Framework.objects.first()}
    )
    Preference.objects.get_or_create(user=world.officer)
    record(actor=su, action="admin.test", obj=world.own, agency=world.own, note="ทดสอบ")
    return su


def test_every_admin_page_is_thai(admin_world, client, rf, world):
    request = rf.get("/")
    request.user = admin_world
    _Superuser.request = request
    data = {"root", "officer", "foreign_officer", "division_head", "executive", "coordinator"}
    data |= {"assessor", "national", "nobody", "garuda", "png", "test"}
    for province in Province.objects.all():  # the English names are data (name_en)
        data |= {province.name_en, province.code, *province.name_en.split()}
    problems = {}
    for url in _admin_urls({}):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
        assert response.status_code == 200, url
        found = english_fragments(response.content.decode(), data)
        if found:
            problems[url] = sorted(found)
    union = sorted({f for found in problems.values() for f in found})
    assert union == [], "\n".join(union)


def test_the_scan_finds_english():
    html = "<html><body><h1>เปลี่ยน หน่วยงานs</h1><a title='View site'>x</a></body></html>"
    found = english_fragments(html, set())
    assert found == {"View «View site»", "site «View site»", "s «เปลี่ยน หน่วยงานs»"}
