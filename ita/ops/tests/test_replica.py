"""The read replica (issue 14): inside reading_from_replica() — the dashboards and public pages —
reads go to the "replica" alias, writes and everything else to the primary; without
DATABASE_REPLICA_URL there is no alias and everything is "default".

The replica here is a real second PostgreSQL database on the test server, with the schema of
the current models and rows of its own, so what a page shows says which database answered."""

from __future__ import annotations

import os

import dj_database_url
import psycopg
import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ita.agencies.models import Agency, AgencyType, Province
from ita.lib.replica import REPLICA, ReplicaRouter, reading_from_replica

ON_REPLICA = "หน่วยงานที่มีเฉพาะบนสำเนา"  # a row only the replica holds


def server_url() -> str:
    """The PostgreSQL server of the test run: DATABASE_URL's, else the one scripts/test.sh
    found or started (ITA_TEST_POSTGRES_URL, also set for the SQLite run), else the local one."""
    for url in (os.environ.get("DATABASE_URL", ""), os.environ.get("ITA_TEST_POSTGRES_URL", "")):
        if url.startswith("postgres"):
            return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def admin(url: str, sql: str) -> None:
    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
        password=config["PASSWORD"] or None, dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)


def create_schema(alias: str) -> None:
    """Every model's table, as a physical replica would have them (no migrations' data)."""
    with connections[alias].schema_editor() as editor:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                editor.create_model(model)


def copy_rows(labels: list[str], alias: str) -> None:
    """What the primary holds of these models, copied as replication would (same keys)."""
    models = [apps.get_model(label) for label in labels]
    for model in models:
        model.objects.using(alias).bulk_create(model.objects.using("default").order_by("pk"))
    connection = connections[alias]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture(scope="module")
def replica(django_db_blocker):
    """The "replica" alias on a database of its own, with one province and agency only it has."""
    name = f"ita_replica_test_{os.getpid()}"
    url = server_url()
    admin(url, f'DROP DATABASE IF EXISTS "{name}"')
    admin(url, f'CREATE DATABASE "{name}"')
    config = dj_database_url.parse(url)
    config["NAME"] = name
    saved = connections.settings.get(REPLICA)
    connections.settings[REPLICA] = connections.configure_settings({"default": config})["default"]
    if hasattr(connections._connections, REPLICA):
        delattr(connections._connections, REPLICA)
    try:
        with django_db_blocker.unblock():
            create_schema(REPLICA)
            # reference data, as on the primary: the frameworks say which years have a dashboard
            copy_rows(["agencies.province", "agencies.district", "frameworks.framework",
                       "frameworks.indicator", "frameworks.item", "frameworks.declaredyear"],
                      REPLICA)  # fmt: skip
            province = Province.objects.using(REPLICA).create(
                code="99", name="จังหวัดบนสำเนา", name_en="Replica"
            )
            Agency.objects.using(REPLICA).create(
                code="R-ONLY", name=ON_REPLICA, agency_type=AgencyType.SAO, province=province
            )
        yield
    finally:
        connections[REPLICA].close()
        delattr(connections._connections, REPLICA)
        if saved is None:
            del connections.settings[REPLICA]
        else:
            connections.settings[REPLICA] = saved
        admin(url, f'DROP DATABASE IF EXISTS "{name}"')


BOTH = pytest.mark.django_db(databases=["default", REPLICA])


@BOTH
def test_a_public_page_reads_the_replica(replica, world):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = Client().get(reverse("public:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ON_REPLICA in page  # what only the replica holds
    assert world.own.name not in page  # what only the primary holds
    assert len(on_replica) >= 1


@BOTH
def test_a_dashboard_reads_the_replica_but_who_may_see_it_from_the_primary(replica, world):
    client = Client()
    client.force_login(world.national)  # the session and user exist on the primary only
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("oversight:national"))
    assert response.status_code == 200
    assert "จังหวัดบนสำเนา" in response.content.decode()
    assert on_replica.captured_queries
    primary_tables = " ".join(q["sql"] for q in on_primary.captured_queries)
    replica_tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    for table in ("django_session", "auth_user", "agencies_membership"):
        assert table in primary_tables
        assert table not in replica_tables


@BOTH
def test_writes_go_to_the_primary_even_inside_the_replica_context(replica, world):
    with reading_from_replica():
        Agency.objects.create(
            code="W-1", name="เขียนที่ฐานหลัก", agency_type=AgencyType.SAO, province=world.province
        )
        assert Agency.objects.filter(code="R-ONLY").exists()  # the read: replica
        assert not Agency.objects.filter(code="W-1").exists()
    assert Agency.objects.using("default").filter(code="W-1").exists()
    assert not Agency.objects.using(REPLICA).filter(code="W-1").exists()
    # outside the context every read is the primary's
    assert Agency.objects.filter(code="W-1").exists()
    assert not Agency.objects.filter(code="R-ONLY").exists()


@BOTH
def test_a_page_outside_the_context_reads_the_primary(replica, world):
    client = Client()
    client.force_login(world.officer)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("agency_detail", args=[world.own.pk]))
    assert response.status_code == 200
    assert on_replica.captured_queries == []


def run_settings(tmp_path, **env) -> str:
    """The settings' databases in a fresh process with these variables."""
    import subprocess
    import sys

    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({a: {k: d.get(k) for k in ('NAME', 'HOST', 'TEST')} "
        "for a, d in settings.DATABASES.items()}, sort_keys=True))"
    )
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env = {**base, "DJANGO_SETTINGS_MODULE": "ita.settings", "ITA_VAR_DIR": str(tmp_path), **env}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_without_the_variable_there_is_no_alias_and_no_routing(tmp_path):
    assert '"replica"' not in run_settings(tmp_path)
    router = ReplicaRouter()
    saved = connections.settings.pop(REPLICA, None)
    try:
        with reading_from_replica():
            assert router.db_for_read(Agency) is None  # Django's default: "default"
    finally:
        if saved is not None:
            connections.settings[REPLICA] = saved
    assert router.db_for_write(Agency) == "default"


def test_the_variable_makes_an_alias_mirrored_in_tests(tmp_path):
    out = run_settings(tmp_path, DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/ita")
    assert '"replica": {"HOST": "replica.internal", "NAME": "ita"' in out
    assert '"MIRROR": "default"' in out
