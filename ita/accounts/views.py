"""Log in (with a second step for users who enrolled a TOTP app), password reset and change
through Django's own views with the project's templates, and the "my account" page."""

from __future__ import annotations

import time

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ita.accounts import actions
from ita.agencies.access import is_national
from ita.agencies.models import Role

PENDING = "ita_pending_login"
PENDING_SECONDS = 300  # the code step must follow the password step promptly
OFFERED_TO = {Role.ASSESSOR, Role.NATIONAL_ADMIN}


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("รหัส 6 หลักจากแอป"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("กรุณากรอกรหัส 6 หลักจากแอปยืนยันตัวตน"),
            "max_length": gettext_lazy("รหัสจากแอปมี 6 หลัก กรุณากรอกใหม่"),
        },
    )


class LoginForm(AuthenticationForm):
    """Django's form sets the username's max_length after the field is made, so no validator
    enforces it: a 5,000-letter name reached authenticate(), and django-axes's record of the
    failed attempt (a 255-character column) was a 500 on PostgreSQL."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError(gettext("ชื่อผู้ใช้ยาวเกินไป"))
        return username


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        if actions.confirmed_device(user) is None:
            return super().form_valid(form)
        # The password was right; the session is not logged in until the code is too.
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("accounts:login_code")


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def login_code(request):
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, gettext("กรุณาเข้าสู่ระบบอีกครั้ง"))
        return redirect("login")
    device = actions.confirmed_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", gettext("กรอกรหัสผิดหลายครั้ง กรุณารอสักครู่แล้วลองใหม่"))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            del request.session[PENDING]
            user.otp_device = device  # django-otp keeps it in the session on login
            login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        else:
            form.add_error("token", gettext("รหัสไม่ถูกต้องหรือหมดเวลาแล้ว กรุณากรอกรหัสล่าสุดจากแอป"))
    return render(request, "accounts/login_code.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        actions.password_changed(acting_user=form.user, how="password_reset")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        response = super().form_valid(form)
        actions.password_changed(acting_user=form.user, how="password_change")
        messages.success(self.request, gettext("เปลี่ยนรหัสผ่านแล้ว"))
        return response


def _qr_data_uri(device) -> str:
    # A data: URI (the CSP allows data: images only): the secret never leaves the page.
    return segno.make(device.config_url, error="m").png_data_uri(scale=5, border=2)


@login_required
@never_cache
def me(request):
    user = request.user
    roles = {m.role for m in user.memberships.all()}
    device = actions.pending_device(user)
    context = {
        "memberships": user.memberships.select_related("agency", "division", "province"),
        "enrolled": actions.confirmed_device(user) is not None,
        "offered": bool(roles & OFFERED_TO) or is_national(user),
        "pending": device,
        "qr": _qr_data_uri(device) if device else None,
        "secret": _base32(device) if device else "",
        "form": CodeForm(),
    }
    return render(request, "accounts/me.html", context)


def _base32(device) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_POST
def totp_start(request):
    actions.start_totp(acting_user=request.user)
    return redirect("accounts:me")


@login_required
@require_POST
@sensitive_post_parameters("token")
def totp_confirm(request):
    form = CodeForm(request.POST)
    if form.is_valid() and actions.confirm_totp(
        acting_user=request.user, token=form.cleaned_data["token"].strip()
    ):
        messages.success(
            request,
            gettext("เปิดใช้การยืนยันตัวตนสองขั้นตอนแล้ว ครั้งต่อไประบบจะถามรหัสจากแอป"),
        )
    else:
        messages.error(request, gettext("รหัสไม่ถูกต้อง กรุณากรอกรหัส 6 หลักล่าสุดที่แอปแสดง"))
    return redirect("accounts:me")


@login_required
@require_POST
@sensitive_post_parameters("token")
def totp_remove(request):
    form = CodeForm(request.POST)
    if form.is_valid() and actions.remove_totp(
        acting_user=request.user, token=form.cleaned_data["token"].strip()
    ):
        messages.success(request, gettext("ปิดการยืนยันตัวตนสองขั้นตอนแล้ว"))
    else:
        messages.error(request, gettext("รหัสไม่ถูกต้อง จึงยังไม่ปิดการยืนยันตัวตนสองขั้นตอน"))
    return redirect("accounts:me")
