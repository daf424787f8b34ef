"""Backup and restore: every table and every uploaded file in one tar.gz with a manifest of
SHA-256 checksums.

Tables are written with Django's JSON serializer (one file per model, natural keys for content
types and permissions), so a backup of the embedded SQLite restores into PostgreSQL and back.
A restore checks every checksum before it touches the database, goes only into an empty
database (one fresh from `migrate`) unless forced, and only INSERTs: the audit table refuses
UPDATE on PostgreSQL (audit migration 0002).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "ita-backup/1"
MANIFEST = "manifest.json"
# Sessions are not kept: everyone logs in again after a restore.
EXCLUDED = {"sessions.session"}
# `migrate` creates these in every database with its own ids; rows are matched by natural key.
NATURAL = {"contenttypes.contenttype", "auth.permission"}
# Rows agencies/migrations/0002 writes into every new database: equal to the archive's, they
# do not make a database "not empty".
FROM_MIGRATIONS = {"agencies.province", "agencies.district"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused, with a Thai message for the operator (exit code 2)."""


@dataclass
class Summary:
    archive: str
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    sha256: str = ""
    skipped: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "ok": True,
            "archive": self.archive,
            "sha256": self.sha256,
            "rows": sum(self.tables.values()),
            "tables": self.tables,
            "files": self.files,
            "file_bytes": self.file_bytes,
            "already_present": self.skipped,
        }


# --------------------------------------------------------------------------- backup


def backed_up_models() -> list:
    """Every installed model with a table, those with natural keys first (loading order)."""
    ordered = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    return [
        m
        for m in ordered
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in EXCLUDED
    ]


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (ECMA-262); a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _table_json(model) -> bytes:
    rows = model._base_manager.order_by("pk")
    text = serializers.serialize(
        "json",
        rows.iterator(chunk_size=2000),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=model._meta.label_lower in NATURAL,
        cls=_ExactEncoder,
    )
    return text.encode()


class _HashingReader:
    """Hands a file to tarfile while hashing the very bytes that go into the archive."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


def _add(tar: tarfile.TarFile, name: str, stream, size: int, files: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = size, int(dt.datetime.now().timestamp())
    reader = _HashingReader(stream)
    tar.addfile(info, reader)
    files[name] = {"sha256": reader.digest.hexdigest(), "bytes": size}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    # *.partial: a file still being written (by a restore, or this very backup)
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".partial")


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _snapshot_start() -> None:
    # One consistent view of every table while the web keeps writing (PostgreSQL's default
    # READ COMMITTED would let a table dumped later see rows newer than one dumped earlier).
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        transaction.set_autocommit(False)
        connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _dump_tables(tar, files: dict, summary: Summary) -> list[dict]:
    tables = []
    for model in backed_up_models():
        label = model._meta.label_lower
        name = f"db/{label}.json"
        data = _table_json(model)
        _add(tar, name, io.BytesIO(data), len(data), files)
        rows = len(json.loads(data))
        tables.append({"model": label, "rows": rows, "file": name})
        summary.tables[label] = rows
    return tables


def _dump_media(tar, files: dict, summary: Summary) -> None:
    root = Path(settings.MEDIA_ROOT)
    for path in _media_files():
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            _add(tar, f"media/{path.relative_to(root).as_posix()}", stream, size, files)
        summary.files += 1
        summary.file_bytes += size


def create_backup(output: Path) -> Summary:
    """Write every table and every uploaded file to `output` (a .tar.gz)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    summary, files = Summary(archive=str(output)), {}
    was_autocommit = connection.get_autocommit()
    try:
        _snapshot_start()
        # The archive holds password hashes and personal data: readable by its owner only.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as tar:
            tables = _dump_tables(tar, files, summary)
            _dump_media(tar, files, summary)
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": connection.vendor,
                "migrations": _applied_migrations(),
                "tables": tables,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add(tar, MANIFEST, io.BytesIO(data), len(data), {})
    finally:
        if was_autocommit and not connection.get_autocommit():
            transaction.rollback()
            transaction.set_autocommit(True)
    partial.replace(output)
    summary.sha256 = _file_sha256(output)
    return summary


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- verify


DAMAGED = "ไฟล์สำรองเสียหายหรือไม่ใช่ไฟล์สำรองของระบบ ITA"
_TAR_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name == MANIFEST or path.parts[0] in {"db", "media"})
    )


