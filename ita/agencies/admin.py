from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from ita.agencies.garuda import checked_png
from ita.agencies.models import (
    Agency,
    District,
    Division,
    Garuda,
    Membership,
    OpinionStep,
    Province,
)
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


@admin.register(OpinionStep)
class OpinionStepAdmin(AuditedAdmin):
    list_display = ["agency_type", "agency", "order", "title", "role"]
    list_filter = ["agency_type", "role"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]


class GarudaForm(forms.ModelForm):
    class Meta:
        model = Garuda
        fields = ["agency", "image", "placeholder"]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if isinstance(upload, UploadedFile):  # a new upload, not the stored file
            png = checked_png(upload.read())  # django's ValidationError: shown on the field
            return ContentFile(png, name="garuda.png")
        return upload


@admin.register(Garuda)
class GarudaAdmin(AuditedAdmin):
    """The installation's ครุฑ (agency empty) and any agency's, checked as the upload page does."""

    form = GarudaForm
    list_display = ["__str__", "agency", "placeholder", "uploaded_at", "uploaded_by"]
    list_filter = ["placeholder"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
