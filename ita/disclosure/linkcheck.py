"""The OIT link checker: one verdict per URL, as an assessor would experience the link.

No Django here: the classification rules are pure functions (table-tested), and `check_links`
is a plain asynchronous function that the page, the `ita_linkcheck` command, a Celery task and
the benchmark all call.

Why it works the way it does (shared/research/feature-anchors.md §5):
- a neutral browser user agent with an Accept header: WAFs refuse anything that says "link" or
  sends no Accept;
- pages and PDFs are fetched with GET directly (streamed, capped): their verdict needs the body
  (soft 404, login wall, fiscal year), so a HEAD first would only spend one more request of the
  host's politeness budget. Files whose body we never read (DOCX, XLSX, images, archives) get
  HEAD first and GET when the server refuses HEAD;
- redirects are followed hop by hop, so every hop is paced per host and an off-site hop is seen;
- 401/403/429 and bot challenges are "blocked" (cannot verify), never "broken";
- every host has its own concurrency limit and a minimum spacing between requests;
- every run is bounded work (issue 10, findings 3 and 4): a run has an overall deadline (links
  not done by then are "blocked"/deadline: not checked, never "broken"), a link at most
  `max_requests_per_link` requests (redirect hops and linked PDFs together), a body at most
  `max_bytes`, a PDF's inflated streams at most `max_inflated` bytes together, and pdftotext runs
  under a memory and CPU limit with a wall-clock timeout, so an adversary's website can neither
  hold a worker nor make the server inflate a decompression bomb;
- only public addresses are dialled (issue 10, SSRF): an officer's URL must not make the server
  fetch its own network. Each connection resolves the host itself, refuses it when ANY address
  is not public, and connects to an address it checked (no second lookup to rebind); every
  redirect hop opens its own connection, so it is checked the same way. The project's loopback
  test sites opt out with ITA_LINKCHECK_ALLOW_PRIVATE=1, which production never sets.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextvars
import hashlib
import ipaddress
import os
import re
import shutil
import socket
import ssl
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import httpcore
import httpx

from ita.disclosure.verdicts import STALE, Verdict

try:
    import sniffio  # noqa: F401
except ImportError:
    # httpcore tries `import sniffio` on every request; absent, each try scans sys.path (~1 s of
    # CPU per province check, measured). A None entry makes the failure immediate.
    sys.modules.setdefault("sniffio", None)

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
    "Accept-Language": "th-TH,th;q=0.9,en;q=0.8",
}
REDIRECTS = {301, 302, 303, 307, 308}
# Files whose content we never read: HEAD is enough to know they exist.
OPAQUE_SUFFIXES = (
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z",
    ".jpg", ".jpeg", ".png", ".gif", ".mp4", ".odt", ".ods",
)  # fmt: skip
HOME_PATHS = {"", "/", "/index.php", "/index.html", "/index.htm", "/home", "/main"}


@dataclass(frozen=True)
class Settings:
    rate_per_host: float = 5.0  # requests per second, the politeness limit
    concurrency_per_host: int = 4
    connect_timeout: float = 5.0
    timeout: float = 10.0  # per request (connect + read)
    max_redirects: int = 8
    max_bytes: int = 2_000_000  # of a page or PDF read for the checks
    pdf_links: int = 3  # PDFs linked from a page, read when the page lacks the year
    run_deadline: float | None = 3600.0  # seconds for a whole check run; None = unbounded
    max_requests_per_link: int = 16  # every hop of the link and of its linked PDFs together
    max_inflated: int = 20 * 1024 * 1024  # bytes of inflated PDF streams per document
    pdftotext_timeout: float = 5.0  # seconds of wall clock, then the process is killed
    pdftotext_memory: int = 256 * 1024 * 1024  # its address-space limit (RLIMIT_AS)


@dataclass(frozen=True)
class LinkJob:
    url: str
    site_domain: str = ""  # the agency's main website; empty = do not judge off-site
    year: int | None = None  # Buddhist-era fiscal year the content must mention; None = skip


@dataclass(frozen=True)
class LinkResult:
    url: str
    verdict: str
    status: int | None
    final_url: str
    warnings: tuple[str, ...] = ()
    detail: str = ""  # why: http_404, timeout, challenge, redirect_home, …
    content_type: str = ""
    content_hash: str = ""  # sha256 of the bytes read, to see when evidence changed
    elapsed_ms: int = 0

    def as_json(self) -> dict:
        return {
            "url": self.url,
            "verdict": self.verdict,
            "status": self.status,
            "final_url": self.final_url,
            "warnings": list(self.warnings),
        }


# ----------------------------------------------------------------------------- pure rules


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _bare(host: str) -> str:
    host = host.lower().strip().rstrip(".")
    if "://" in host:
        host = host_of(host)
    host = host.split(":")[0] if host.count(":") == 1 else host
    return host[4:] if host.startswith("www.") else host


def on_site(url: str, site_domain: str) -> bool:
    """Is the URL on the agency's main website (the domain itself or one of its subdomains)?"""
    host, domain = _bare(host_of(url)), _bare(site_domain)
    return bool(domain) and (host == domain or host.endswith("." + domain))


