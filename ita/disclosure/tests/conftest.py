"""Fixtures of the disclosure tests: the local test website (127.0.0.1 and, as the "other
website" for off-site links, 127.0.0.2) and an agency whose main website is that site."""

import copy

import pytest
import yaml

from ita.disclosure.tests.site import SiteThread


def _readers_do_not_wait(sender, connection, **kwargs):
    """The test database on SQLite is in memory with a shared cache, whose table locks fail at
    once ("database table is locked") instead of waiting: a page read while a background check
    commits its results would fail. Readers here read without those locks. (A file database,
    production's SQLite, waits for the short commit instead; PostgreSQL never blocks readers.)"""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


@pytest.fixture(autouse=True, scope="session")
def background_checks_and_sqlite():
    from django.db.backends.signals import connection_created

    connection_created.connect(_readers_do_not_wait)
    yield
    connection_created.disconnect(_readers_do_not_wait)


@pytest.fixture(autouse=True)
def checks_in_the_test_thread(request, monkeypatch):
    """A queued link check runs in a background thread with its own database connection, which
    cannot see the rows of a test that runs on one transaction. In those tests the run is
    checked in the test's own thread when the request's on-commit callbacks are executed
    (run_on_commit below). Transactional tests (the browser, the real thread and the Celery
    worker tests) get the real background threads, joined before the database is emptied: a
    thread outliving its test would write into the next test's rows (ids start again at 1)."""
    from ita.disclosure import checks, tasks

    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if not (transactional or {"live_server", "transactional_db"} & set(request.fixturenames)):
        monkeypatch.setattr(tasks, "start_in_background", checks.run_item_check)
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so emptied after the join
    threads = []
    real = tasks.start_in_background
    monkeypatch.setattr(
        tasks, "start_in_background", lambda run_id: threads.append(real(run_id)) or threads[-1]
    )
    yield
    for thread in threads:
        thread.join(timeout=60)


def run_on_commit():
    """Execute the on-commit callbacks of what happens inside (a request that queued a check):
    in a test on one transaction nothing commits."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


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


@pytest.fixture
def framework_2571(tmp_path):
    """A framework file an administrator might load: ita-2569's content for FY 2571, with no
    item for corruption_risk_measures."""
    from ita.frameworks.actions import load_frameworks
    from ita.frameworks.loader import DATA_DIR, read_file

    data = copy.deepcopy(read_file(DATA_DIR / "ita-2569.yaml")[0])
    data |= {"code": "test-2571", "name": "กรอบทดสอบ", "fiscal_years": {"from": 2571, "to": 2571}}
    data.pop("succeeds")
    for item in data["items"]:
        item.pop("maps_to", None)
    del data["roles"]["corruption_risk_measures"]
    (tmp_path / "test-2571.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    load_frameworks(tmp_path)
