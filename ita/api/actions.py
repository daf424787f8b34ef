"""Making and revoking personal access tokens: each one audited action (the token page and
the tests call these). The audit event names the token by its prefix, never its secret."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ita.api import tokens
from ita.api.models import PersonalAccessToken
from ita.audit.log import record

MAX_ACTIVE = 20  # a person with more live tokens than this has lost track of them


class TokenError(ValueError):
    """Said to the user in Thai; nothing was written."""


def active_tokens(user):
    now = timezone.now()
    return PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        expires_at__lte=now
    )


@transaction.atomic
def create_token(
    *, acting_user, name: str, expires_on: dt.date | None = None
) -> tuple[PersonalAccessToken, str]:
    """A new token of the acting user; returns it with the whole token text, which is shown
    once and kept nowhere."""
    name = name.strip()
    if not name:
        raise TokenError(_("กรุณาตั้งชื่อโทเค็น เช่น ชื่อโปรแกรมที่จะใช้"))
    if expires_on is not None and expires_on <= timezone.localdate():
        raise TokenError(_("วันหมดอายุต้องเป็นวันหลังจากวันนี้"))
    if active_tokens(acting_user).count() >= MAX_ACTIVE:
        raise TokenError(
            _("มีโทเค็นที่ใช้งานได้ครบ %(n)s รายการแล้ว กรุณาเพิกถอนรายการที่ไม่ใช้ก่อน") % {"n": MAX_ACTIVE}
        )
    parts = tokens.new_parts()
    expires_at = None
    if expires_on is not None:
        # the end of the chosen day, Bangkok time: "expires 31/12" means usable on the 31st
        expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    token = PersonalAccessToken.objects.create(
        user=acting_user,
        name=name,
        prefix=parts.prefix,
        secret_hash=tokens.hash_secret(parts.secret),
        expires_at=expires_at,
    )
    record(
        actor=acting_user, action="api.token_created", obj=token,
        after={"name": token.name, "prefix": token.prefix,
               "expires_at": expires_at.isoformat() if expires_at else None},
    )  # fmt: skip
    return token, parts.token


@transaction.atomic
def revoke_token(*, acting_user, token: PersonalAccessToken) -> PersonalAccessToken:
    if token.user_id != acting_user.pk:
        raise TokenError(_("เพิกถอนได้เฉพาะโทเค็นของตนเอง"))
    token = PersonalAccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError(_("โทเค็นนี้ถูกเพิกถอนไปแล้ว"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=acting_user, action="api.token_revoked", obj=token,
        before={"name": token.name, "prefix": token.prefix},
    )  # fmt: skip
    return token