def _member_sha256(tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest, stream = hashlib.sha256(), tar.extractfile(member)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except KeyError:
        raise BackupError(f"{DAMAGED}: ไม่มีรายการไฟล์ ({MANIFEST})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{DAMAGED}: รูปแบบ {manifest.get('format')!r} ไม่ใช่ {FORMAT}")
    return manifest


def verify_archive(tar: tarfile.TarFile) -> dict:
    """The manifest, once every file in the archive matches its SHA-256 and none is missing."""
    manifest = _read_manifest(tar)
    expected, seen = manifest["files"], set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
            raise BackupError(f"{DAMAGED}: มี {member.name} ที่ไม่อยู่ในรายการไฟล์")
        if _member_sha256(tar, member) != expected[member.name]["sha256"]:
            raise BackupError(f"{DAMAGED}: {member.name} ไม่ตรงกับค่า SHA-256 ในรายการไฟล์")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{DAMAGED}: ขาดไฟล์ {', '.join(missing[:5])}")
    return manifest


def _open(path: Path) -> tarfile.TarFile:
    if not Path(path).is_file():
        raise BackupError(f"ไม่พบไฟล์สำรอง {path}")
    try:
        return tarfile.open(path, "r:gz")
    except _TAR_ERRORS as exc:
        raise BackupError(f"{DAMAGED}: {exc}") from None


# --------------------------------------------------------------------------- restore


def _check_schema(manifest: dict) -> None:
    archived = {tuple(m) for m in manifest["migrations"]}
    here = {tuple(m) for m in _applied_migrations()}
    if archived != here:
        differ = sorted(f"{app}.{name}" for app, name in archived ^ here)
        raise BackupError(
            "รุ่นของฐานข้อมูลไม่ตรงกับข้อมูลสำรอง (migration ต่างกัน: "
            f"{', '.join(differ[:5])}) ให้ใช้ระบบรุ่นเดียวกับตอนสำรอง แล้วรัน manage.py migrate "
            "ก่อนกู้คืน"
        )


def _table(tar: tarfile.TarFile, entry: dict) -> list[dict]:
    return json.load(tar.extractfile(entry["file"]))


def _occupied_tables(tar: tarfile.TarFile, manifest: dict) -> list[str]:
    """Tables with rows, except the rows `migrate` itself writes (content types, permissions,
    and the provinces, when they are the archive's own)."""
    busy = []
    for entry in manifest["tables"]:
        model = apps.get_model(entry["model"])
        if entry["model"] in NATURAL or not model._base_manager.exists():
            continue
        stored = json.loads(_table_json(model))
        if entry["model"] in FROM_MIGRATIONS:
            archived = {row["pk"]: row for row in _table(tar, entry)}
            if all(archived.get(row["pk"]) == row for row in stored):
                continue
        busy.append(f"{model._meta.verbose_name} ({entry['model']}, {len(stored)} แถว)")
    return busy


def _occupied_files(tar: tarfile.TarFile) -> list[str]:
    root, busy = Path(settings.MEDIA_ROOT), []
    for member in tar.getmembers():
        if member.name.startswith("media/"):
            target = root / member.name.removeprefix("media/")
            if target.exists() and _file_sha256(target) != _member_sha256(tar, member):
                busy.append(member.name.removeprefix("media/"))
    return busy


def _refuse_if_occupied(tar: tarfile.TarFile, manifest: dict, *, force: bool) -> None:
    busy = _occupied_tables(tar, manifest) + ([] if force else _occupied_files(tar))
    if busy:
        raise BackupError(
            "ฐานข้อมูลหรือโฟลเดอร์ไฟล์ปลายทางมีข้อมูลอยู่แล้ว: "
            f"{', '.join(busy[:5])}{' …' if len(busy) > 5 else ''} กู้คืนได้เฉพาะฐานข้อมูลว่าง "
            "(สร้างใหม่ด้วย manage.py migrate) หรือใช้ --force เพื่อลบข้อมูลเดิมทั้งหมดก่อนกู้คืน"
        )


def _load_table(tar: tarfile.TarFile, entry: dict) -> tuple[int, int]:
    """(rows inserted, rows already there). Only INSERTs: nothing is updated."""
    model = apps.get_model(entry["model"])
    present = set(model._base_manager.values_list("pk", flat=True))
    stream = tar.extractfile(entry["file"])
    inserted = skipped = 0
    for item in serializers.deserialize("json", stream):
        if item.object.pk is not None and item.object.pk in present:
            skipped += 1  # a content type `migrate` made, or a row checked identical
            continue
        item.save(force_insert=True)
        inserted += 1
    return inserted, skipped


def _reset_sequences() -> None:
    # Rows came with their ids; the next id the database hands out must follow them.
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_media(tar: tarfile.TarFile, summary: Summary) -> None:
    root = Path(settings.MEDIA_ROOT)
    for member in tar.getmembers():
        if not member.name.startswith("media/"):
            continue
        target = root / member.name.removeprefix("media/")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with open(partial, "wb") as out:
            shutil.copyfileobj(tar.extractfile(member), out, CHUNK)
        partial.replace(target)
        summary.files += 1
        summary.file_bytes += member.size


def _load(tar: tarfile.TarFile, manifest: dict, summary: Summary) -> None:
    for entry in manifest["tables"]:
        inserted, skipped = _load_table(tar, entry)
        summary.tables[entry["model"]] = inserted
        if skipped:
            summary.skipped[entry["model"]] = skipped
    _reset_sequences()
    _restore_media(tar, summary)


def flush_database() -> None:
    if connection.in_atomic_block:
        # PostgreSQL will not TRUNCATE a table with deferred foreign-key checks pending from
        # earlier writes in the same transaction; run them now.
        connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def restore_backup(path: Path, *, force: bool = False) -> Summary:
    """Restore an archive made by create_backup; BackupError (Thai) when it refuses."""
    summary = Summary(archive=str(path))
    with _open(path) as tar:
        try:
            manifest = verify_archive(tar)
        except _TAR_ERRORS as exc:
            raise BackupError(f"{DAMAGED}: {exc}") from None
        _check_schema(manifest)
        if force:
            flush_database()
        _refuse_if_occupied(tar, manifest, force=force)  # forced: uploads are overwritten
        try:
            with transaction.atomic():
                _load(tar, manifest, summary)
        except (DeserializationError, LookupError, DatabaseError) as exc:
            raise BackupError(f"กู้คืนไม่สำเร็จ ฐานข้อมูลไม่ถูกเปลี่ยนแปลง: {exc}") from None
    ContentType.objects.clear_cache()
    summary.sha256 = _file_sha256(Path(path))
    return summary
