"""Shared file storage (issue 14): with ITA_S3_BUCKET the uploads go to an S3-compatible store
through django-storages, and come back through the same access-checked download views. The
store is a real S3 server on loopback (moto's, in a thread): real HTTP, real signatures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ita.improvement import actions
from ita.ops import storage

ROOT = Path(__file__).resolve().parents[3]
BUCKET = "ita-evidence"
KEYS = {"access_key": "ita-test", "secret_key": "ita-test-secret-0123456789"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"],
    )  # fmt: skip


@pytest.fixture
def s3_storage(settings, s3_endpoint, tmp_path):
    """settings.STORAGES as ITA_S3_BUCKET makes it; MEDIA_ROOT elsewhere, to see nothing lands
    there. The bucket is made by `ita_storage_check --create-bucket`, as compose.yaml does."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint,
                        "region_name": "us-east-1", "addressing_style": "path",
                        "default_acl": None, "file_overwrite": False, **KEYS},
        },
    }  # fmt: skip
    yield s3_client(s3_endpoint)


def test_the_check_creates_the_bucket_and_round_trips_a_file(s3_storage, capsys):
    call_command("ita_storage_check", "--create-bucket")
    out = capsys.readouterr().out
    assert f"s3://{BUCKET}/" in out
    assert BUCKET in [b["Name"] for b in s3_storage.list_buckets()["Buckets"]]
    # the probe file is gone again
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert not [k for k in keys if k.startswith(storage.PROBE_DIR)]
    assert storage.check().created_bucket is False  # the second time it is there already


def test_evidence_is_stored_in_the_bucket_and_downloaded_through_the_view(
    s3_storage, world, approved, client, settings
):
    storage.check(create_bucket=True)
    _analysis, mine, _theirs = approved
    pdf = b"%PDF-1.4\n% evidence kept in S3\n"
    report = actions.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6,
        data=actions.ProgressInput(
            status="in_progress", percent=40, actions="เริ่มแล้ว",
            files=[SimpleUploadedFile("หลักฐาน.pdf", pdf, "application/pdf")],
        ),
    )  # fmt: skip
    evidence = report.evidence.exclude(file="").get()
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [evidence.file.name]
    assert s3_storage.get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"].read() == pdf
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on this machine's disk

    client.force_login(world.division_head)
    response = client.get(reverse("improvement:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    client.force_login(world.foreign_officer)  # the store changes nothing about who may see
    assert client.get(reverse("improvement:evidence_file", args=[evidence.pk])).status_code == 404


def test_a_wrong_key_is_a_thai_message_and_exit_code_2(s3_storage, settings):
    storage.check(create_bucket=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"],
                    "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"],
                                "bucket_name": "no-such-bucket"}},
    }  # fmt: skip
    with pytest.raises(SystemExit) as stop:
        call_command("ita_storage_check")
    assert stop.value.code == 2


def test_the_variables_select_the_s3_backend(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default'], sort_keys=True))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ita.settings", "ITA_VAR_DIR": str(tmp_path),
           "ITA_S3_BUCKET": "ita-files", "ITA_S3_ENDPOINT_URL": "http://minio:9000",
           "ITA_S3_ACCESS_KEY_ID": "ita", "ITA_S3_SECRET_ACCESS_KEY": "s3cret-s3cret"}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert '"BACKEND": "storages.backends.s3.S3Storage"' in out.stdout
    assert '"bucket_name": "ita-files"' in out.stdout
    assert '"endpoint_url": "http://minio:9000"' in out.stdout
    assert '"default_acl": null' in out.stdout  # private: downloads go through the views