_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def mentions_year(text: str, year: int) -> bool:
    """The Buddhist-era year, in Arabic or Thai digits, as a whole number (2566 in ๒๕๖๖ or
    "ปีงบประมาณ 2566", but not inside 125660)."""
    arabic = str(year)
    for digits in (arabic, arabic.translate(_THAI_DIGITS)):
        if re.search(rf"(?<![0-9๐-๙]){digits}(?![0-9๐-๙])", text):
            return True
    return False


SOFT_404_PHRASES = (
    # Thai CMS and hand-made error pages
    "ไม่พบหน้า", "ไม่พบหน้าที่คุณต้องการ", "ไม่พบหน้าเว็บ", "ไม่พบข้อมูลที่ท่านต้องการ",
    "ไม่พบไฟล์", "ไม่พบเอกสาร", "ไม่พบเนื้อหา", "ไม่มีหน้านี้", "หน้านี้ไม่มีอยู่",
    "ขออภัย ไม่พบ", "ขออภัยไม่พบ", "ลิงก์นี้อาจเสีย", "เนื้อหานี้ถูกลบ", "ไฟล์ถูกลบ",
    # English
    "page not found", "404 not found", "not found", "file not found", "page cannot be found",
    "could not be found", "does not exist", "no longer available", "nothing found",
    "page you requested", "error 404", "404 error",
)  # fmt: skip
LOGIN_PHRASES = (
    # Google Drive / Docs sharing walls
    "you need access", "request access", "ต้องมีสิทธิ์เข้าถึง", "ขอสิทธิ์เข้าถึง",
    "sign in - google accounts", "ลงชื่อเข้าใช้ - บัญชี google",
    # Facebook
    "you must log in to continue", "log in to facebook", "log into facebook",
    "เข้าสู่ระบบ facebook", "คุณต้องเข้าสู่ระบบ",
)  # fmt: skip
LOGIN_TITLE_WORDS = ("login", "log in", "sign in", "signin", "เข้าสู่ระบบ", "ลงชื่อเข้าใช้")
LOGIN_HOSTS = ("accounts.google.com", "login.microsoftonline.com", "login.live.com")
CHALLENGE_PHRASES = (
    "just a moment...", "attention required! | cloudflare", "cf-chl", "challenge-platform",
    "checking your browser", "ddos protection by", "verify you are human", "captcha",
)  # fmt: skip


@dataclass(frozen=True)
class Page:
    """What was read from a 2xx response, reduced to what the rules look at."""

    title: str = ""
    headings: str = ""  # h1–h3 text
    text: str = ""  # visible text
    has_password: bool = False
    is_html: bool = False


def is_challenge(status: int, headers: dict[str, str], page: Page) -> bool:
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    haystack = f"{page.title} {page.text[:3000]}".lower()
    return page.is_html and any(p in haystack for p in CHALLENGE_PHRASES)


