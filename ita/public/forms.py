"""Forms of the public pages and of the publication decision: they validate and convert, the
queries and actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ita.agencies.models import AgencyType, Province
from ita.public.models import Kind

SELECT = {"class": "form-select"}
# a NUL byte in a query string reaches PostgreSQL as an error: the forms refuse it first
NO_NUL = {"null_characters_not_allowed": _("คำค้นมีอักขระที่ใช้ไม่ได้")}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("ชื่อหน่วยงาน"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("คำค้นยาวได้ไม่เกิน 100 ตัวอักษร"), **NO_NUL},
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("เช่น เทศบาลเมืองแม่ฮ่องสอน")}
        ),
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        required=False,
        queryset=Province.objects.order_by("name"),
        empty_label=_("ทุกจังหวัด"),
        to_field_name="code",
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("ไม่พบจังหวัดที่เลือก"), **NO_NUL},
    )
    agency_type = forms.ChoiceField(
        label=_("ประเภทหน่วยงาน"),
        required=False,
        choices=[("", _("ทุกประเภท")), *AgencyType.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("ไม่รู้จักประเภทหน่วยงานที่เลือก")},
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"query": "", "province": None, "agency_type": ""}
        data = self.cleaned_data
        return {"query": data["q"].strip(), "province": data["province"],
                "agency_type": data["agency_type"]}  # fmt: skip


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("ปีงบประมาณ (พ.ศ.)"),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("ยังไม่มีผลที่เผยแพร่ของปีที่เลือก")},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, gettext("พ.ศ. %(year)s") % {"year": y}) for y in years]
        self.default = years[0] if years else None

    def chosen(self) -> int | None:
        return self.cleaned_data["year"] if self.is_valid() else self.default


class PublishForm(forms.Form):
    """One decision: publish or withdraw one thing of the agency."""

    decision = forms.ChoiceField(
        choices=[("publish", _("เผยแพร่")), ("unpublish", _("ยกเลิกการเผยแพร่"))]
    )
    kind = forms.ChoiceField(choices=Kind.choices)
    fiscal_year = forms.IntegerField(min_value=2556, max_value=2700)
    round_month = forms.IntegerField(required=False, min_value=0, max_value=12)
    version = forms.IntegerField(required=False, min_value=1)

    def error_text(self) -> str:
        return (
            gettext("ข้อมูลที่ส่งมาไม่ถูกต้อง:")
            + " "
            + "; ".join(f"{name}: {' '.join(errors)}" for name, errors in self.errors.items())
        )
