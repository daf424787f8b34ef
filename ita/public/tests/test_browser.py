"""Acceptance, in Debian's Chromium, as a citizen with no account: search the agency, open it,
read its published result (the charts drawn), download its O43 report as PDF, open its OIT
disclosure page and the embeddable variant, and see an agency's website frame the embed while
the other public pages refuse to be framed. Screenshots go to $ITA_SCREENSHOTS/public."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from ita.public.tests.conftest import OIT_YEAR, YEAR, publish

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "public"


def _serve(html: str) -> str:
    """A one-page website at 127.0.0.1 on a free port, for as long as the test runs."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/oit.html"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_citizen_reads_results_downloads_o43_and_embeds_the_oit_page(
    page, live_server, world, published
):
    base = live_server.url
    publish(world, "result", 2564)  # two published years: the history chart has a line
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(f"{base}{reverse('public:index')}")
    assert "/accounts/login" not in page.url
    shot(page, "index")
    page.fill("#id_q", "ทดสอบ")
    page.select_option("#id_province", world.province.code)
    page.click("button:has-text('ค้นหา')")
    rows = page.locator("[data-testid=agencies] tbody tr[data-agency]")
    assert rows.count() == 1
    total = world.own.results.get(fiscal_year=YEAR).total
    assert f"{total:.2f}" in rows.first.inner_text()
    rows.first.locator("a").first.click()
    page.wait_for_load_state()
    assert world.own.name in page.inner_text("h1")
    page.wait_for_function("document.getElementById('chart-history').chart !== undefined")
    shot(page, "agency")

    page.click("[data-testid=result-link]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=total]") == f"{total:.2f}"
    for chart in ("chart-overall", "chart-tools", "chart-indicators", "chart-history"):
        page.wait_for_function(f"document.getElementById('{chart}').chart !== undefined")
    weakest = page.locator("[data-testid=weaknesses] li").first.inner_text()
    assert weakest.startswith("ตัวชี้วัดที่")
    shot(page, "result")

    page.go_back()
    with page.expect_download() as info:
        page.click("[data-testid=o43-pdf-6]")
    download = info.value
    assert download.suggested_filename.endswith("-round6.pdf")
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"

    page.click("[data-testid=disclosure-link]")
    page.wait_for_load_state()
    assert page.locator("tr[data-item=O1] a").inner_text() == "https://own.example.go.th/structure"
    embed_url = page.inner_text("[data-testid=embed-code]").split('src="')[1].split('"')[0]
    assert embed_url == f"{base}{reverse('public:disclosure_embed', args=['T-OWN', OIT_YEAR])}"
    shot(page, "disclosure")
    response = page.goto(embed_url)
    assert response.headers.get("x-frame-options") is None
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors https://own.example.go.th" in policy  # the website on record
    assert "public" in response.headers["cache-control"] and response.headers.get("etag")
    assert page.locator(".oit-disclosure h1").is_visible()  # its own <style>, allowed by hash
    assert (
        page.locator(".oit-disclosure th").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        == "rgb(241, 243, 245)"
    )
    shot(page, "embed")

    # The agency's own website, another origin on this machine (a real server: Chromium keeps
    # a page it was handed from framing loopback addresses), frames the embed; the ordinary
    # page is refused.
    disclosure_url = f"{base}{reverse('public:disclosure', args=['T-OWN', OIT_YEAR])}"
    site = (
        "<!doctype html><meta charset=utf-8><h1>เว็บไซต์หน่วยงาน</h1>"
        f'<iframe id="embed" src="{embed_url}" width="900" height="500"></iframe>'
        f'<iframe id="page" src="{disclosure_url}" width="900" height="300"></iframe>'
    )
    agency_site = _serve(site)
    world.own.website = agency_site.rsplit("/", 1)[0] + "/"  # where the agency's site lives
    world.own.save(update_fields=["website"])
    refused = []
    page.on("console", lambda m: "frame-ancestors" in m.text and refused.append(m.text))
    page.goto(agency_site)
    embedded = page.frame_locator("#embed")
    assert "O1" in embedded.locator(".oit-disclosure").inner_text()
    page.wait_for_timeout(500)
    framed = {f.url for f in page.frames if f != page.main_frame}
    assert embed_url in framed
    blocked = next(
        f for f in page.frames if f.name == "" and f.url != embed_url and f != page.main_frame
    )
    assert "ร้อยละ" not in blocked.content() and "ฝังหน้านี้" not in blocked.content()
    assert any("frame-ancestors" in m for m in refused)
    shot(page, "agency-site-framing")
    # any other website is refused the embed too
    stranger = _serve(f'<!doctype html><iframe id="embed" src="{embed_url}"></iframe>')
    refused.clear()
    page.goto(stranger)
    page.wait_for_timeout(500)
    assert "oit-disclosure" not in page.frames[-1].content()  # Chromium's error page instead
    assert any("frame-ancestors" in m for m in refused)
    assert [v for v in violations if "frame-ancestors" not in v] == []


