"""The Django admin writes the same audit events as the pages: every registered ModelAdmin
inherits AuditedAdmin (test_admin_audit walks the registry), so a rename of an agency or a new
membership made in /admin/ is as traceable as one made through an action."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from ita.audit.log import record
from ita.audit.models import AuditEvent
from ita.lib.forms import (
    ThaiDateField,
    ThaiDateInput,
    ThaiSplitDateTimeField,
    ThaiSplitDateTimeWidget,
)

NOTE = "แก้ไขผ่านหน้าผู้ดูแลระบบ (Django admin)"
SECRET = "(ไม่บันทึกค่า)"  # a password hash never goes into the log


def _plain(value):
    """A JSON value a person can read: a related row as "name (#pk)", dates in ISO."""
    if isinstance(value, models.Model):
        return f"{value} (#{value.pk})"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(_plain(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _fields(model) -> dict[str, models.Field]:
    opts = model._meta
    return {f.name: f for f in [*opts.concrete_fields, *opts.many_to_many] if not f.primary_key}


def snapshot(obj, names=None) -> dict:
    """The named fields of a row as stored (every field when names is None)."""
    fields = _fields(type(obj))
    values = {}
    for name in fields if names is None else [n for n in names if n in fields]:
        field = fields[name]
        if "password" in name:
            values[name] = SECRET
        elif field.many_to_many:
            values[name] = _plain(list(getattr(obj, name).all())) if obj.pk else []
        else:
            values[name] = _plain(getattr(obj, name))
    return values


def _agency_of(obj, deleting: bool = False):
    from ita.agencies.models import Agency

    if isinstance(obj, Agency):
        # an event pointing at a deleted agency would refuse (PROTECT) the deletion itself
        return None if deleting else obj
    agency = getattr(obj, "agency", None)
    return agency if isinstance(agency, Agency) else None


def _actor(request, obj):
    return None if obj == request.user else request.user  # an admin deleting their own user


def _audit(request, verb: str, obj, before=None, after=None, deleting: bool = False):
    record(
        actor=_actor(request, obj) if deleting else request.user,
        action=f"admin.{obj._meta.model_name}_{verb}",
        obj=obj,
        agency=_agency_of(obj, deleting),
        before=before,
        after=after,
        note=NOTE,
    )


def _audit_form(request, form, change: bool, before: dict | None = None) -> None:
    obj = form.instance
    if not change:
        _audit(request, "added", obj, after=snapshot(obj))
        return
    after = snapshot(obj, form.changed_data)
    if after:
        _audit(request, "changed", obj, before=before, after=after)


class AuditedAdmin(admin.ModelAdmin):
    """Add, change (before → after of the changed fields, inlines included) and delete in the
    admin each write an AuditEvent inside the admin's transaction."""

    formfield_overrides = {
        models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateInput},
        models.DateTimeField: {
            "form_class": ThaiSplitDateTimeField,
            "widget": ThaiSplitDateTimeWidget,
        },
    }

    def save_model(self, request, obj, form, change):
        if change:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            form._audit_before = snapshot(stored, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()  # as ModelAdmin.save_related, with the event between m2m and inlines
        _audit_form(request, form, change, getattr(form, "_audit_before", None))
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            _audit(request, "deleted", obj, before=snapshot(obj), deleting=True)
        changed = {
            f: snapshot(type(f.instance)._default_manager.get(pk=f.instance.pk), f.changed_data)
            for f in formset.initial_forms
            if f.has_changed() and f not in formset.deleted_forms
        }
        super().save_formset(request, form, formset, change)
        for f, before in changed.items():
            _audit_form(request, f, True, before)
        for f in formset.extra_forms:
            if f.has_changed() and f not in formset.deleted_forms and f.instance.pk:
                _audit_form(request, f, False)

    def delete_model(self, request, obj):
        _audit(request, "deleted", obj, before=snapshot(obj), deleting=True)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _audit(request, "deleted", obj, before=snapshot(obj), deleting=True)
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "agency"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor", "agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


PERMISSION_VERBS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


def thai_permission(permission) -> str:
    """Django stores "Can add user" in English at migrate time; the admin shows it in Thai."""
    verb = permission.codename.partition("_")[0]
    model_class = permission.content_type.model_class()
    if verb not in PERMISSION_VERBS or model_class is None:
        return str(permission)
    opts = model_class._meta
    return f"{opts.app_config.verbose_name} | {PERMISSION_VERBS[verb]}{opts.verbose_name}"


class ThaiPermissionsAdmin(admin.ModelAdmin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = thai_permission
        return field


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AuditedAdmin, ThaiPermissionsAdmin, auth_admin.UserAdmin):
    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User._default_manager.get(pk=id)
            _audit(request, "password_changed", user, after={"password": SECRET})
        return response


@admin.register(Group)
class GroupAdmin(AuditedAdmin, ThaiPermissionsAdmin, auth_admin.GroupAdmin):
    pass