def is_login_wall(final_url: str, page: Page) -> bool:
    if host_of(final_url) in LOGIN_HOSTS:
        return True
    haystack = f"{page.title} {page.headings} {page.text[:5000]}".lower()
    if any(p in haystack for p in LOGIN_PHRASES):
        return True
    # A password box alone is not enough: many agency home pages carry a member-login widget.
    path = urlsplit(final_url).path.lower()
    loginish = any(w in page.title.lower() for w in LOGIN_TITLE_WORDS) or any(
        w in path for w in ("login", "signin", "sign-in", "servicelogin", "/auth")
    )
    return page.has_password and loginish


def is_soft_404(page: Page) -> bool:
    """A 200 page that says the content is missing. The title and headings decide; the body only
    when the page is short, since a normal page may contain "ไม่พบข้อมูล" in a search widget."""
    head = f"{page.title} {page.headings}".lower()
    if any(p in head for p in SOFT_404_PHRASES):
        return True
    text = page.text.lower()
    return page.is_html and len(text) < 600 and any(p in text for p in SOFT_404_PHRASES)


def redirected_home(url: str, final_url: str) -> bool:
    """A deep link answered by the home page: the classic soft 404 of Thai CMS sites."""
    if url == final_url:
        return False
    original, final = urlsplit(url), urlsplit(final_url)
    deep = original.path.rstrip("/") not in HOME_PATHS or bool(original.query)
    return deep and final.path in HOME_PATHS and not final.query


def verdict_for_status(status: int) -> tuple[str, str]:
    if status in (401, 403, 407, 429, 999):
        return Verdict.BLOCKED, f"http_{status}"
    if status in (404, 410):
        return Verdict.BROKEN, f"http_{status}"
    if status >= 500:
        return Verdict.BROKEN, "http_5xx"
    if status >= 400:
        return Verdict.BROKEN, "http_4xx"
    return Verdict.OK, ""


def verdict_for_error(exc: BaseException) -> str:
    """The detail code of a failed request (the verdict is always broken)."""
    text = str(exc).lower()
    if isinstance(exc, RefusedURL):
        return exc.detail
    if isinstance(exc, httpx.TimeoutException | asyncio.TimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, httpx.TooManyRedirects):
        return "redirect_loop"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL | ValueError):
        return "bad_url"
    if "certificate" in text or "ssl" in text:
        return "tls"
    if any(s in text for s in ("name or service not known", "nodename", "getaddrinfo", "name res")):
        return "dns"
    return "connect"


def classify(
    job: LinkJob, status: int, final_url: str, headers: dict[str, str], page: Page
) -> tuple[str, str]:
    """(verdict, detail) of a completed fetch. Order matters: a dead or refused link is that
    whatever its host; a login wall is more useful to report than "off site" (Google Drive)."""
    verdict, detail = verdict_for_status(status)
    if status >= 400:
        if verdict == Verdict.BROKEN and is_challenge(status, headers, page):
            return Verdict.BLOCKED, "challenge"
        return verdict, detail
    if is_challenge(status, headers, page):
        return Verdict.BLOCKED, "challenge"
    if is_login_wall(final_url, page):
        return Verdict.LOGIN_REQUIRED, "login"
    if redirected_home(job.url, final_url):
        return Verdict.SOFT_404, "redirect_home"
    if is_soft_404(page):
        return Verdict.SOFT_404, "missing_text"
    if job.site_domain and not (
        on_site(job.url, job.site_domain) and on_site(final_url, job.site_domain)
    ):
        return Verdict.OFF_SITE, "off_site"
    return Verdict.OK, ""


# ----------------------------------------------------------------------------- reading bodies


