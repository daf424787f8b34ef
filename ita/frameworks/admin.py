from django.contrib import admin

from ita.audit.admin import AuditedAdmin
from ita.frameworks.models import DeclaredYear, Framework


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    """Frameworks are changed in their YAML files and loaded by ita_load_frameworks."""

    list_display = ["code", "name", "fiscal_year_from", "fiscal_year_to", "loaded_at"]
    readonly_fields = ["code", "name", "fiscal_year_from", "fiscal_year_to", "checksum"]
    exclude = ["definition"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeclaredYear)
class DeclaredYearAdmin(AuditedAdmin):
    """The national administrator declares which framework a year without its own uses, and
    changes it when the NACC publishes; every change is audited."""

    list_display = ["fiscal_year", "framework", "declared_at"]
