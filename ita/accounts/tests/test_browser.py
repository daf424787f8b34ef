"""In Debian's Chromium: the login page, the logged-in home page, "my account" with its QR code,
the Thai 404 and the lockout page load without a single Content-Security-Policy violation, and
Bootstrap's script (the menu's dropdown) runs under the policy."""

import os

import pytest
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations_of(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def test_pages_made_clean_raise_no_csp_violation(page, live_server, world):
    base = live_server.url
    found = violations_of(page)
    page.goto(f"{base}{reverse('login')}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Sarabun")
    page.fill("#id_username", "assessor")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.click("text=ผลการประเมิน")  # Bootstrap's dropdown: the script ran
    assert page.is_visible("text=จำลองคะแนน (what-if)")
    assert not page.is_visible("text=นำเข้าผลการประเมินจากไฟล์")  # not for an assessor

    page.click("a.nav-user")
    page.click("text=เริ่มตั้งค่า")
    qr = page.locator("[data-testid=totp-qr]")
    assert qr.evaluate("img => img.naturalWidth") > 100  # the data: image was allowed

    page.goto(f"{base}/no-such-page/")
    assert "ไม่พบหน้าที่ต้องการ" in page.inner_text("h1")
    page.wait_for_load_state("networkidle")
    assert found == []

    # the listener does catch a violation: an inline style attribute is refused
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in found)


def test_the_lockout_page_in_the_browser(page, live_server, world):
    base = live_server.url
    found = violations_of(page)
    for _ in range(6):
        page.goto(f"{base}{reverse('login')}")
        page.fill("#id_username", "officer")
        page.fill("#id_password", "a-wrong-guess")
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page.inner_text("h1")
    page.goto(f"{base}{reverse('login')}")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page.inner_text("h1")  # the right one too
    assert found == []
