"""A proof-of-work challenge for a public EIT link past its budget (finding 11), with no outside
service: the server signs a random nonce, the link and the difficulty; the respondent's browser
(static/surveys/challenge.js, crypto.subtle) finds a number n such that SHA-256("<token>:<n>")
starts with `bits` zero bits; the server checks the signature, the age, the link, the hash, and
that the nonce was not used before (the cache remembers used nonces until they would expire).

Why proof of work and no question for people without JavaScript: any question a person answers
without a script (a sum, a Thai word) a script answers too, at no cost, so a fallback would make
the work pointless. The challenge is asked only of a link past its daily budget or of an address
past its allowance; a respondent without JavaScript is told so in Thai (another day, another
connection). Why not the `altcha` package: its server side is these few HMAC lines, and its
widget would bring a vendored bundle that injects styles our Content-Security-Policy refuses.

Nothing here touches an answer: the nonce is random, the token says nothing about the person,
and the used-nonce mark is not linked to the answer it let in."""

from __future__ import annotations

import hashlib
import re
import secrets
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from ita.surveys import ratelimit

SALT = "ita.surveys.challenge"
# An hour: the challenge comes with the form, and a long questionnaire on a phone takes a while.
DEFAULT_LIFETIME = 3600
_SOLUTION = re.compile(r"[0-9]{1,12}")


class Verdict(StrEnum):
    OK = "ok"
    MISSING = "missing"
    WRONG = "wrong"  # forged, another link's, too easy, or a number that does not solve it
    EXPIRED = "expired"
    REPLAYED = "replayed"


MESSAGES = {
    Verdict.MISSING: _("ต้องยืนยันก่อนส่ง (เครื่องของท่านยังคำนวณรหัสยืนยันไม่เสร็จ หรือปิด JavaScript ไว้)"),
    Verdict.WRONG: _("รหัสยืนยันไม่ถูกต้อง"),
    Verdict.EXPIRED: _("รหัสยืนยันหมดอายุแล้ว"),
    Verdict.REPLAYED: _("รหัสยืนยันนี้ใช้ไปแล้ว"),
}


def lifetime() -> int:
    return int(getattr(settings, "ITA_SURVEY_CHALLENGE_LIFETIME", DEFAULT_LIFETIME))


def issue(wave_code: str, bits: int) -> str:
    return signing.dumps({"w": wave_code, "n": secrets.token_urlsafe(12), "b": bits}, salt=SALT)


def leading_zero_bits_at_least(token: str, solution: str, bits: int) -> bool:
    digest = hashlib.sha256(f"{token}:{solution}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def verify(token: str, solution: str, wave_code: str, bits: int) -> Verdict:
    """`bits` is what the server asks now; a token signed for fewer is not enough."""
    if not token or not solution:
        return Verdict.MISSING
    try:
        payload = signing.loads(token, salt=SALT, max_age=lifetime())
    except signing.SignatureExpired:
        return Verdict.EXPIRED
    except (signing.BadSignature, ValueError, UnicodeError):
        return Verdict.WRONG
    if not isinstance(payload, dict) or payload.get("w") != wave_code:
        return Verdict.WRONG
    signed_bits = payload.get("b")
    if not isinstance(signed_bits, int) or signed_bits < bits or not _SOLUTION.fullmatch(solution):
        return Verdict.WRONG
    if not leading_zero_bits_at_least(token, solution, signed_bits):
        return Verdict.WRONG
    return Verdict.OK if _first_use(str(payload.get("n"))) else Verdict.REPLAYED


def _first_use(nonce: str) -> bool:
    """Mark the nonce used; False when it already was. A cache outage lets it through (as the
    rate limit does): losing a real answer is worse than one more replay."""
    try:
        return caches[ratelimit.cache_alias()].add(f"ita:pow:{nonce}", 1, timeout=lifetime() + 60)
    except Exception:
        ratelimit.logger.warning("challenge cache unavailable; accepting", exc_info=True)
        return True