def decode(body: bytes, content_type: str) -> str:
    """Bytes to text: the declared charset, else a <meta> charset, else UTF-8; Thai sites still
    serve TIS-620 / windows-874, which Python calls cp874."""
    match = re.search(r"charset=([\w-]+)", content_type, re.I) or re.search(
        rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I
    )
    charset = match.group(1) if match else "utf-8"
    charset = charset.decode("ascii", "ignore") if isinstance(charset, bytes) else charset
    if charset.lower().replace("-", "") in {"tis620", "iso885911", "windows874"}:
        charset = "cp874"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def read_html(body: bytes, content_type: str) -> tuple[Page, list[str]]:
    """The page facts and the PDF links on it."""
    import lxml.html

    text = decode(body, content_type)
    try:
        root = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return Page(text=text[:20000], is_html=True), []
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    title = " ".join(t.text_content().strip() for t in root.xpath("//title"))
    headings = " ".join(h.text_content().strip() for h in root.xpath("//h1|//h2|//h3"))
    pdfs = [
        href
        for href in root.xpath("//a/@href")
        if ".pdf" in href.lower().split("#")[0].rsplit("/", 1)[-1]
    ]
    page = Page(
        title=title,
        headings=headings,
        text=" ".join(root.text_content().split()),
        has_password=bool(root.xpath("//input[@type='password']")),
        is_html=True,
    )
    return page, pdfs


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_quick_parts(body: bytes, max_inflated: int = Settings.max_inflated) -> Iterator[bytes]:
    """The PDF's head and its (inflated) streams, one by one. At most `max_inflated` bytes are
    inflated over all streams: deflate packs 200 MB of zeros into 200 KB, and zlib.decompress
    would hold all of it at once."""
    yield body[:4096]
    budget = max_inflated
    for match in _STREAM.finditer(body):
        if budget <= 0:
            return
        raw = match.group(1)
        try:
            inflated = zlib.decompressobj().decompress(raw, budget)
        except zlib.error:
            inflated = raw[:budget]
        budget -= len(inflated)
        yield inflated


def pdf_quick_text(body: bytes, max_inflated: int = Settings.max_inflated) -> str:
    """Text-ish content of a PDF without a PDF library: its (inflated) streams. Enough to find
    a year written in ASCII digits; Thai digits need the fonts' ToUnicode maps (pdftotext)."""
    return b" ".join(pdf_quick_parts(body, max_inflated)).decode("latin-1")


def _quick_mentions_year(body: bytes, year: int, max_inflated: int) -> bool:
    """The quick text's year test, stream by stream on the bytes (no joined copy): in latin-1
    only ASCII digits can appear, so the bytes pattern is the same rule as mentions_year."""
    pattern = re.compile(rb"(?<![0-9])%d(?![0-9])" % year)
    return any(pattern.search(part) for part in pdf_quick_parts(body, max_inflated))


def pdftotext_command(exe: str, settings: Settings) -> list[str]:
    """pdftotext under limits: address space (a bomb's inflation fails inside the child, not in
    our process) and CPU seconds; prlimit (util-linux) sets them on the child only, where
    preexec_fn would not be safe in a threaded server."""
    cpu = max(1, int(settings.pdftotext_timeout))
    prlimit = shutil.which("prlimit")
    if prlimit:
        limits = [f"--as={settings.pdftotext_memory}", f"--cpu={cpu}"]
        return [prlimit, *limits, exe, "-q", "-l", "20", "-", "-"]
    kib = settings.pdftotext_memory // 1024
    script = f'ulimit -v {kib} -t {cpu}; exec "$0" "$@"'
    return ["/bin/sh", "-c", script, exe, "-q", "-l", "20", "-", "-"]


