"""Benchmark: the link checker against a hostile website (issue 10, findings 3 and 4).

Finding 3: one evidence POST with 10 URLs, each a 9-hop redirect chain at 7.5 s a hop, held the
request for 173.6 s. Now the request only queues a run, and the run ends by its deadline. Here
the chains are served on loopback with a shorter hop (--hop, default 1 s) and the run's
deadline is --deadline (default 3 s); the run without a deadline is timed beside it.

Finding 4: a 204 KB PDF whose deflate stream inflates to 200 MB took 14.5 s and raised the
process from 108 to 724 MB in the PDF text check. Measured here: time, the peak of Python
allocations (tracemalloc) and the process's resident-set growth, and pdftotext's own peak
(it runs under prlimit), for the bounded check; and the old unbounded inflation for comparison.

    .venv/bin/python bench/linkcheck_hostile.py
    .venv/bin/python bench/linkcheck_hostile.py --hop 7.5 --deadline 120   # the finding's case

The figures are on the last lines.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ITA_LINKCHECK_ALLOW_PRIVATE", "1")  # the hostile site is on loopback

from ita.disclosure import linkcheck  # noqa: E402
from ita.disclosure.linkcheck import LinkJob, Settings, check_links_sync  # noqa: E402
from ita.disclosure.tests.site import SiteThread, bomb_pdf, hostile_router  # noqa: E402

MB = 1024 * 1024


def rss_mb() -> float:
    """This process's peak resident set so far (the old code's 724 MB was a peak)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def chains(hop: float, deadline: float | None, unbounded: bool) -> list[str]:
    seen: list[tuple[str, str]] = []
    page = Settings(timeout=max(8.0, hop + 1), connect_timeout=4.0, pdf_links=2)
    bounded = dataclasses.replace(page, run_deadline=deadline)
    lines = []
    with SiteThread(["127.0.0.1"], router=hostile_router(seen, hop_delay=hop)) as site:
        jobs = [LinkJob(site.url(f"/chain/c{i}/0")) for i in range(10)]
        started = time.monotonic()
        results = check_links_sync(jobs, bounded)
        took = time.monotonic() - started
        unchecked = sum(r.detail == "deadline" for r in results)
        lines.append(
            f"finding 3, 10 chains × 9 hops at {hop:g} s: run with a {deadline:g} s deadline "
            f"ended in {took:.2f} s, {len(seen)} requests, {unchecked}/10 links not checked"
        )
        if unbounded:
            seen.clear()
            started = time.monotonic()
            check_links_sync(jobs, dataclasses.replace(page, run_deadline=None))
            lines.append(
                f"finding 3, the same without a deadline: {time.monotonic() - started:.2f} s, "
                f"{len(seen)} requests (the old request waited for all of this)"
            )
    return lines


def bomb(inflated_mb: int, old: bool) -> list[str]:
    body = bomb_pdf(inflated_mb * MB, text="report 2565")
    lines = []
    before = rss_mb()
    tracemalloc.start()
    started = time.monotonic()
    found = linkcheck.run_sync(linkcheck.pdf_mentions_year(body, 2566, Settings()))
    took = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines.append(
        f"finding 4, {len(body) / 1024:.0f} KB PDF inflating to {inflated_mb} MB: checked in "
        f"{took:.2f} s, Python peak {peak / MB:.1f} MB, peak RSS {before:.0f} → {rss_mb():.0f} "
        f"MB, pdftotext peak RSS {child:.0f} MB (limit {Settings().pdftotext_memory // MB} MB), "
        f"year found: {found}"
    )
    if old:
        before = rss_mb()
        started = time.monotonic()
        raw = body[body.index(b"stream\n") + 7 : body.rindex(b"\nendstream")]
        inflated = len(zlib.decompress(raw))
        lines.append(
            f"finding 4, the old unbounded zlib.decompress: {time.monotonic() - started:.2f} s, "
            f"{inflated / MB:.0f} MB held at once, peak RSS {before:.0f} → {rss_mb():.0f} MB"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hop", type=float, default=1.0, help="seconds before each redirect")
    parser.add_argument("--deadline", type=float, default=3.0, help="the run's deadline, s")
    parser.add_argument("--inflated", type=int, default=200, help="MB the bomb inflates to")
    parser.add_argument("--no-comparison", action="store_true", help="skip the old behaviours")
    args = parser.parse_args()
    lines = bomb(args.inflated, old=not args.no_comparison)  # first: before any other growth
    lines += chains(args.hop, args.deadline, unbounded=not args.no_comparison)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
