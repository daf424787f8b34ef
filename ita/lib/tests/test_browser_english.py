"""Issue 13 in Debian's Chromium: the officer signs in, switches to English with the navbar's
switch and walks the journey (results, survey waves, OIT checklist and an item, O42 analysis,
measures and the memo's page, an O43 round, documents, the public portal). On every page the
labels (headings, navigation, buttons, table headers, form labels) hold no Thai: what they may
still show in Thai is data (agency, division and people's names, the framework's indicator and
item texts, what users typed). Back in Thai, the pages read as before."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from ita.agencies.models import Agency, District, Division, Province
from ita.frameworks.models import Framework, Indicator, Item
from ita.lib.tests.browser import login
from ita.public.tests.matrix import publish_all
from ita.tests_access.test_permission_matrix import MATRIX, NATIONAL, OFFICER, Objects

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "english"
THAI = re.compile(r"[\u0E00-\u0E7F]+")

# the officer's journey, by URL name (the permission matrix builds each page's objects)
JOURNEY = [
    "home",
    "agency_detail",
    "result_detail",
    "surveys:agency_waves",
    "surveys:wave_detail",
    "disclosure:year",
    "disclosure:item",
    "improvement:analysis",
    "improvement:measure_new",
    "improvement:garuda",
    "improvement:progress_dashboard",
    "improvement:progress_report",
    "documents:agency",
    "documents:batch",
    "public:agency",
]
LABELS = "h1, h2, h3, h4, h5, nav a, button, th, label, legend, .btn, .nav-link, .card-header"
# the models' choice labels: status badges, select options, the status cells
CHOICES = ".badge, select option, [data-testid=status], td"
COLLECT = f"""() => [...document.querySelectorAll({LABELS + ", " + CHOICES!r})]
    .filter(el => !el.closest('[lang=th]'))
    .map(el => (el.tagName === 'OPTION' ? el.textContent : el.innerText).trim())
    .filter(Boolean)"""


def data_texts(o) -> list[str]:
    """Thai that is data, longest first so that a name is taken out before its parts."""
    texts = {o.w.officer.get_full_name(), "กองช่าง"}
    for model, field in ((Agency, "name"), (Division, "name"), (Province, "name"),
                         (District, "name"), (Indicator, "name"), (Item, "title"),
                         (Framework, "name")):  # fmt: skip
        texts |= set(model.objects.values_list(field, flat=True))
    texts |= {str(m.title) for m in o.analysis.measures.all()}
    return sorted((t for t in texts if t), key=len, reverse=True)


def thai_labels(page, data: list[str]) -> list[str]:
    found = []
    for text in page.evaluate(COLLECT):
        for datum in data:
            text = text.replace(datum, "")
        if THAI.search(text):
            found.append(text)
    return found


def journey_urls(o) -> list[tuple[str, str]]:
    urls = []
    for name in JOURNEY:
        entry = MATRIX[name]
        entry.given(o)
        urls.append((name, reverse(name, args=entry.args(o, OFFICER))))
    return urls


def test_the_officer_walks_the_journey_in_english(
    page, live_server, world, other_division, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    o = Objects(world, other_division, django_user_model)
    publish_all(o)
    urls = journey_urls(o)
    data = data_texts(o)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    login(page, base, "officer")
    assert page.inner_text("[data-testid=language-switch] button") == "English"
    page.click("[data-testid=language-switch] button")
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text("nav .navbar-brand").startswith("ITA system")

    problems = {}
    for name, url in urls:
        response = page.goto(f"{base}{url}")
        assert response.status == 200, name
        assert page.get_attribute("html", "lang") == "en", name
        page.screenshot(path=str(SHOTS / f"{name.replace(':', '_')}.png"), full_page=True)
        if found := thai_labels(page, data):
            problems[name] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())

    # Buddhist-era years stay in English too (the results page's heading)
    page.goto(f"{base}{urls[JOURNEY.index('result_detail')][1]}")
    assert "B.E. 2565" in page.inner_text("h1")
    # the charts' words come from the JavaScript catalogue (drawn on canvas, not in the DOM)
    page.wait_for_function("document.getElementById('chart-history').chart !== undefined")
    labels = page.evaluate("""() => ['chart-overall', 'chart-tools', 'chart-indicators',
        'chart-history'].map(id => document.getElementById(id).chart).map(c => [
        ...(c.data.labels || []), ...c.data.datasets.map(d => d.label || '')].join('|'))""")
    assert "Total score|Shortfall" in labels[0] and labels[1].endswith("Score")
    assert "This year" in labels[2] and labels[3].startswith("B.E. ")
    assert not any(THAI.search(text) for text in labels[:1] + labels[3:]), labels

    # back to Thai: the switch reads ไทย, and the pages are Thai again
    assert page.inner_text("[data-testid=language-switch] button") == "ไทย"
    page.click("[data-testid=language-switch] button")
    page.wait_for_selector("html[lang=th]")
    assert "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2565" in page.inner_text("h1")
    page.goto(f"{base}{reverse('home')}")
    assert "ออกจากระบบ" in page.inner_text("nav")
    page.screenshot(path=str(SHOTS / "home_thai_again.png"), full_page=True)


# the province coordinator's pages (issue 12) and the work lists, by URL name
COORDINATOR_PAGES = [
    "oversight:province",
    "oversight:meetings",
    "oversight:meeting",
    "oversight:meeting_new",
    "oversight:committee",
    "oversight:followup_edit",
    "work:notifications",
]
OFFICER_PAGES = ["work:todo", "oversight:agency_followups", "oversight:followup_answer"]


def test_the_coordinator_and_the_officer_walk_the_oversight_pages_in_english(
    page, live_server, world, other_division, django_user_model, settings, tmp_path
):
    """As the province's coordinator: the dashboard (filters, sort options, heat map), the
    meetings, a meeting with its issues and follow-ups, the forms, the committee; then as the
    agency's officer: the to-do list and the answer to a follow-up."""
    settings.MEDIA_ROOT = tmp_path
    o = Objects(world, other_division, django_user_model)
    publish_all(o)
    for name in COORDINATOR_PAGES + OFFICER_PAGES:
        MATRIX[name].given(o)
    data = data_texts(o) + sorted(
        {"ประชุมติดตามการประเมิน ITA อำเภอเมือง", "ที่ว่าการอำเภอเมืองแม่ฮ่องสอน",
         "ยังไม่เปิดเผยแผนการจัดซื้อจัดจ้าง", "เผยแพร่แผนจัดซื้อจัดจ้าง", "เผยแพร่แล้ว",
         "แต่งตั้งคณะกรรมการกำกับติดตามการประเมิน ITA", "ผู้ว่าราชการจังหวัด"},
        key=len, reverse=True,
    )  # fmt: skip
    from ita.oversight.rules import short_name

    data = sorted(set(data) | {short_name(t) for t in data}, key=len, reverse=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    problems = {}
    for username, names, persona in (
        ("coordinator", COORDINATOR_PAGES, NATIONAL),
        ("officer", OFFICER_PAGES, OFFICER),
    ):
        login(page, base, username)
        page.click("[data-testid=language-switch] button")
        page.wait_for_selector("html[lang=en]")
        for name in names:
            url = reverse(name, args=MATRIX[name].args(o, persona))
            response = page.goto(f"{base}{url}")
            assert response.status == 200, name
            page.screenshot(path=str(SHOTS / f"{name.replace(':', '_')}.png"), full_page=True)
            if found := thai_labels(page, data):
                problems[name] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_login_page_and_the_public_portal_have_the_switch(page, live_server, reference_data):
    base = live_server.url
    page.goto(f"{base}{reverse('login')}")
    page.click("[data-testid=language-switch] button")
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text("main h1") == "Sign in"
    assert page.inner_text("main label[for=id_password]") == "Password"
    page.goto(f"{base}{reverse('public:index')}")
    assert page.get_attribute("html", "lang") == "en"
    # the province filter's options are data
    provinces = sorted(Province.objects.values_list("name", flat=True), key=len, reverse=True)
    assert thai_labels(page, provinces) == []
    page.screenshot(path=str(SHOTS / "public_index.png"), full_page=True)
