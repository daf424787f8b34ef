"""End to end in Debian's Chromium: an officer starts a batch for the agencies it may write,
watches the progress bar fill (htmx polling) and downloads the ZIP."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots"))


def test_officer_runs_a_batch_and_downloads_the_zip(
    page, live_server, world, sample_builders, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("nav >> text=ชุดเอกสาร")
    page.click("text=สั่งสร้างชุดใหม่")
    page.select_option("#id_kind", "memo")
    page.select_option("#id_fiscal_year", "2565")
    page.select_option("#id_output_format", "pdf")
    page.click("button:has-text('เริ่มสร้างเอกสาร')")
    page.wait_for_selector("[data-testid=download]", timeout=60000)
    assert page.inner_text("[data-testid=count]") == "1/1"
    assert "เสร็จแล้ว" in page.inner_text("[data-testid=status]")
    # the bar is filled by static script (the CSP refuses style=""): full, as wide as its track
    bar, track = page.locator(".progress-bar"), page.locator("[role=progressbar]")
    assert bar.evaluate("e => e.style.width") == "100%"
    assert bar.bounding_box()["width"] >= track.bounding_box()["width"] - 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "documents-batch.png"), full_page=True)
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    assert download.value.suggested_filename.endswith(".zip")
