"""Issue 10 (Trust II), findings 3 and 4: a check run is bounded work. An adversary's website
cannot hold a check past its run's deadline (a slow redirect chain), nor make the server inflate
a decompression bomb (a PDF whose stream inflates to 200 MB) into its own memory.

The sites are on loopback (ITA_LINKCHECK_ALLOW_PRIVATE=1, the root conftest); the precise
figures are measured by bench/linkcheck_hostile.py, these tests only hold generous bounds that
the unbounded code failed."""

import time
import tracemalloc

import pytest

from ita.disclosure import linkcheck
from ita.disclosure.linkcheck import LinkJob, Settings, check_links_sync
from ita.disclosure.tests.site import SiteThread, bomb_pdf, hostile_router
from ita.disclosure.verdicts import explain

FAST = Settings(rate_per_host=200, concurrency_per_host=4, timeout=5, connect_timeout=2)
MB = 1024 * 1024


@pytest.fixture
def hostile_site():
    seen: list[tuple[str, str]] = []
    with SiteThread(["127.0.0.1"], router=hostile_router(seen)) as site:
        site.seen = seen
        yield site


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_pdf(text="report 2565")


def chains(site, n=10):
    return [LinkJob(site.url(f"/chain/c{i}/0")) for i in range(n)]


def test_a_run_ends_at_its_deadline_and_says_which_links_were_not_checked(hostile_site):
    """Ten 9-hop chains at 0.2 s a hop, 4 at a time: ~5 s of work; the run's deadline is 1 s."""
    started = time.monotonic()
    soon = Settings(**{**FAST.__dict__, "run_deadline": 1.0})
    results = check_links_sync(chains(hostile_site), soon)
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, elapsed
    assert len(results) == 10
    unchecked = [r for r in results if r.detail == "deadline"]
    assert unchecked and all(r.verdict == "blocked" and r.status is None for r in unchecked)
    what, fix = explain("blocked", "deadline")
    assert "ไม่ทันเวลา" in what and fix
    requests_at_deadline = len(hostile_site.seen)
    time.sleep(0.5)
    assert len(hostile_site.seen) == requests_at_deadline  # nothing left running after the run


def test_without_a_near_deadline_the_same_chains_are_checked(hostile_site):
    results = check_links_sync(chains(hostile_site, 2), FAST)
    # nine redirects are more than max_redirects (8): the chain is a loop, not a page
    assert [r.detail for r in results] == ["redirect_loop", "redirect_loop"]


def test_hops_of_one_link_are_capped_in_total(hostile_site):
    capped = Settings(**{**FAST.__dict__, "max_requests_per_link": 3})
    [result] = check_links_sync([LinkJob(hostile_site.url("/chain/one/0"))], capped)
    assert result.detail == "redirect_loop"
    assert len(hostile_site.seen) == 3


def test_pdf_text_of_a_bomb_is_bounded_in_time_and_memory(bomb):
    assert len(bomb) < 400_000
    assert len(linkcheck.pdf_quick_text(bomb)) <= Settings().max_inflated + 8192
    tracemalloc.start()
    started = time.monotonic()
    try:
        found = linkcheck.run_sync(linkcheck.pdf_mentions_year(bomb, 2566))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert not found
    assert peak < 60 * MB, peak / MB  # the unbounded zlib.decompress held 200 MB at once
    assert elapsed < 8, elapsed  # pdftotext is killed at its time limit


def test_a_bomb_served_by_a_site_is_checked_within_bounds(hostile_site):
    tracemalloc.start()
    started = time.monotonic()
    try:
        [result] = check_links_sync([LinkJob(hostile_site.url("/bomb.pdf"), year=2566)], FAST)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.verdict, result.warnings) == ("ok", ("stale",))
    assert peak < 60 * MB, peak / MB
    assert time.monotonic() - started < 10


def test_the_inflated_cap_still_finds_a_year_in_an_ordinary_pdf():
    from ita.disclosure.tests.site import pdf

    assert linkcheck.run_sync(linkcheck.pdf_mentions_year(pdf("fiscal year 2566"), 2566))


def test_pdftotext_runs_under_a_memory_and_time_limit(monkeypatch):
    limit = Settings().pdftotext_memory
    command = linkcheck.pdftotext_command("/usr/bin/pdftotext", Settings())
    assert command[0].endswith("prlimit") and f"--as={limit}" in command and "--cpu=5" in command
    monkeypatch.setattr(linkcheck.shutil, "which", lambda name: None)  # no util-linux
    command = linkcheck.pdftotext_command("/usr/bin/pdftotext", Settings())
    assert command[:2] == ["/bin/sh", "-c"] and f"ulimit -v {limit // 1024} -t 5" in command[2]