def test_officer_publishes_from_the_agency_menu(page, live_server, world, everything):
    base = live_server.url
    page.goto(f"{base}{reverse('login')}")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{reverse('agency_detail', args=[world.own.pk])}")
    page.click("[data-testid=publication-link]")
    row = page.locator(f"tr[data-kind=result][data-year='{YEAR}']")
    assert "ยังไม่เผยแพร่" in row.inner_text()
    row.locator("button:has-text('เผยแพร่')").click()
    page.wait_for_load_state()
    assert "เผยแพร่แล้ว" in page.inner_text("[role=alert]")
    row = page.locator(f"tr[data-kind=result][data-year='{YEAR}']")
    assert "เผยแพร่แล้ว" in row.inner_text()
    shot(page, "manage")
    row.locator("a:has-text('ดู')").click()
    page.wait_for_load_state()
    assert (
        page.inner_text("[data-testid=total]")
        == f"{world.own.results.get(fiscal_year=YEAR).total:.2f}"
    )


def test_on_a_phone_the_portal_pages_fit_the_screen(page, live_server, world, published):
    """390 px wide: no page scrolls sideways, the agency list keeps the total in view, the OIT
    items stack with their links at full width, the indicator chart names its bars by number."""
    publish(world, "result", 2564)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    width = "document.documentElement.scrollWidth"
    page.goto(f"{base}{reverse('public:index')}?q=ทดสอบ")
    assert page.evaluate(width) <= 390
    total = page.locator("[data-agency=T-OWN] td.fw-semibold")
    box = total.bounding_box()
    assert total.is_visible() and box["x"] + box["width"] <= 390
    shot(page, "phone-index")
    page.goto(f"{base}{reverse('public:result', args=[world.own.code, YEAR])}")
    page.wait_for_function("document.getElementById('chart-indicators').chart !== undefined")
    assert page.evaluate(width) <= 390
    ticks = page.evaluate(
        "(() => { const c = document.getElementById('chart-indicators').chart;"
        " return c.scales.y.ticks.map(t => t.label); })()"
    )
    assert ticks[0] == "ตัวชี้วัดที่ 1" and len(ticks) == 10
    shot(page, "phone-result")
    page.goto(f"{base}{reverse('public:disclosure', args=[world.own.code, OIT_YEAR])}")
    assert page.evaluate(width) <= 390
    link = page.locator("tr[data-item=O1] td.oit-links").bounding_box()
    assert link["width"] > 300  # below the title, not a column a few letters wide
    shot(page, "phone-disclosure")
    page.goto(f"{base}{reverse('public:province', args=[world.province.code])}")
    assert page.evaluate(width) <= 390
    shot(page, "phone-province")
    # nor does a table scroll sideways inside its box (the files' links wrap)
    inside = (
        "[...document.querySelectorAll('.table-responsive')]"
        ".every(e => e.scrollWidth <= e.clientWidth)"
    )
    for name in ("public:index", "public:data"):
        page.goto(f"{base}{reverse(name)}")
        assert page.evaluate(inside), name
    shot(page, "phone-data")