async def pdf_full_text(body: bytes, settings: Settings | None = None) -> str:
    """Poppler's pdftotext (Debian package poppler-utils) reads Thai text properly; absent, the
    quick text is all we have. Given at most max_bytes of input, killed after its timeout; what
    it printed before that is discarded (a bomb is no evidence of a year)."""
    settings = settings or Settings()
    exe = shutil.which("pdftotext")
    if exe is None:
        return ""
    proc = await asyncio.create_subprocess_exec(
        *pdftotext_command(exe, settings),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    feeding = asyncio.ensure_future(_feed(proc, body[: settings.max_bytes]))
    out = bytearray()
    try:
        async with asyncio.timeout(settings.pdftotext_timeout):
            while len(out) < settings.max_inflated:  # its output is capped too
                chunk = await proc.stdout.read(65536)
                if not chunk:
                    break
                out += chunk
    except TimeoutError:
        return ""
    finally:
        feeding.cancel()
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
    return bytes(out[: settings.max_inflated]).decode("utf-8", errors="replace")


async def _feed(proc, data: bytes) -> None:
    try:
        proc.stdin.write(data)
        await proc.stdin.drain()
        proc.stdin.close()
    except (BrokenPipeError, ConnectionResetError):
        pass  # it died (its limits) before reading everything


async def pdf_mentions_year(body: bytes, year: int, settings: Settings | None = None) -> bool:
    settings = settings or Settings()
    return _quick_mentions_year(body, year, settings.max_inflated) or mentions_year(
        await pdf_full_text(body, settings), year
    )


# ----------------------------------------------------------------------------- address policy

ALLOW_PRIVATE_ENV = "ITA_LINKCHECK_ALLOW_PRIVATE"
SCHEMES = ("http", "https")


class RefusedURL(ValueError):
    """A URL the checker will not fetch; `detail` is the verdict's detail code."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def public_address(address: str) -> bool:
    """Is this IP address on the public internet? Loopback, private (RFC 1918, fc00::/7),
    link-local (169.254/16: the cloud metadata service), multicast, unspecified, reserved and
    shared (100.64/10) are not; nor an IPv6 address that embeds a non-public IPv4 one."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:  # judged as the IPv4 address it is
        return public_address(str(ip.ipv4_mapped))
    if ip.version == 6:  # 6to4 and Teredo carry an IPv4 address that could be internal
        embedded = ip.sixtofour or (ip.teredo or (None, None))[1]
        if embedded is not None and not public_address(str(embedded)):
            return False
    special = ip.is_multicast or ip.is_unspecified or ip.is_reserved or ip.is_link_local
    return ip.is_global and not special


def private_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV) == "1"


async def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (an IP literal resolves to itself, without DNS).
    The tests replace this function to make a name resolve where they need it."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


