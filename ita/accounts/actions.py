"""Changes a user makes to their own account; each writes its audit event."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ita.audit.log import record

DEVICE_NAME = "แอปยืนยันตัวตน"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def start_totp(*, acting_user) -> TOTPDevice:
    """A fresh secret to scan; it protects nothing until a code from it is confirmed."""
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=acting_user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_totp(*, acting_user, token: str) -> bool:
    device = pending_device(acting_user)
    if device is None or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=acting_user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(actor=acting_user, action="totp_enabled", obj=acting_user, after={"device": device.pk})
    return True


@transaction.atomic
def remove_totp(*, acting_user, token: str) -> bool:
    """Turning the second factor off asks for a current code, so a borrowed session cannot."""
    device = confirmed_device(acting_user)
    if device is None or not device.verify_token(token):
        return False
    device.delete()
    record(actor=acting_user, action="totp_disabled", obj=acting_user)
    return True


def password_changed(*, acting_user, how: str) -> None:
    """how: "password_reset" (through the e-mailed link) or "password_change" (logged in)."""
    record(actor=acting_user, action=how, obj=acting_user)
