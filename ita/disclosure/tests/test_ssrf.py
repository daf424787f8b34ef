"""Issue 10 (Trust II): the link checker is not a way into the server's own network. Every URL
and every redirect hop is refused, with no connection made, when its host is or resolves to a
loopback, private, link-local or otherwise non-public address.

These tests run with ITA_LINKCHECK_ALLOW_PRIVATE unset (the root conftest sets it for the rest
of the suite, whose test sites live on loopback). No test sends traffic beyond loopback: the
connect spy refuses any other address itself."""

import httpcore
import pytest

from ita.disclosure import linkcheck
from ita.disclosure.linkcheck import LinkJob, Settings, check_links_sync, public_address
from ita.disclosure.verdicts import explain

FAST = Settings(rate_per_host=200, concurrency_per_host=8, timeout=3, connect_timeout=2)
REFUSED_TEXT = "ที่อยู่นี้ชี้ไปยังเครือข่ายภายใน ระบบไม่ตรวจลิงก์นี้"


@pytest.fixture(autouse=True)
def production_policy(monkeypatch):
    monkeypatch.delenv("ITA_LINKCHECK_ALLOW_PRIVATE", raising=False)


@pytest.fixture
def connects(monkeypatch):
    """Every TCP connect the checker tries; only loopback is ever really dialled."""
    calls: list[str] = []
    original = httpcore.AnyIOBackend.connect_tcp

    async def spy(self, host, port, *args, **kwargs):
        calls.append(host)
        if not host.startswith("127."):
            raise httpcore.ConnectError("the test refuses to leave loopback")
        return await original(self, host, port, *args, **kwargs)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", spy)
    return calls


def check(url: str):
    [result] = check_links_sync([LinkJob(url)], FAST)
    return result


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True), ("2001:4860:4860::8888", True),
        ("127.0.0.1", False), ("::1", False), ("10.0.0.1", False), ("172.16.5.4", False),
        ("192.168.1.1", False), ("fc00::1", False), ("fd12::1", False), ("169.254.169.254", False),
        ("fe80::1", False), ("224.0.0.1", False), ("239.1.2.3", False), ("ff02::1", False),
        ("0.0.0.0", False), ("::", False), ("240.0.0.1", False), ("100.64.0.1", False),
        ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("::ffff:8.8.8.8", True),
        ("2002:a00:1::1", False), ("64:ff9b::a00:1", False),
        ("not-an-ip", False),
    ],
)  # fmt: skip
def test_public_address_table(address, public):
    assert public_address(address) is public


def test_loopback_url_is_refused_without_a_request(counting_site, connects):
    result = check(counting_site.url("/admin/"))
    assert (result.verdict, result.detail, result.status) == ("broken", "private_address", None)
    assert counting_site.seen == [] and connects == []
    assert explain(result.verdict, result.detail)[0] == REFUSED_TEXT


def test_localhost_is_refused_after_resolution(counting_site, connects):
    result = check(f"http://localhost:{counting_site.port}/admin/")
    assert result.detail == "private_address"
    assert counting_site.seen == [] and connects == []


def test_a_name_resolving_to_loopback_is_refused(counting_site, connects, monkeypatch):
    async def resolver(host, port):
        return ["127.0.0.1"] if host == "evil.example" else []

    monkeypatch.setattr(linkcheck, "resolve", resolver)
    result = check(f"http://evil.example:{counting_site.port}/admin/")
    assert result.detail == "private_address"
    assert counting_site.seen == [] and connects == []


def test_any_private_address_among_the_resolved_ones_refuses(counting_site, connects, monkeypatch):
    async def resolver(host, port):
        return ["8.8.8.8", "127.0.0.1"]  # a public answer does not excuse the private one

    monkeypatch.setattr(linkcheck, "resolve", resolver)
    assert check(f"http://mixed.example:{counting_site.port}/").detail == "private_address"
    assert counting_site.seen == [] and connects == []


def test_redirect_to_loopback_is_refused_at_the_hop(counting_site, connects, monkeypatch):
    """The first hop is public as far as the checker can tell (its name resolves to 127.0.0.2,
    which this test declares public); its redirect to 127.0.0.1 must not be followed."""

    async def resolver(host, port):
        return ["127.0.0.2"] if host == "public.example" else ["127.0.0.1"]

    monkeypatch.setattr(linkcheck, "resolve", resolver)
    monkeypatch.setattr(
        linkcheck, "public_address", lambda ip: ip == "127.0.0.2" or public_address(ip)
    )
    result = check(f"http://public.example:{counting_site.port}/hop")
    assert (result.verdict, result.detail, result.status) == ("broken", "private_address", None)
    assert result.final_url == result.url  # the internal target is not shown
    assert counting_site.seen == [("GET", "/hop")]  # never /admin/
    assert connects == ["127.0.0.2"]


@pytest.mark.parametrize("scheme", ["ftp", "gopher"])
def test_other_schemes_are_refused(counting_site, connects, scheme):
    result = check(counting_site.url("/x").replace("http", scheme, 1))
    assert (result.verdict, result.detail) == ("broken", "bad_scheme")
    assert counting_site.seen == [] and connects == []


def test_file_urls_are_refused(connects):
    result = check("file:///etc/passwd")
    assert (result.verdict, result.detail) == ("broken", "bad_scheme")
    assert connects == []


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "http://[::1]:9/", "http://10.0.0.1/",
     "https://192.168.0.1/", "http://[::ffff:127.0.0.1]:9/", "http://0.0.0.0:9/"],
)  # fmt: skip
def test_internal_addresses_are_refused_without_a_connection(connects, url):
    result = check(url)
    assert (result.verdict, result.detail) == ("broken", "private_address")
    assert connects == []


def test_opt_in_lets_the_project_check_its_own_loopback_sites(counting_site, monkeypatch):
    monkeypatch.setenv("ITA_LINKCHECK_ALLOW_PRIVATE", "1")
    assert check(counting_site.url("/page/x")).verdict == "ok"
    assert counting_site.seen == [("GET", "/page/x")]
