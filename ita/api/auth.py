"""Who is calling: a personal access token in `Authorization: Bearer ita_<prefix>_<secret>`,
or nobody. The session cookie is never read: a page the user has open elsewhere could make
the browser send it (a cross-site request), so a logged-in browser is anonymous here.

Two auth objects for django-ninja: `optional` (public data; a token, when sent, must be good,
else 401 — a mistyped token must not quietly read less) and `required` (private data only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from ita.api import tokens
from ita.api.models import PersonalAccessToken

# last_used_at is written at most this often per token: not one UPDATE per request
LAST_USED_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    user: object  # a User, or AnonymousUser
    token: PersonalAccessToken | None = None

    @property
    def anonymous(self) -> bool:
        return self.token is None

    def __str__(self) -> str:  # the throttle keys on this
        return f"token:{self.token.pk}" if self.token else "anonymous"


ANONYMOUS = Caller(AnonymousUser())


def token_caller(raw: str) -> Caller | None:
    """The caller a token stands for, or None when it is malformed, unknown, revoked or expired
    (the same answer for all four, so a response tells nothing about which)."""
    parts = tokens.parse(raw)
    if parts is None:
        return None
    token = PersonalAccessToken.objects.select_related("user").filter(prefix=parts.prefix).first()
    if token is None or not tokens.matches(parts.secret, token.secret_hash):
        return None
    now = timezone.now()
    if not token.usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Caller(token.user, token)


class BearerToken(HttpBearer):
    """One class for both uses, so the OpenAPI document names one security scheme."""

    def __init__(self, *, optional: bool):
        super().__init__()
        self.optional = optional

    def __call__(self, request):
        header = request.headers.get(self.header)
        if not header:
            return ANONYMOUS if self.optional else None
        scheme, _, value = header.partition(" ")
        caller = token_caller(value) if scheme.lower() == "bearer" else None
        if caller is None:
            raise AuthenticationError()
        return caller

    def authenticate(self, request, token: str) -> Caller | None:  # pragma: no cover
        return token_caller(token)  # HttpBearer's abstract method; __call__ does the work


required = BearerToken(optional=False)
optional = BearerToken(optional=True)
# what the OpenAPI document says of an endpoint that answers anonymously too
OPTIONAL_SECURITY = {"security": [{}]}  # appended to the scheme ninja lists
