"""IIT slip tokens. A slip's token is derived from the wave's secret, the server's SECRET_KEY and
the slip number, so a jammed print run can be printed again; the database keeps only the
SHA-256 of each token, so a copy of the database alone cannot answer for anyone."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

# Letters and digits a person can read off a slip: base32 without padding, lower case.
TOKEN_BYTES = 10  # 80 bits: far beyond guessing, 16 characters to type


def new_secret() -> str:
    return secrets.token_hex(16)


def new_public_code() -> str:
    return secrets.token_urlsafe(9)[:12]


def slip_token(wave_secret: str, serial: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"iit:{wave_secret}:{serial}".encode(), hashlib.sha256
    ).digest()
    return base64.b32encode(digest[:TOKEN_BYTES]).decode().lower()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode()).hexdigest()
