"""The benchmark's test website: ita/disclosure/tests/site.py served on 127.0.0.1 … 127.0.0.N
(one address per agency website; on Linux all of 127.0.0.0/8 routes to `lo`), with request
accounting so the benchmark can show the politeness limit was kept: GET /__stats returns, per
address, the most requests that arrived within any one second; GET /__reset clears it.

    python bench/linkcheck_site.py --agencies 85 --port 18080
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ita.disclosure.tests import site

ARRIVALS: dict[str, list[float]] = collections.defaultdict(list)


def max_per_second(times: list[float]) -> int:
    """The most arrivals inside any half-open window [t, t + 1 s)."""
    times, best, start = sorted(times), 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def counting_router(host: str):
    def router(method: str, path: str, year: int) -> site.Reply:
        if path == "/__stats":
            body = {
                "requests": sum(len(v) for v in ARRIVALS.values()),
                "max_per_second": {h: max_per_second(v) for h, v in ARRIVALS.items()},
            }
            return site.Reply(body=json.dumps(body).encode(), content_type="application/json")
        if path == "/__reset":
            ARRIVALS.clear()
            return site.Reply(body=b"{}", content_type="application/json")
        ARRIVALS[host].append(time.monotonic())
        return site.route(method, path, year)

    return router


async def main(agencies: int, port: int) -> None:
    async def handler(reader, writer):
        host = writer.get_extra_info("sockname")[0]
        await site.handle(reader, writer, site.YEAR, counting_router(host))

    servers = [
        await asyncio.start_server(handler, host=f"127.0.0.{n}", port=port, backlog=4096)
        for n in range(1, agencies + 1)
    ]
    print(f"ready: {len(servers)} addresses on port {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=85)
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()
    asyncio.run(main(args.agencies, args.port))
