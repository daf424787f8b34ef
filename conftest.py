"""Shared test fixtures: frameworks loaded once per test database, and the personas every
permission test uses (own-agency officer, foreign-agency officer, division head, executive,
province coordinator, assessor, national admin, anonymous)."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

# Fixtures shared across apps (an approved improvement plan, …) live beside their app's tests.
pytest_plugins = ["ita.improvement.tests.fixtures"]

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
# The test sites serve on loopback, which the link checker refuses in production (issue 10,
# SSRF); the SSRF tests unset this again to show the refusal.
os.environ.setdefault("ITA_LINKCHECK_ALLOW_PRIVATE", "1")

SEED_002_2565 = {  # อบจ.มุกดาหาร FY 2565, as published (total 71.03, level C)
    1: "86.07", 2: "76.72", 3: "76.57", 4: "75.54", 5: "72.00",
    6: "79.63", 7: "73.30", 8: "70.22", 9: "90.00", 10: "37.50",
}  # fmt: skip
SEED_001_2566 = {  # เทศบาลเมืองแม่ฮ่องสอน FY 2566 summary table (total 89.55, ผ่าน)
    1: "100.00", 2: "99.83", 3: "100.00", 4: "100.00", 5: "99.67",
    6: "87.06", 7: "77.91", 8: "79.87", 9: "85.50", 10: "90.00",
}  # fmt: skip


@pytest.fixture(autouse=True)
def login_with_a_request(monkeypatch):
    """django-axes throttles by address, so it refuses authenticate() without a request, and the
    test client's login() passes none; give it a blank one (axes' documented advice). Logins
    through the login form, as in browser tests, go through axes unchanged."""
    from django.http import HttpRequest
    from django.test import Client

    plain_login = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", HttpRequest())
        return plain_login(self, **credentials)

    monkeypatch.setattr(Client, "login", login)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 costs ~0.5 s per user; tests create many users and test no password strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def thai_again_after_each_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates the
    language and nothing resets it), so a later test's action would raise its refusal in
    English; every test starts from the default, Thai."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def api_rate_limits_out_of_the_way(settings):
    """The REST API's rate-limit windows count across tests in one process (the cache outlives
    a test); ita/api/tests/test_throttling.py sets its own limits."""
    settings.ITA_API_RATES = {"anonymous": "100000/min", "token": "100000/min"}


def decimals(scores: dict[int, str]) -> dict[int, Decimal]:
    return {k: Decimal(v) for k, v in scores.items()}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from ita.frameworks.actions import load_frameworks

    with django_db_blocker.unblock():
        load_frameworks()


@pytest.fixture
def reference_data(db):
    """Provinces and frameworks. Already there for ordinary tests; a transactional test (browser
    tests) flushes the database afterwards, so the next one loads them again (idempotent)."""
    from ita.agencies.models import District, Province
    from ita.agencies.reference import load_provinces
    from ita.frameworks.actions import load_frameworks

    if not Province.objects.exists():
        load_provinces(Province, District)
        load_frameworks()


@pytest.fixture
def world(reference_data, django_user_model):
    """Two provinces, three agencies, and one user per role."""
    from ita.agencies.models import Agency, AgencyType, District, Division, Membership, Province

    mhs = Province.objects.get(name="แม่ฮ่องสอน")
    mdh = Province.objects.get(name="มุกดาหาร")
    own = Agency.objects.create(
        code="T-OWN",
        name="เทศบาลเมืองทดสอบ",
        agency_type=AgencyType.TOWN_MUNICIPALITY,
        province=mhs,
        district=District.objects.get(province=mhs, name="เมืองแม่ฮ่องสอน"),
        website="https://own.example.go.th",
    )
    neighbour = Agency.objects.create(
        code="T-NEIGHBOUR", name="อบต.ข้างเคียง", agency_type=AgencyType.SAO, province=mhs
    )
    foreign = Agency.objects.create(
        code="T-FOREIGN", name="อบจ.ต่างจังหวัด", agency_type=AgencyType.PAO, province=mdh
    )
    division = Division.objects.create(agency=own, name="กองคลัง")

    def user(username, **membership):
        u = django_user_model.objects.create_user(username=username, password="pw-for-tests-1")
        if membership:
            Membership.objects.create(user=u, **membership)
        return u

    class World:
        pass

    w = World()
    w.province, w.other_province = mhs, mdh
    w.own, w.neighbour, w.foreign, w.division = own, neighbour, foreign, division
    w.officer = user("officer", role="officer", agency=own)
    w.foreign_officer = user("foreign_officer", role="officer", agency=foreign)
    w.division_head = user("division_head", role="division_head", agency=own, division=division)
    w.executive = user("executive", role="executive", agency=own)
    w.coordinator = user("coordinator", role="province", province=mhs)
    w.assessor = user("assessor", role="assessor", agency=own)
    w.national = user("national", role="national")
    w.nobody = user("nobody")
    return w


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium (never a downloaded browser), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("ITA_CHROMIUM", "/usr/bin/chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def forget_celery_connections(app) -> None:
    """Drop the app's broker connections and every cache of them: one made earlier in the
    session points at another broker URL, or at a pool already closed."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    app.amqp.__dict__.pop("queues", None)  # holds the default queue's name
    app.amqp.__dict__.pop("router", None)
    pools.reset()  # kombu's own registry of producer pools, keyed by connection


REDIS_BROKER = os.environ.get("ITA_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def celery_worker():
    """A real Celery worker of the project's app on Redis (as in production), in this process
    so that it shares the test database, consuming a queue of this test's own. The app's
    connection pool is dropped before and after: one made earlier in the session would still
    point at the old broker URL (amqp on localhost), and the task would go there."""
    import uuid

    from celery.contrib.testing.worker import start_worker

    from ita.celery import app

    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(
        broker_url=REDIS_BROKER,
        task_always_eager=False,
        task_default_queue=f"ita-test-{uuid.uuid4().hex[:12]}",
    )
    forget_celery_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as w:
            yield w
    finally:
        app.conf.update(saved)
        forget_celery_connections(app)
