"""End to end in Debian's Chromium: the province coordinator opens the FY 2562 dashboard and
downloads the province report with its button. A screenshot of the dashboard's card goes to
$ITA_SCREENSHOTS/oversight."""

import os
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from ita.oversight.tests.conftest import build_province

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "oversight"


def test_the_coordinator_downloads_the_province_report(page, live_server, world, tmp_path):
    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    base = live_server.url
    page.goto(f"{base}{reverse('login')}")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{reverse('oversight:province', args=[world.province.pk])}?year=2562")
    card = page.get_by_test_id("province-totals")
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(SHOTS / "province-report-button.png"))
    with page.expect_download() as download:
        page.get_by_test_id("province-report-pdf").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "province-2562-จังหวัดแม่ฮ่องสอน.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "จังหวัดแม่ฮ่องสอน" in text and "ปีงบประมาณ พ.ศ. ๒๕๖๒" in text
