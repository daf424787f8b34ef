"""Benchmark: the OIT link checker on a province's workload, against LinkChecker.

A province is 85 agencies × 43 OIT items = 3,655 evidence URLs. Each agency's website is its own
loopback address (127.0.0.1 … 127.0.0.85, all on `lo`), so per-host politeness works as it does
on real websites. Among the pages: slow ones (0.3–1.5 s, and some past the 10 s timeout),
failing ones (404, 410, 500, refused connections, redirect loops), redirects, soft 404s, login
walls, WAF refusals and challenges, off-site links, last year's pages and PDFs.

Both checkers get the same URL list (interleaved across hosts, the best order for both), the same
10 s timeout and at most 5 requests per second per host; LinkChecker (GPL, run as a separate
program) with 100 threads and `maxrequestspersecond = 5`, its closest setting. The test site
counts requests per address per second, so the politeness of both is measured, not assumed.

    .venv/bin/python bench/linkcheck.py               # whole province, both checkers
    .venv/bin/python bench/linkcheck.py --skip-linkchecker --agencies 10

LinkChecker is installed from bench/requirements.txt into this Python's environment if missing.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita.settings")
# The benchmark's agency websites are loopback addresses, which the checker refuses otherwise.
os.environ.setdefault("ITA_LINKCHECK_ALLOW_PRIVATE", "1")

from linkcheck_site import max_per_second  # noqa: E402  (bench/ is the script's directory)

from ita.disclosure.linkcheck import LinkJob, Settings, check_links  # noqa: E402

YEAR = 2566
RATE = 5.0
TIMEOUT = 10.0


def item_path(agency: int, item: int, port: int) -> str:
    """The evidence URL of one item of one agency: mostly good pages, and a deterministic mix
    of every trouble a province's websites have."""
    a, tag = agency, f"a{agency}-o{item}"
    special = {
        3: f"/thai/{tag}",
        5: f"/moved/{tag}",
        7: f"/withpdf/{tag}",
        9: f"/files/{tag}.pdf",
        11: f"/slow/{300 + (a * 97) % 1200}/{tag}",
        13: f"/old/{tag}",
        15: f"/files/{tag}.docx",
        17: [f"/missing/{tag}", "/gone", f"/page/{tag}"][a % 3],
        19: "/error" if a % 4 == 0 else f"/page/{tag}",
        21: [f"/soft404/{tag}", f"/lost/{tag}", "/soft404en", f"/page/{tag}", f"/page/{tag}"][
            a % 5
        ],
        23: [f"/drive/{tag}", f"/facebook/{tag}", f"/page/{tag}"][a % 3],
        25: ["/forbidden", "/ratelimit", "/challenge", *[f"/page/{tag}"] * 4][a % 7],
        27: f"/slow/12000/{tag}" if a % 10 == 0 else f"/page/{tag}",
        29: "/loop" if a % 12 == 0 else f"/page/{tag}",
        31: f"/witholdpdf/{tag}" if a % 3 == 0 else f"/withpdf/{tag}",
    }.get(item, f"/page/{tag}")
    if item == 33 and a % 8 == 0:  # evidence on another website (the next agency's)
        return f"http://127.0.0.{a % 85 + 1 if a % 85 + 1 != a else 1}:{port}/page/{tag}"
    if item == 35 and a % 9 == 0:  # a server that is down
        return f"http://127.0.0.{a}:{port + 1}/{tag}"
    return f"http://127.0.0.{a}:{port}{special}"


def workload(agencies: int, items: int, port: int) -> list[LinkJob]:
    """Round-robin across agencies, item by item, as a province-wide scan would run."""
    return [
        LinkJob(item_path(a, i, port), f"127.0.0.{a}", YEAR)
        for i in range(1, items + 1)
        for a in range(1, agencies + 1)
    ]


def start_site(agencies: int, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "linkcheck_site.py"), "--agencies", str(agencies),
         "--port", str(port)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        raise SystemExit(f"test site did not start: {line!r}")
    return proc


def site_call(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.loads(response.read())


def ensure_linkchecker() -> Path:
    exe = Path(sys.executable).parent / "linkchecker"
    if not exe.exists():
        print("installing LinkChecker from bench/requirements.txt …", flush=True)
        requirements = str(ROOT / "bench" / "requirements.txt")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-r", requirements], check=True
        )
    return exe


def run_ours(jobs: list[LinkJob]):
    """Our checker, in this process; also returns the most requests it sent to one host within
    any one second (taken when each request is handed to its connection)."""
    settings = Settings(rate_per_host=RATE, concurrency_per_host=4, timeout=TIMEOUT)
    sent = collections.defaultdict(list)
    started = time.monotonic()
    results = asyncio.run(
        check_links(jobs, settings, on_request=lambda host, at: sent[host].append(at))
    )
    seconds = time.monotonic() - started
    return results, seconds, max(max_per_second(times) for times in sent.values())


