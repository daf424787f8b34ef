"""Shared file storage, checked: the storage the settings name (a folder under MEDIA_ROOT, or an
S3-compatible bucket with ITA_S3_BUCKET) takes a file, gives it back byte for byte, and lets it
go. Run on every web and worker machine after a deployment (`ita_storage_check`), so a wrong
key or endpoint shows there and then, not at an officer's first upload."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages

PROBE_DIR = "ops/storage-check"


class StorageError(Exception):
    """The storage refused, with a Thai message for the operator (exit code 2)."""


@dataclass
class Summary:
    backend: str
    location: str
    created_bucket: bool = False

    def as_json(self) -> dict:
        return {"ok": True, "backend": self.backend, "location": self.location,
                "created_bucket": self.created_bucket}  # fmt: skip


def _is_s3(storage) -> bool:
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def ensure_bucket(storage) -> bool:
    """Create the S3 bucket when it is missing (a fresh MinIO); True if it was created."""
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        return False
    except client.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
            raise
    client.create_bucket(Bucket=storage.bucket_name)
    return True


def check(*, create_bucket: bool = False) -> Summary:
    storage = storages["default"]  # what default_storage (and every FileField) uses
    s3 = _is_s3(storage)
    where = f"s3://{storage.bucket_name}/{storage.location}" if s3 else str(storage.location)
    summary = Summary(backend=f"{storage.__class__.__module__}.{storage.__class__.__name__}",
                      location=where)  # fmt: skip
    body = secrets.token_bytes(64)
    try:
        if s3 and create_bucket:
            summary.created_bucket = ensure_bucket(storage)
        name = storage.save(f"{PROBE_DIR}/{secrets.token_hex(8)}.bin", ContentFile(body))
        with storage.open(name, "rb") as stored:
            back = stored.read()
        storage.delete(name)
    except Exception as exc:  # boto's, the OS's: the operator needs the class, not a traceback
        raise StorageError(
            f"ที่เก็บไฟล์ {where} ใช้ไม่ได้ ({exc.__class__.__name__}): ตรวจ ITA_S3_* หรือสิทธิ์ของโฟลเดอร์"
        ) from exc
    if back != body:
        raise StorageError(f"ที่เก็บไฟล์ {where} คืนไฟล์ไม่ตรงกับที่เขียน")
    return summary
