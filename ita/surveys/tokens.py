"""IIT slip tokens: 80 random bits and a check letter, printed once and never kept. The database
holds only the SHA-256 of each unused token, and no secret of the server can recompute a token,
so neither a copy of the database nor the SECRET_KEY answers for anyone (docs/security.md).

The check letter lets a respondent be told "this slip has been used" (a well-formed token that
is no longer in the table) apart from "this is not a slip" (a mistyped one) without keeping used
slips anywhere."""

from __future__ import annotations

import base64
import hashlib
import secrets

TOKEN_BYTES = 10  # 80 bits: far beyond guessing; 16 letters and digits to type, + 1 check
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32 without padding, lower case


def new_public_code() -> str:
    return secrets.token_urlsafe(9)[:12]


def _check(body: str) -> str:
    return ALPHABET[hashlib.sha256(body.encode()).digest()[0] % len(ALPHABET)]


def new_token() -> str:
    body = base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode().lower()
    return body + _check(body)


def well_formed(token: str) -> bool:
    token = token.strip().lower()
    body, check = token[:-1], token[-1:]
    return len(body) == 16 and set(body) <= set(ALPHABET) and check == _check(body)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode()).hexdigest()