async def checked_addresses(host: str, port: int) -> list[str]:
    """The addresses to dial for a host, all of them public; refused if any is not (a name
    with one public and one private answer could be made to pick the private one)."""
    addresses = await resolve(host.strip("[]"), port)
    if not addresses:
        raise OSError(f"getaddrinfo: no address for {host}")
    if not private_allowed() and not all(public_address(a) for a in addresses):
        raise RefusedURL("private_address")
    return addresses


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network layer with the address policy at the one place a socket is opened:
    pooled keep-alive connections, redirect hops and PDF links all pass here, and the address
    dialled is the one just checked (TLS still verifies the certificate against the host name,
    which httpcore passes to start_tls itself)."""

    def __init__(self):
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: Exception = OSError(f"cannot connect to {host}")
        for address in await checked_addresses(host, port):
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the next checked address
                last = exc
        raise last

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise RefusedURL("private_address")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PublicOnlyTransport(httpx.AsyncHTTPTransport):
    """httpx's transport on PublicOnlyBackend. httpx 0.28 takes no network backend, so the pool
    is rebuilt with the same limits; pinned in requirements, revisit on upgrade."""

    def __init__(self, settings: Settings):
        n = settings.concurrency_per_host
        limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
        super().__init__(verify=ssl_context(), limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context(),
            max_connections=n,
            max_keepalive_connections=n,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PublicOnlyBackend(),
        )


def check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise RefusedURL("bad_scheme")


# ----------------------------------------------------------------------------- fetching


class HostPacer:
    """Politeness for one host: at most `concurrency` requests in flight, starts spaced 1/rate
    apart, and never more than `rate` starts within any window of a second (plus a margin, so
    that event-loop lag cannot bunch requests up on arrival)."""

    WINDOW = 1.1  # seconds

    def __init__(self, rate: float, concurrency: int):
        self.interval = 1.0 / rate
        self.semaphore = asyncio.Semaphore(concurrency)
        self.next_start = 0.0
        self.recent: collections.deque[float] = collections.deque(maxlen=max(1, int(rate)))

    @asynccontextmanager
    async def slot(self):
        async with self.semaphore:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval  # no await in between: no race
            if start > now:
                await asyncio.sleep(start - now)
            while True:  # the window rule, on the times requests really start
                now = time.monotonic()
                full = len(self.recent) == self.recent.maxlen
                wait = self.recent[0] + self.WINDOW - now if full else 0
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self.recent.append(now)
            yield


# Requests left to the link being checked: each link runs in its own asyncio task, and a task
# starts with a copy of the context, so the count is per link without passing it down.
_REQUESTS_LEFT: contextvars.ContextVar[int] = contextvars.ContextVar("requests_left", default=0)


@dataclass
class _Response:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes


class Checker:
    """Checks links with one small connection pool per host: keep-alive connections stay within
    the host's concurrency limit (one shared pool of hundreds of connections both evicts idle
    keep-alives and costs O(connections) per request in httpcore)."""

    def __init__(self, settings: Settings | None = None, on_request=None):
        self.settings = settings or Settings()
        self.on_request = on_request  # (host, monotonic time) of every request sent
        self.pacers: dict[str, HostPacer] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.requests_made = 0

    def pacer(self, url: str) -> HostPacer:
        host = host_of(url)
        if host not in self.pacers:
            s = self.settings
            self.pacers[host] = HostPacer(s.rate_per_host, s.concurrency_per_host)
        return self.pacers[host]

    def client(self, url: str) -> httpx.AsyncClient:
        host = host_of(url)
        if host not in self.clients:
            self.clients[host] = make_client(self.settings)
        return self.clients[host]

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def request(self, method: str, url: str) -> _Response:
        left = _REQUESTS_LEFT.get()
        if left <= 0:
            raise httpx.TooManyRedirects("too many requests for one link", request=None)
        _REQUESTS_LEFT.set(left - 1)
        async with self.pacer(url).slot():
            self.requests_made += 1
            if self.on_request:
                self.on_request(host_of(url), time.monotonic())
            async with asyncio.timeout(self.settings.timeout + 1):
                async with self.client(url).stream(method, url, headers=HEADERS) as response:
                    body = bytearray()
                    if method == "GET":
                        async for chunk in response.aiter_raw():
                            body += chunk
                            if len(body) >= self.settings.max_bytes:
                                break
                    return _Response(
                        status=response.status_code,
                        url=str(response.url),
                        headers={k.lower(): v for k, v in response.headers.items()},
                        body=bytes(body),
                    )

    async def fetch(self, url: str, method: str = "GET") -> _Response:
        """Follow redirects hop by hop (each hop paced on its own host)."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            check_scheme(current)  # a redirect to file:// or gopher:// is refused too
            response = await self.request(method, current)
            if method == "HEAD" and (response.status == 405 or response.status >= 400):
                method = "GET"  # many servers refuse or mishandle HEAD: ask properly
                response = await self.request(method, current)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return response
            current = urljoin(current, location.strip())
            if method == "HEAD" and response.status == 303:
                method = "GET"
        raise httpx.TooManyRedirects("too many redirects", request=None)

    async def check(self, job: LinkJob) -> LinkResult:
        started = time.monotonic()
        _REQUESTS_LEFT.set(self.settings.max_requests_per_link)
        try:
            result = await self._check(job)
        except (httpx.HTTPError, OSError, TimeoutError, ValueError) as exc:
            result = LinkResult(
                url=job.url,
                verdict=Verdict.BROKEN,
                status=None,
                final_url=job.url,
                detail=verdict_for_error(exc),
            )
        elapsed = int((time.monotonic() - started) * 1000)
        return LinkResult(**{**result.__dict__, "elapsed_ms": elapsed})

    async def _check(self, job: LinkJob) -> LinkResult:
        opaque = urlsplit(job.url).path.lower().endswith(OPAQUE_SUFFIXES)
        response = await self.fetch(job.url, "HEAD" if opaque else "GET")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        is_pdf = content_type == "application/pdf" or response.body[:5] == b"%PDF-"
        page, pdf_links = Page(), []
        if response.body and not is_pdf and ("html" in content_type or not content_type):
            page, pdf_links = read_html(response.body, response.headers.get("content-type", ""))
        verdict, detail = classify(job, response.status, response.url, response.headers, page)
        warnings = ()
        readable = is_pdf or page.is_html  # a DOCX or an image cannot show us a year
        worth_reading = job.year and readable and verdict in (Verdict.OK, Verdict.OFF_SITE)
        if worth_reading and not await self._shows_year(
            response, is_pdf, page, pdf_links, job.year
        ):
            warnings = (STALE,)
        return LinkResult(
            url=job.url,
            verdict=verdict,
            status=response.status,
            final_url=response.url,
            warnings=warnings,
            detail=detail,
            content_type=content_type,
            content_hash=hashlib.sha256(response.body).hexdigest() if response.body else "",
        )

    async def _shows_year(self, response, is_pdf, page, pdf_links, year: int) -> bool:
        if is_pdf:
            return await pdf_mentions_year(response.body, year, self.settings)
        if mentions_year(f"{page.title} {page.text}", year):
            return True
        for href in pdf_links[: self.settings.pdf_links]:
            try:
                linked = await self.fetch(urljoin(response.url, href))
            except (httpx.HTTPError, OSError, TimeoutError, ValueError):
                continue  # a PDF link that fails (or is refused) only is no proof of the year
            if linked.status == 200 and await pdf_mentions_year(linked.body, year, self.settings):
                return True
        return False


