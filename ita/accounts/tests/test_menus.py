"""Finding 12: the division head, the executive and the assessor saw menu entries that led to an
English, unstyled 'Not Found'. Menus now show what the role may open; 404 and 403 are Thai."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> list[str]:
    nav = re.search(r"<nav.*?</nav>", html, re.S).group(0)
    return [h for h in re.findall(r'href="([^"#][^"]*)"', nav)]


@pytest.mark.parametrize(
    "persona", ["division_head", "executive", "assessor", "officer", "coordinator", "national"]
)
def test_every_menu_entry_opens(client, world, persona):
    client.force_login(getattr(world, persona))
    links = nav_links(client.get(reverse("home")).content.decode())
    assert len(links) >= 5
    for href in links:
        response = client.get(href, follow=True)
        assert response.status_code == 200, (persona, href)


def test_the_import_entry_is_shown_to_those_who_may_import(client, world):
    client.force_login(world.officer)
    assert reverse("import_results") in nav_links(client.get(reverse("home")).content.decode())
    client.force_login(world.executive)
    assert reverse("import_results") not in nav_links(client.get(reverse("home")).content.decode())


def test_a_missing_page_is_thai_and_styled(client, world, settings):
    settings.DEBUG = False
    client.force_login(world.officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in page and "Not Found" not in page
    assert 'href="/static/css/ita.css"' in page and f'href="{reverse("home")}"' in page


def test_a_refused_page_is_thai_and_styled(world):
    request = RequestFactory().get("/somewhere/")
    request.user = world.officer
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    page = response.content.decode()
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in page and "Forbidden" not in page
    assert 'href="/static/css/ita.css"' in page


def test_a_form_without_its_csrf_token_is_refused_in_thai(world):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "officer", "password": "x"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "แบบฟอร์มหมดอายุ" in page and "Forbidden" not in page
