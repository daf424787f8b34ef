"""Optional TOTP second factor: a user enrols on "my account" (QR code), and from then on the
login asks for the app's code after the password. Every change goes into the audit log."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ita.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"


def code(device, offset=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    client.post(reverse("accounts:totp_start"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.get(reverse("accounts:me")).content.decode()
    assert 'src="data:image/png;base64,' in page  # the QR code, inline as the CSP allows
    response = client.post(reverse("accounts:totp_confirm"), {"token": code(device)}, follow=True)
    assert "เปิดใช้การยืนยันตัวตนสองขั้นตอนแล้ว" in response.content.decode()
    client.logout()
    device.refresh_from_db()
    return device


def test_assessors_and_the_national_admin_are_offered_two_factor(client, world):
    offer = "ขอแนะนำให้เปิดการยืนยันตัวตนสองขั้นตอน"
    for user, offered in ((world.assessor, True), (world.national, True), (world.officer, False)):
        client.force_login(user)
        assert (offer in client.get(reverse("accounts:me")).content.decode()) is offered


def test_once_enrolled_the_login_asks_for_the_code(client, world):
    device = enrol(client, world.assessor)
    assert device.confirmed
    assert AuditEvent.objects.filter(action="totp_enabled", object_id=str(world.assessor.pk))

    response = client.post(reverse("login"), {"username": "assessor", "password": PASSWORD})
    assert response.url == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session  # the password alone does not log in
    assert client.get(reverse("home")).status_code == 302

    wrong = client.post(reverse("accounts:login_code"), {"token": "000000"})
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    device.refresh_from_db()
    device.throttle_reset()  # the wrong code started django-otp's back-off
    response = client.post(reverse("accounts:login_code"), {"token": code(device, 30)})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(world.assessor.pk)


def test_a_code_page_without_a_password_step_sends_back_to_login(client, world):
    response = client.post(reverse("accounts:login_code"), {"token": "123456"})
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_odd_input_is_a_thai_message_not_a_500(client, world):
    device = enrol(client, world.national)
    client.post(reverse("login"), {"username": "national", "password": PASSWORD})
    answers = {
        "": "กรุณากรอกรหัส 6 หลักจากแอปยืนยันตัวตน",
        "²²²²²²": "รหัสไม่ถูกต้องหรือหมดเวลาแล้ว",
        "x" * 50: "รหัสจากแอปมี 6 หลัก",
    }
    for token, message in answers.items():
        device.throttle_reset()
        response = client.post(reverse("accounts:login_code"), {"token": token})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "_auth_user_id" not in client.session
    # a code typed with Thai digits is the same code
    device.throttle_reset()
    thai = code(device, 30).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    client.post(reverse("accounts:login_code"), {"token": thai})
    assert client.session["_auth_user_id"] == str(world.national.pk)


def test_turning_it_off_needs_a_current_code(client, world):
    device = enrol(client, world.officer)
    client.force_login(world.officer)
    client.post(reverse("accounts:totp_remove"), {"token": "000000"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    device.refresh_from_db()
    device.throttle_reset()
    client.post(reverse("accounts:totp_remove"), {"token": code(device, 30)})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action="totp_disabled", object_id=str(world.officer.pk))


def test_an_administrator_deletes_a_lost_phone_and_the_log_keeps_no_secret(client, world):
    device = enrol(client, world.assessor)
    root = type(world.assessor).objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    (event,) = AuditEvent.objects.filter(action="admin.totpdevice_deleted")
    assert event.actor == root and event.object_id == str(world.assessor.pk)
    assert device.key not in str(event.before)
    # the admin offers no way to read or change a device's secret
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
