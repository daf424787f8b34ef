from django.contrib import admin

from ita.agencies.models import Agency, District, Division, Membership, Province
from ita.audit.admin import AuditedAdmin


class DivisionInline(admin.TabularInline):
    model = Division
    extra = 1


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["code", "name", "agency_type", "province", "district", "is_demo"]
    list_filter = ["agency_type", "province", "is_demo"]
    search_fields = ["code", "name"]
    list_select_related = ["province", "district"]
    inlines = [DivisionInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "agency", "division", "province"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["user", "agency", "division", "province"]


@admin.register(Province)
class ProvinceAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["name", "name_en"]


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "province"]
    list_filter = ["province"]
