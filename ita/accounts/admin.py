"""The libraries' own admins, re-registered on AuditedAdmin: test_admin_audit requires every
admin to write audit events, and test_dates every admin date to be Buddhist-era text."""

from __future__ import annotations

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db import transaction
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as LibraryTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from ita.audit.admin import NOTE, AuditedAdmin
from ita.audit.log import record

for model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AuditedAdmin, axes_admin.AccessAttemptAdmin):
    """Deleting a row here lifts a lockout before its cool-off (as axes_reset_username does)."""


@admin.register(AccessLog)
class AccessLogAdmin(AuditedAdmin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(AuditedAdmin, axes_admin.AccessFailureLogAdmin):
    pass


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(AuditedAdmin, LibraryTOTPDeviceAdmin):
    """View and delete only (a user who lost their phone): devices are enrolled by their owner
    on "my account", and the audit event must never carry the secret key."""

    search_help_text = "ค้นหาจากชื่อผู้ใช้หรือที่อยู่อีเมล"  # django-otp builds it in English

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self._audit_deletion(request, obj)
        admin.ModelAdmin.delete_model(self, request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit_deletion(request, obj)
        admin.ModelAdmin.delete_queryset(self, request, queryset)

    @staticmethod
    def _audit_deletion(request, obj):
        record(
            actor=request.user,
            action="admin.totpdevice_deleted",
            obj=obj.user,
            before={"device": obj.pk, "name": obj.name, "confirmed": obj.confirmed},
            note=NOTE,
        )
