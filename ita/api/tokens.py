"""The shape of a personal access token, as plain functions: make one, read one back, hash
its secret, compare in constant time. Nothing here touches the database."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

SCHEME = "ita"
PREFIX_BYTES = 4  # 8 hex digits: finds the row, says nothing of the secret
SECRET_BYTES = 32  # 256 bits
_SHAPE = re.compile(
    rf"^{SCHEME}_([0-9a-f]{{{PREFIX_BYTES * 2}}})_([0-9a-f]{{{SECRET_BYTES * 2}}})$"
)


@dataclass(frozen=True)
class Parts:
    prefix: str
    secret: str

    @property
    def token(self) -> str:
        return f"{SCHEME}_{self.prefix}_{self.secret}"


def new_parts() -> Parts:
    return Parts(secrets.token_hex(PREFIX_BYTES), secrets.token_hex(SECRET_BYTES))


def parse(token: str) -> Parts | None:
    """The prefix and secret of `ita_<prefix>_<secret>`, or None for anything else."""
    found = _SHAPE.match(token.strip())
    return Parts(found[1], found[2]) if found else None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def matches(secret: str, stored_hash: str) -> bool:
    # constant time: how much of a guess was right must not show in the response time
    return hmac.compare_digest(hash_secret(secret), stored_hash)
