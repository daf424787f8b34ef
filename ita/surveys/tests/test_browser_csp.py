"""In Debian's Chromium, under the site's Content-Security-Policy: the survey pages that once held
style="" and onclick="" (wave, progress bar, posters, slips, the form and its thanks) raise no
violation; the progress bar takes its width from data-percent, also after htmx swaps it; the
print buttons still print; the result page's charts keep their heights."""

import os
import uuid

import pytest

from ita.surveys import actions
from ita.surveys.questionnaire import read_answers

from .conftest import open_wave, pattern_answers, questionnaire, token_of
from .test_browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The browser's print dialog would hang a headless page: count the calls instead. An init script
# runs outside the page's policy, so it neither needs nor weakens the CSP.
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


def violations_of(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.on("pageerror", lambda e: found.append(str(e)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + location.pathname"
        " + ' ' + e.sample))"
    )
    return found


def answer(wave, times: int):
    q = questionnaire(wave)
    for _ in range(times):
        actions.submit_response(
            wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
            client_id=uuid.uuid4(), comment="",
        )  # fmt: skip


def bar_share(page) -> float:
    page.wait_for_timeout(800)  # Bootstrap animates a bar's width over 0.6 s
    return page.evaluate(
        "(() => { const bar = document.querySelector('#progress .progress-bar');"
        " const box = bar.parentElement.getBoundingClientRect();"
        " return bar.getBoundingClientRect().width / box.width; })()"
    )


def test_survey_pages_raise_no_csp_violation_and_the_bar_has_its_width(page, live_server, world):
    base = live_server.url
    found = violations_of(page)
    page.add_init_script(COUNT_PRINTS)
    login(page, base, "officer")

    eit = open_wave(world, "EIT", population=0)  # at least 30 answers needed
    answer(eit, 3)
    page.goto(f"{base}/surveys/waves/{eit.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("#progress .progress-bar", "data-percent") == "10"
    assert bar_share(page) == pytest.approx(0.10, abs=0.01)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('#progress .progress')).height")
        == "24px"
    )

    answer(eit, 6)  # htmx polls every 15 seconds; swap now as the poll would
    page.evaluate(
        f"htmx.ajax('GET', '/surveys/waves/{eit.pk}/progress/', "
        "{target: '#progress', swap: 'outerHTML'})"
    )
    page.wait_for_selector("#progress .progress-bar[data-percent='30']")
    page.wait_for_function(
        "() => { const bar = document.querySelector('#progress .progress-bar');"
        " return bar.style.width === '30%'; }"
    )
    assert bar_share(page) == pytest.approx(0.30, abs=0.01)

    page.goto(f"{base}/surveys/waves/{eit.pk}/poster/")
    page.wait_for_selector("[data-testid=poster]")
    page.click("button[data-print]")
    assert page.evaluate("window.__prints") == 1
    page.emulate_media(media="print")  # the printed layout comes from survey.css
    assert not page.is_visible("button[data-print]")
    assert page.evaluate("getComputedStyle(document.querySelector('.poster')).breakAfter") == "page"
    page.emulate_media(media="screen")

    iit = open_wave(world, "IIT", population=3)
    page.goto(f"{base}/surveys/waves/{iit.pk}/slips/")
    assert page.evaluate("getComputedStyle(document.querySelector('.card')).maxWidth") == "704px"
    assert (
        page.evaluate("getComputedStyle(document.getElementById('id_count')).maxWidth") == "384px"
    )
    page.fill("#id_count", "2")
    page.click("[data-testid=issue-slips]")
    page.wait_for_selector("[data-testid=slip]")
    page.click("button[data-print]")
    assert page.evaluate("window.__prints") == 1  # a new page: counted afresh
    assert page.evaluate("getComputedStyle(document.querySelector('.slip')).breakInside") == "avoid"

    page.goto(f"{base}/surveys/t/{iit.public_code}/{token_of(iit, 1)}/")
    page.wait_for_selector("#survey")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('main .mx-auto')).maxWidth")
        == "704px"
    )
    assert (
        page.evaluate("document.getElementById('answered-bar').getBoundingClientRect().width") == 0
    )
    page.locator("input[type=radio]").first.check()
    page.wait_for_function(
        "() => document.getElementById('answered-bar').getBoundingClientRect().width > 0"
    )
    page.goto(f"{base}/surveys/thanks/{iit.public_code}/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('main .mx-auto')).maxWidth")
        == "576px"
    )
    page.wait_for_load_state("networkidle")
    assert found == [], found


def test_the_result_page_charts_keep_their_heights_without_a_violation(page, live_server, world):
    from decimal import Decimal

    from ita.assessments.actions import record_result

    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2566,
        indicator_scores={n: Decimal("80") for n in range(1, 11)},
    )  # fmt: skip
    found = violations_of(page)
    login(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/agencies/{world.own.pk}/results/2566/")
    page.wait_for_selector("[data-testid=indicator-table]")
    page.wait_for_load_state("networkidle")
    heights = page.evaluate(
        "['chart-overall', 'chart-tools'].map(id => document.getElementById(id).parentElement"
        ".getBoundingClientRect().height)"
    )
    assert heights == [160, 200]
    assert found == [], found
