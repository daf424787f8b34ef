"""The dashboards' query strings as plain values; a value that does not parse is an error shown
in the reader's language and the table falls back to no filter (nothing is written from here)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ita.assessments.forms import FiscalYearField, ScoreField
from ita.frameworks import years
from ita.oversight import rules
from ita.oversight.queries import Filters

SELECT = {"class": "form-select form-select-sm"}


class YearForm(forms.Form):
    year = FiscalYearField(label=_("ปีงบประมาณ (พ.ศ.)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        # read once per form, not at each rendering of the select (the query budget)
        field.choices = years.year_choices()
        field.initial = years.default_year()
        field.widget.attrs["class"] = "form-select form-select-sm"

    def chosen_year(self) -> int | None:
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return self.fields["year"].initial


class DashboardForm(YearForm):
    group = forms.ChoiceField(
        label=_("กลุ่ม"),
        required=False,
        choices=[("", _("ทุกกลุ่ม"))] + [(k, label) for k, (label, _t) in rules.GROUPS.items()],
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("ประเภท"),
        required=False,
        choices=[("", _("ทุกประเภท"))] + [(k, label) for k, (label, _t) in rules.KINDS.items()],
        widget=forms.Select(attrs=SELECT),
    )
    district = forms.TypedChoiceField(
        label=_("อำเภอ"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    indicator = forms.TypedChoiceField(
        label=_("ตัวชี้วัด"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    below = ScoreField(label=pgettext_lazy("filter", "ต่ำกว่า"), required=False)
    o42 = forms.ChoiceField(
        label=_("การวิเคราะห์ผล (O42)"),
        required=False,
        choices=[("", _("ทุกสถานะ")), *rules.O42_STATES.items()],
        widget=forms.Select(attrs=SELECT),
    )
    o43 = forms.ChoiceField(
        label=_("รายงาน O43"),
        required=False,
        choices=[
            ("", pgettext_lazy("filter", "ทั้งหมด")),
            ("reported", _("รายงานแล้วอย่างน้อยหนึ่งรอบ")),
            ("late", _("มีรอบที่รายงานล่าช้า")),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    result = forms.ChoiceField(
        label=_("ผลการประเมิน"),
        required=False,
        choices=[("", pgettext_lazy("filter", "ทั้งหมด")), ("fail", _("ไม่ผ่านเกณฑ์")),
                 ("pass", _("ผ่านเกณฑ์")), ("missing", _("ยังไม่มีผล"))],
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    q = forms.CharField(label=_("ค้นหา"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("เรียงตาม"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, districts, indicators, sorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", gettext("ทุกอำเภอ"))] + [
            (d.pk, gettext("อำเภอ%(name)s") % {"name": d.name}) for d in districts
        ]
        self.fields["indicator"].choices = [("", "–")] + [
            (n, gettext("ตัวชี้วัดที่ %(n)s") % {"n": n}) for n in indicators
        ]
        self.fields["sort"].choices = sorts
        small = "form-control form-control-sm"
        self.fields["below"].widget.attrs.update({"class": small, "placeholder": gettext("เช่น 50")})
        self.fields["q"].widget.attrs.update(
            {"class": small, "placeholder": gettext("ชื่อหรือรหัสหน่วยงาน")}
        )

    def clean(self):
        data = super().clean()
        if data.get("below") is not None and not data.get("indicator"):
            self.add_error("indicator", gettext("กรุณาเลือกตัวชี้วัดที่ต้องการกรองคะแนน"))
        return data

    def filters(self) -> Filters:
        """The filters that parsed; none when the form has errors (the page says which)."""
        if not self.is_valid():
            return Filters()
        d = self.cleaned_data
        below: Decimal | None = d.get("below")
        return Filters(
            group=d.get("group") or "",
            kind=d.get("kind") or "",
            district=d.get("district"),
            indicator=d.get("indicator"),
            below=below,
            o42=d.get("o42") or "",
            o43=d.get("o43") or "",
            result=d.get("result") or "",
            q=(d.get("q") or "").strip(),
            sort=d.get("sort") or "",
        )


class NationalForm(YearForm):
    sort = forms.ChoiceField(
        label=_("เรียงตาม"),
        required=False,
        choices=[("", _("คะแนนเฉลี่ย สูงไปต่ำ")), ("avg_total", _("คะแนนเฉลี่ย ต่ำไปสูง")),
                 ("failed", _("จำนวนที่ไม่ผ่านเกณฑ์ มากไปน้อย")), ("name", _("ชื่อจังหวัด"))],
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
