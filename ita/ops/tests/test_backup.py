"""ita_backup and ita_restore: the demo world and its uploads come back identical, row for row and
byte for byte; a damaged archive or a database in use is refused in Thai with exit code 2."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command

from ita.agencies.models import Agency, AgencyType, Province
from ita.audit.models import AuditEvent
from ita.demo.agencies import build_demo
from ita.disclosure.models import Evidence as DisclosureEvidence
from ita.improvement.models import Evidence as ImprovementEvidence
from ita.ops.backup import flush_database


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def canonical() -> dict[str, list]:
    """Every row of every table (m2m tables included) as plain values; content types and
    permissions by their natural keys, since `migrate` numbers them in each database."""
    ct = {c.pk: (c.app_label, c.model) for c in ContentType.objects.all()}
    perm = {p.pk: (*ct[p.content_type_id], p.codename) for p in Permission.objects.all()}
    natural = {ContentType: ct, Permission: perm}
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower == "sessions.session":
            continue
        rows = []
        for row in model._base_manager.values():
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in natural:
                    row[f.attname] = natural[f.related_model].get(row[f.attname])
            if model in natural or model._meta.auto_created:
                row.pop("id")
            rows.append(row)
        dump[model._meta.label_lower] = sorted(rows, key=repr)
    return dump


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _attach_uploads() -> None:
    progress = ImprovementEvidence.objects.filter(file="").order_by("pk").first()
    progress.file.save("รายงานความก้าวหน้า รอบ 6 เดือน.pdf", ContentFile(b"%PDF-1.4 " * 500))
    disclosure = DisclosureEvidence.objects.order_by("pk").first()
    disclosure.file.save("คำสั่งแต่งตั้ง.docx", ContentFile(bytes(range(256)) * 40))


def _run(name: str, *args) -> dict:
    out = io.StringIO()
    call_command(name, *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _refused(capsys, *args) -> tuple[dict, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        call_command("ita_restore", *args, "--json", stdout=(out := io.StringIO()))
    assert exit_.value.code == 2
    return json.loads(out.getvalue()), capsys.readouterr().err


def test_the_demo_comes_back_identical(db, media, tmp_path):
    build_demo()
    _attach_uploads()
    rows, files = canonical(), file_hashes(media)
    assert len(files) == 2 and sum(map(len, rows.values())) > 8000

    archive = tmp_path / "ita.tar.gz"
    made = _run("ita_backup", "--output", str(archive))
    assert made["ok"] and made["files"] == 2
    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes inside
    assert made["tables"]["audit.auditevent"] == len(rows["audit.auditevent"])

    flush_database()  # an empty database …
    shutil.rmtree(media)  # … and no uploads
    assert not Agency.objects.exists() and not AuditEvent.objects.exists()

    restored = _run("ita_restore", str(archive))

    assert restored["ok"] and restored["sha256"] == made["sha256"]
    assert canonical() == rows
    assert file_hashes(media) == files
    # new rows get ids after the restored ones (the sequences were moved on PostgreSQL)
    last = max(a.pk for a in Agency.objects.all())
    new = Agency.objects.create(
        code="NEW", name="ใหม่", agency_type=AgencyType.SAO, province=Province.objects.first()
    )
    assert new.pk > last

    # --force replaces a database in use with the archive's contents
    forced = _run("ita_restore", str(archive), "--force")
    assert forced["ok"] and not Agency.objects.filter(code="NEW").exists()
    assert canonical() == rows


@pytest.fixture
def small_archive(world, media, tmp_path) -> Path:
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "a.pdf").write_bytes(b"%PDF-1.4 hello")
    archive = tmp_path / "small.tar.gz"
    _run("ita_backup", "--output", str(archive))
    return archive


def _rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of the archive with change(name, data, manifest) applied to each member."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        manifest = json.load(src.extractfile("manifest.json"))
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json":
                continue
            data = change(member.name, data, manifest)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        dst.addfile(info, io.BytesIO(data))
    return target


def test_a_database_in_use_is_refused(capsys, small_archive):
    agencies = Agency.objects.count()
    report, err = _refused(capsys, str(small_archive))
    assert not report["ok"]
    assert "มีข้อมูลอยู่แล้ว" in err and "--force" in err and "หน่วยงาน (agencies.agency" in err
    assert Agency.objects.count() == agencies


def test_an_upload_in_the_way_is_refused(capsys, small_archive, media):
    flush_database()
    (media / "evidence" / "a.pdf").write_bytes(b"another file")
    _, err = _refused(capsys, str(small_archive))
    assert "evidence/a.pdf" in err
    assert (media / "evidence" / "a.pdf").read_bytes() == b"another file"


def test_a_damaged_archive_is_refused_before_anything_is_written(capsys, small_archive, tmp_path):
    flush_database()

    def flip(name, data, manifest):
        return data.replace(b"hello", b"hellO") if name == "media/evidence/a.pdf" else data

    tampered = _rewrite(small_archive, tmp_path / "tampered.tar.gz", flip)
    _, err = _refused(capsys, str(tampered))
    assert "ไฟล์สำรองเสียหาย" in err and "media/evidence/a.pdf ไม่ตรงกับค่า SHA-256" in err

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(small_archive.read_bytes()[:-4000])
    _, err = _refused(capsys, str(truncated))
    assert "ไฟล์สำรองเสียหาย" in err

    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("ไม่ใช่ไฟล์สำรอง")
    _, err = _refused(capsys, str(not_a_backup))
    assert "ไฟล์สำรองเสียหาย" in err

    _, err = _refused(capsys, str(tmp_path / "missing.tar.gz"))
    assert "ไม่พบไฟล์สำรอง" in err

    assert not Agency.objects.exists()


def test_an_archive_of_another_schema_is_refused(capsys, small_archive, tmp_path):
    flush_database()

    def newer(name, data, manifest):
        manifest["migrations"] = [*manifest["migrations"], ["agencies", "9999_future"]]
        return data

    other = _rewrite(small_archive, tmp_path / "other.tar.gz", newer)
    _, err = _refused(capsys, str(other))
    assert "รุ่นของฐานข้อมูลไม่ตรงกับข้อมูลสำรอง" in err and "agencies.9999_future" in err
    assert not Agency.objects.exists()


def _archived(archive: Path) -> tuple[dict, dict]:
    """(rows per table, in a stable order; checksum per uploaded file) of an archive."""
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        tables = {
            t["model"]: sorted(json.load(tar.extractfile(t["file"])), key=json.dumps)
            for t in manifest["tables"]
        }
    files = {k: v["sha256"] for k, v in manifest["files"].items() if k.startswith("media/")}
    return tables, files


def test_a_backup_restores_into_a_new_sqlite_database(small_archive, tmp_path):
    """Run on PostgreSQL this is the cross-database path (PostgreSQL → SQLite); on SQLite, a
    second database. The restored system's own backup holds the same rows and files."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ITA_VAR_DIR"] = str(tmp_path / "other")
    again = tmp_path / "again.tar.gz"

    def manage(*args) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
            capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
        return done.stdout

    manage("migrate", "-v0")
    assert json.loads(manage("ita_restore", str(small_archive), "--json"))["ok"]
    manage("ita_backup", "--output", str(again))

    assert _archived(again) == _archived(small_archive)
