from django.contrib import admin

from ita.audit.admin import AuditedAdmin
from ita.notifications.models import Preference


@admin.register(Preference)
class PreferenceAdmin(AuditedAdmin):
    list_display = ("user", "delivery")
    raw_id_fields = ("user",)
