"""Fixtures of the disclosure tests: the local test website (127.0.0.1 and, as the "other
website" for off-site links, 127.0.0.2) and an agency whose main website is that site."""

import pytest

from ita.disclosure.tests.site import SiteThread


@pytest.fixture(scope="session")
def test_site():
    with SiteThread(["127.0.0.1", "127.0.0.2"]) as site:
        yield site


@pytest.fixture
def site_world(world, test_site):
    """The `world` personas, with the own agency's main website on the local test site."""
    world.own.website = f"http://127.0.0.1:{test_site.port}"
    world.own.save(update_fields=["website"])
    world.site = test_site
    return world


@pytest.fixture
def counting_site():
    """The test site on 127.0.0.1 and 127.0.0.2, recording every request it receives, so a test
    can show that the server never asked for a refused URL. `/hop…` redirects to
    http://127.0.0.1:<port>/admin/ (an internal page behind a public-looking first hop)."""
    from ita.disclosure.tests.site import Reply, route

    seen: list[tuple[str, str]] = []

    def router(method: str, path: str, year: int):
        seen.append((method, path))
        if path.startswith("/hop"):
            return Reply(302, b"", headers=(("Location", site.url("/admin/")),))
        return route(method, path, year)

    with SiteThread(["127.0.0.1", "127.0.0.2"], router=router) as site:
        site.seen = seen
        yield site
