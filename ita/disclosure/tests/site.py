"""A local test website with a page for every link-check verdict, served on loopback addresses
only (never the internet). Used by the tests (one thread, 127.0.0.1 and 127.0.0.2) and by
bench/linkcheck.py (one process, 127.0.0.1 … 127.0.0.85, one address per agency website).

A tiny asyncio HTTP/1.1 server (keep-alive, HEAD, delays), because the benchmark must not be
limited by the test server: the standard library's http.server manages ~1,000 requests/s."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import zlib
from dataclasses import dataclass

YEAR = 2566
_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def html(title: str, body: str) -> bytes:
    return (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{title}</title>'
        f'</head><body><nav><a href="/">หน้าแรก</a></nav><h1>{title}</h1>{body}</body></html>'
    ).encode()


def pdf(text: str) -> bytes:
    """A minimal valid PDF whose one page shows `text` (ASCII) in a Flate-compressed stream."""
    content = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


def _year_page(year: int, thai: bool = False) -> bytes:
    shown = str(year).translate(_THAI) if thai else str(year)
    return html(
        f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {shown}",
        "<p>" + "รายละเอียดโครงการและงบประมาณของหน่วยงาน " * 20 + "</p>",
    )


def route(method: str, path: str, year: int = YEAR) -> Reply:
    """What the test site answers for a path; the first segment picks the behaviour."""
    head, _, rest = path.lstrip("/").partition("/")
    head = head.split("?")[0]
    simple = {
        "": Reply(body=html(f"หน้าแรก ปี {year}", "<p>ยินดีต้อนรับ</p>")),
        "robots.txt": Reply(404, b"", "text/plain"),
        "page": Reply(body=_year_page(year)),
        "thai": Reply(body=_year_page(year, thai=True)),
        "old": Reply(body=_year_page(year - 1)),
        "missing": Reply(404, html("404 Not Found", "")),
        "gone": Reply(410, html("Gone", "")),
        "error": Reply(500, html("Internal Server Error", "")),
        "forbidden": Reply(403, html("403 Forbidden", "")),
        "ratelimit": Reply(429, html("Too Many Requests", ""), headers=(("Retry-After", "60"),)),
        "challenge": Reply(
            503,
            html("Just a moment...", "<p>Checking your browser before accessing.</p>"),
            headers=(("cf-mitigated", "challenge"), ("Server", "cloudflare")),
        ),
        "soft404": Reply(body=html("ขออภัย ไม่พบหน้าที่คุณต้องการ", "<p>กรุณากลับไปหน้าแรก</p>")),
        "soft404en": Reply(body=html("Page Not Found", "<p>Sorry, nothing here.</p>")),
        "moved": Reply(301, b"", headers=(("Location", f"/page/{rest}"),)),
        "lost": Reply(302, b"", headers=(("Location", "/"),)),
        "loop": Reply(302, b"", headers=(("Location", "/loop/again"),)),
        "drive": Reply(302, b"", headers=(("Location", f"/ServiceLogin?continue=/drive/{rest}"),)),
        "ServiceLogin": Reply(
            body=html(
                "Sign in - Google Accounts",
                '<form><input type="email" name="e"><input type="password" name="p"></form>',
            )
        ),
        "facebook": Reply(
            body=html("Facebook", "<p>You must log in to continue.</p><a href='/'>Log in</a>")
        ),
        "withpdf": Reply(
            body=html("รายงาน", f'<p>ดาวน์โหลด</p><a href="/files/{rest or "report"}.pdf">ไฟล์</a>')
        ),
        "witholdpdf": Reply(body=html("รายงาน", '<a href="/files/old-report.pdf">ไฟล์</a>')),
        "member-box": Reply(
            body=html(
                f"ประกาศ ปีงบประมาณ {year}",
                "<aside><form>สมาชิก <input type='password' name='p'></form></aside>"
                + "<p>"
                + "ข้อมูลประกาศ " * 50
                + "</p>",
            )
        ),
        "search-widget": Reply(
            body=html(
                f"ข่าวประชาสัมพันธ์ {year}",
                "<p>" + "ข่าวกิจกรรมของหน่วยงาน " * 60 + "</p><p>ค้นหา: ไม่พบข้อมูล</p>",
            )
        ),
    }
    if head in simple:
        return simple[head]
    if head == "files":
        return _file(method, rest, year)
    if head == "slow":
        ms, _, _ = rest.partition("/")
        return Reply(body=_year_page(year), delay=int(ms or 0) / 1000)
    return Reply(404, html("404 Not Found", ""))


def _file(method: str, name: str, year: int) -> Reply:
    if name.endswith(".pdf"):
        shown = year - 1 if name.startswith("old") else year
        return Reply(body=pdf(f"Annual report fiscal year {shown}"), content_type="application/pdf")
    if name.endswith(".docx"):
        if method == "HEAD":  # a server that refuses HEAD, as many do
            return Reply(405, b"", "text/plain")
        return Reply(body=b"PK\x03\x04 fake docx", content_type="application/octet-stream")
    return Reply(404, html("404 Not Found", ""))


async def handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, year: int, router=None
):
    """Serve one connection (keep-alive) with `router(method, path, year)`, default `route`."""
    router = router or route
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                break
            close = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                if line.lower().startswith(b"connection:") and b"close" in line.lower():
                    close = True
            method, target, _ = request_line.decode("latin-1").split(" ", 2)
            reply = router(method, target, year)
            if reply.delay:
                await asyncio.sleep(reply.delay)
            headers = [
                f"HTTP/1.1 {reply.status} X",
                f"Content-Type: {reply.content_type}",
                f"Content-Length: {len(reply.body)}",
                *(f"{k}: {v}" for k, v in reply.headers),
                "Connection: close" if close else "Connection: keep-alive",
            ]
            writer.write(("\r\n".join(headers) + "\r\n\r\n").encode("latin-1"))
            if method != "HEAD":
                writer.write(reply.body)
            await writer.drain()
            if close:
                break
    except (ConnectionError, ValueError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def serve(
    addresses: list[str], port: int, year: int = YEAR, router=None
) -> list[asyncio.Server]:
    async def handler(reader, writer):
        # the site stopping while a delayed reply waits is nothing to report
        with contextlib.suppress(asyncio.CancelledError):
            await handle(reader, writer, year, router)

    return [
        await asyncio.start_server(handler, host=address, port=port, backlog=1024)
        for address in addresses
    ]


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


class SiteThread:
    """The test site in a background thread, for tests: `with SiteThread([...]) as site:`."""

    def __init__(self, addresses: list[str], year: int = YEAR, router=None):
        self.addresses, self.year, self.router = addresses, year, router
        self.port = free_port(addresses[0])
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.servers = self.loop.run_until_complete(
            serve(self.addresses, self.port, self.year, self.router)
        )
        self.ready.set()
        self.loop.run_forever()
        # End connections still open (keep-alive, delayed replies) while the loop can run them.
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()

    def url(self, path: str, address: str | None = None) -> str:
        return f"http://{address or self.addresses[0]}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        self.ready.wait(10)
        return self

    def __exit__(self, *exc):
        def stop():
            for server in self.servers:
                server.close()
            self.loop.stop()

        self.loop.call_soon_threadsafe(stop)
        self.thread.join(10)


# ----------------------------------------------------------------------------- hostile pages
# Issue 10 (Trust II): what an adversary's website can answer. Shared by the tests and
# bench/linkcheck_hostile.py.

HOP_DELAY = 0.2  # seconds the slow redirect chain waits before each hop


def bomb_pdf(inflated: int = 200 * 1024 * 1024, text: str = "") -> bytes:
    """A PDF whose one content stream inflates to `inflated` bytes of zeros (deflate packs
    200 MB of zeros into ~200 KB). Built in 1 MB pieces: the builder itself stays small."""
    packer, chunk = zlib.compressobj(9), bytes(1024 * 1024)
    parts = [packer.compress(chunk) for _ in range(inflated // len(chunk))]
    content = b"".join(parts) + packer.flush()
    head = f"%PDF-1.4\n% {text}\n1 0 obj\n<< /Length {len(content)} /Filter /FlateDecode >>\n"
    return head.encode("latin-1") + b"stream\n" + content + b"\nendstream\nendobj\n%%EOF\n"


def hostile_router(seen: list[tuple[str, str]], hop_delay: float = HOP_DELAY, hops: int = 9):
    """`/chain/<name>/<n>` redirects to `/chain/<name>/<n+1>` after `hop_delay` seconds, `hops`
    times, then answers a page; `/bomb.pdf` is the decompression bomb (built once)."""
    bomb: list[bytes] = []

    def router(method: str, path: str, year: int) -> Reply:
        seen.append((method, path))
        parts = path.strip("/").split("/")
        if parts[0] == "chain" and len(parts) == 3 and parts[2].isdecimal():
            n = int(parts[2])
            if n < hops:
                target = f"/chain/{parts[1]}/{n + 1}"
                return Reply(302, b"", headers=(("Location", target),), delay=hop_delay)
            return Reply(body=_year_page(year))
        if parts[0] == "bomb.pdf":
            if not bomb:
                bomb.append(bomb_pdf(text=f"report {year - 1}"))
            return Reply(body=bomb[0], content_type="application/pdf")
        return route(method, path, year)

    return router
