"""The uploaded file between its preview and the administrator's confirmation: a short-lived copy
in the project's file storage (shared by every web process, unlike a temporary file), under a
random name in a folder of the uploader's own. The confirmation names the copy and the checksum
the preview showed, so what is loaded is exactly what was previewed."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "framework-uploads"
KEPT_FOR = timedelta(hours=1)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{24}$")
EXTENSIONS = (".xlsx", ".yaml", ".yml")


def keep(user_id: int, filename: str, content: bytes) -> str:
    """Store a copy and return the token that names it."""
    _forget_old(user_id)
    token = secrets.token_urlsafe(18)  # 24 characters
    extension = next((e for e in EXTENSIONS if filename.lower().endswith(e)), ".bin")
    default_storage.save(_path(user_id, token, extension), ContentFile(content))
    name = filename.encode("utf-8", "replace")[:200]
    default_storage.save(_path(user_id, token, ".name"), ContentFile(name))
    return token


def fetch(user_id: int, token: str) -> tuple[str, bytes] | None:
    """(original filename, content) of the user's copy, or None when it is not theirs, is
    gone, or is older than KEPT_FOR."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    for extension in EXTENSIONS:
        path = _path(user_id, token, extension)
        if not default_storage.exists(path):
            continue
        if timezone.now() - default_storage.get_modified_time(path) > KEPT_FOR:
            discard(user_id, token)
            return None
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
        name = _read_name(user_id, token) or f"upload{extension}"
        # the stored extension decides how the file is read, whatever the name said
        return (name if name.lower().endswith(extension) else f"{name}{extension}"), content
    return None


def discard(user_id: int, token: str) -> None:
    if not TOKEN.match(token or ""):
        return
    for extension in (*EXTENSIONS, ".bin", ".name"):
        path = _path(user_id, token, extension)
        if default_storage.exists(path):
            default_storage.delete(path)


def _read_name(user_id: int, token: str) -> str:
    path = _path(user_id, token, ".name")
    if not default_storage.exists(path):
        return ""
    with default_storage.open(path, "rb") as stored:
        return stored.read().decode("utf-8", "replace")


def _forget_old(user_id: int) -> None:
    folder = f"{FOLDER}/{int(user_id)}"
    try:
        _, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        path = f"{folder}/{name}"
        if timezone.now() - default_storage.get_modified_time(path) > KEPT_FOR:
            default_storage.delete(path)


def _path(user_id: int, token: str, extension: str) -> str:
    return f"{FOLDER}/{int(user_id)}/{token}{extension}"