def run_linkchecker(exe: Path, urls: list[str], threads: int):
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "linkcheckerrc"
        config.write_text(f"[checking]\nmaxrequestspersecond={RATE}\nthreads={threads}\n")
        os.chmod(tmp, 0o755)  # LinkChecker drops root privileges to "nobody" and must read it
        os.chmod(config, 0o644)
        started = time.monotonic()
        proc = subprocess.run(
            [str(exe), "-f", str(config), "-t", str(threads), "-r", "0", "--check-extern",
             "--no-robots", "--no-status", "-v", "-o", "csv", "--timeout", str(int(TIMEOUT)),
             "--stdin"],
            input="\n".join(urls), capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.monotonic() - started
    rows = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    verdicts = {}
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        verdicts[row["urlname"]] = ("valid" if row["valid"] == "True" else "error", row["result"])
    return verdicts, seconds


def compare(jobs, ours, theirs) -> tuple[list[str], collections.Counter]:
    """Every URL whose verdicts differ, and how many differ in each way. Only ok and broken are
    comparable; blocked, login_required, soft_404 and off_site are verdicts LinkChecker cannot
    give (it says "valid" or "error" for them), so they are listed, not counted as disagreements."""
    lines, kinds = [], collections.Counter()
    for job, result in zip(jobs, ours, strict=True):
        lc, lc_result = theirs.get(job.url, ("missing", "no output"))
        if result.verdict in ("ok", "broken"):
            if (result.verdict == "ok") == (lc == "valid"):
                continue
            kind = f"DISAGREE: ours {result.verdict}, LinkChecker {lc}"
        else:
            kind = f"{result.verdict} (LinkChecker: {lc})"
        kinds[kind] += 1
        lines.append(f"  {result.verdict:15} LinkChecker {lc:7} {job.url}  [{lc_result[:60]}]")
    return lines, kinds


def report_ours(jobs, results, seconds, sent_max, stats) -> None:
    counts = collections.Counter(r.verdict for r in results)
    stale = sum("stale" in r.warnings for r in results)
    worst = max(stats["max_per_second"].values())
    print(f"ours: {len(jobs)} URLs in {seconds:.1f} s = {len(jobs) / seconds:.0f} URLs/s; "
          f"{stats['requests']} requests; per host at most {sent_max} requests sent in any "
          f"second ({worst} arrived, as stamped by the busy test server)")  # fmt: skip
    print("  verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"  warnings: stale {stale}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=85)
    parser.add_argument("--items", type=int, default=43)
    parser.add_argument("--port", type=int, default=18180)
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--skip-linkchecker", action="store_true")
    args = parser.parse_args()
    jobs = workload(args.agencies, args.items, args.port)
    site = start_site(args.agencies, args.port)
    try:
        results, ours_s, sent_max = run_ours(jobs)
        report_ours(jobs, results, ours_s, sent_max, site_call(args.port, "/__stats"))
        if args.skip_linkchecker:
            return
        exe = ensure_linkchecker()
        site_call(args.port, "/__reset")
        theirs, lc_s = run_linkchecker(exe, [j.url for j in jobs], args.threads)
        stats = site_call(args.port, "/__stats")
        lc_counts = collections.Counter(v for v, _ in theirs.values())
        rate, counts = len(theirs) / lc_s, ", ".join(f"{k} {v}" for k, v in lc_counts.items())
        print(f"LinkChecker: {len(theirs)} URLs in {lc_s:.1f} s = {rate:.0f} URLs/s; "
              f"{stats['requests']} requests; per host at most "
              f"{max(stats['max_per_second'].values())} arrived in any second (redirect hops "
              f"are not paced); {counts}")  # fmt: skip
        print(f"speed-up: {lc_s / ours_s:.1f}×")
        lines, kinds = compare(jobs, results, theirs)
        print(f"verdicts that differ ({len(lines)}):")
        for kind, n in sorted(kinds.items()):
            print(f"  {n:5}  {kind}")
        print("\n".join(lines))
        disagree = sum(n for k, n in kinds.items() if k.startswith("DISAGREE"))
        print(f"ok/broken disagreements: {disagree}")
        print(f"goal: province < 30 s: {ours_s:.1f} s; ≥ 2× LinkChecker: {lc_s / ours_s:.1f}×; "
              f"same ok/broken verdicts: {'yes' if disagree == 0 else 'NO'}")  # fmt: skip
    finally:
        site.terminate()
        site.wait(10)


if __name__ == "__main__":
    main()