_SSL_CONTEXT: ssl.SSLContext | None = None


def ssl_context() -> ssl.SSLContext:
    """One verifying context for all clients: building one costs ~40 ms (it loads the CA file),
    which a client per host would pay 85 times for a province."""
    global _SSL_CONTEXT
    if _SSL_CONTEXT is None:
        _SSL_CONTEXT = ssl.create_default_context(cafile=certifi.where())
    return _SSL_CONTEXT


def make_client(settings: Settings) -> httpx.AsyncClient:
    # An explicit transport also turns off environment proxies: a proxy would resolve the host
    # itself, past the address policy.
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        follow_redirects=False,  # we follow hop by hop, paced
        transport=PublicOnlyTransport(settings),
    )


async def check_links(
    jobs: Iterable[LinkJob],
    settings: Settings | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    on_request: Callable[[str, float], None] | None = None,
) -> list[LinkResult]:
    """Check every job (duplicates once), in the given order; `progress(done, total)` is called
    as results come in so a task can report a progress bar; `on_request(host, time)` for every
    HTTP request sent (the benchmark measures politeness with it). The run ends by
    `settings.run_deadline`: links unfinished then are cancelled (their connections closed) and
    reported as not checked."""
    jobs = list(jobs)
    unique = list(dict.fromkeys(jobs))
    checker = Checker(settings, on_request)
    deadline = checker.settings.run_deadline
    ends_at = None if deadline is None else asyncio.get_running_loop().time() + deadline
    done = 0

    async def one(job: LinkJob) -> LinkResult:
        nonlocal done
        try:
            async with asyncio.timeout_at(ends_at):
                result = await checker.check(job)
        except TimeoutError:
            result = not_checked(job)
        done += 1
        if progress:
            progress(done, len(unique))
        return result

    try:
        results = await asyncio.gather(*(one(job) for job in unique))
    finally:
        await checker.aclose()
    by_job = dict(zip(unique, results, strict=True))
    return [by_job[job] for job in jobs]


def not_checked(job: LinkJob) -> LinkResult:
    """A link the run's deadline stopped: unknown, so "cannot verify", never "broken"."""
    return LinkResult(
        url=job.url, verdict=Verdict.BLOCKED, status=None, final_url=job.url, detail="deadline"
    )


def run_sync(coroutine):
    """Run a coroutine to completion from synchronous code, in its own event loop; in a thread
    of its own when this thread already runs a loop (an async caller, or Playwright's sync API
    in the browser tests), where asyncio.run would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def check_links_sync(jobs: Iterable[LinkJob], settings: Settings | None = None, **kwargs):
    """For synchronous callers (views, commands, Celery tasks)."""
    return run_sync(check_links(jobs, settings, **kwargs))
