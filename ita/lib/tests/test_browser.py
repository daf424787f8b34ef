"""In Debian's Chromium: a stored memo date shows as 01/10/2567 in a text box (no native picker,
which would show mm/dd/yyyy and submit nothing), survives saving the form unchanged, and a
Buddhist-era date typed in Thai digits is stored as the right day."""

import datetime as dt
import os

import pytest
from django.urls import reverse

from ita.lib.tests.browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_memo_date_survives_the_browser(page, live_server, world, analysis):
    analysis.memo_date = dt.date(2024, 10, 1)
    analysis.save(update_fields=["memo_date"])
    base = live_server.url
    login(page, base, "officer")
    page.goto(f"{base}{reverse('improvement:analysis_edit', args=[analysis.pk])}")

    box = page.locator("#id_memo_date")
    assert box.get_attribute("type") == "text"
    assert box.get_attribute("placeholder") == "วว/ดด/ปปปป"
    assert box.input_value() == "01/10/2567"

    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}{reverse('improvement:analysis', args=[analysis.pk])}")
    analysis.refresh_from_db()
    assert analysis.memo_date == dt.date(2024, 10, 1)

    page.goto(f"{base}{reverse('improvement:analysis_edit', args=[analysis.pk])}")
    page.fill("#id_memo_date", "๓๑/๑๒/๒๕๖๙")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}{reverse('improvement:analysis', args=[analysis.pk])}")
    analysis.refresh_from_db()
    assert analysis.memo_date == dt.date(2026, 12, 31)
