"""Forms for officers (opening waves); respondents' answers are read by
questionnaire.read_answers, since the questions come from the framework, not from a form class."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ita.assessments.forms import FiscalYearField
from ita.frameworks import years
from ita.lib.forms import ThaiDateField
from ita.lib.thai_text import to_arabic_digits
from ita.surveys.models import Tool

# the model keeps the Thai labels as plain text (marked only); the forms show them translated
TOOL_CHOICES = [(tool.value, _(tool.label)) for tool in Tool]


class CountField(forms.CharField):
    """A head count in Thai or Arabic digits."""

    def clean(self, value):
        value = to_arabic_digits(str(super().clean(value) or "0")).replace(",", "").strip()
        if not value.isdecimal():  # "²" is a digit that int() refuses
            raise forms.ValidationError(_("กรุณากรอกจำนวนเป็นตัวเลข เช่น 45 หรือ ๔๕"))
        if len(value.lstrip("0")) > 9:  # int() refuses more than 4,300 digits; no count is this big
            raise forms.ValidationError(_("จำนวนมากเกินไป"))
        return int(value)


def _defaults() -> dict:
    # The current fiscal year (FY 2570 from 1 October 2026, declared provisionally) when it has a
    # framework: a wave runs in the year it is opened.
    today = timezone.localdate()
    return {"fiscal_year": years.default_year(today), "starts_on": today}


class _Styled(forms.Form):
    """Bootstrap classes on text, date and select inputs (radios and checkboxes are laid out by
    the template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if getattr(widget, "input_type", "") in ("radio", "checkbox"):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            # a class, not style="": the Content-Security-Policy refuses style attributes
            widget.attrs.setdefault("class", f"{css} mw-24")


class _Dates(_Styled):
    fiscal_year = FiscalYearField(label=_("ปีงบประมาณ (พ.ศ.)"))
    starts_on = ThaiDateField(label=_("เริ่มรับคำตอบ"))
    ends_on = ThaiDateField(label=_("สิ้นสุดรับคำตอบ"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("วันสิ้นสุดต้องไม่ก่อนวันเริ่มรับคำตอบ"))
        return data


class WaveForm(_Dates):
    tool = forms.ChoiceField(label=_("แบบวัด"), choices=TOOL_CHOICES, widget=forms.RadioSelect)
    population = CountField(
        label=_("จำนวนบุคลากรที่ปฏิบัติงานมาแล้วอย่างน้อย 1 ปี (IIT) หรือจำนวนผู้รับบริการโดยประมาณ (EIT)"),
        required=False,
        help_text=_("IIT: ระบบออกใบรหัสใช้ครั้งเดียวให้คนละ 1 ใบ · EIT: ไม่ทราบให้เว้นว่าง"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _defaults())
        super().__init__(*args, **kwargs)


class HeadcountForm(_Styled):
    population = CountField(label=_("จำนวนบุคลากร/ผู้รับบริการ"))


class ProvinceWavesForm(_Dates):
    province = forms.ModelChoiceField(label=_("จังหวัด"), queryset=None, empty_label=None)
    tools = forms.MultipleChoiceField(
        label=_("แบบวัด"), choices=TOOL_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    headcount = CountField(
        label=_("จำนวนบุคลากรเริ่มต้นต่อหน่วยงาน (IIT)"),
        help_text=_("เจ้าหน้าที่ ITA ของแต่ละหน่วยงานแก้เป็นจำนวนจริงได้ภายหลัง"),
    )

    def __init__(self, *args, provinces, **kwargs):
        kwargs.setdefault("initial", _defaults() | {"tools": list(Tool.values), "headcount": 30})
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


# One print page: a QR code takes about 18 ms, so 1,000 slips are some 20 s of work and a page
# a browser still prints; 100,000 in one request ran for half an hour.
MAX_SLIPS_PER_RUN = 1000


class SlipsForm(_Styled):
    count = CountField(label=_("จำนวนใบรหัสที่จะออก (ใบ)"))

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count > MAX_SLIPS_PER_RUN:
            raise forms.ValidationError(
                gettext("ออกและพิมพ์ได้ครั้งละไม่เกิน %(n)s ใบ ออกเพิ่มได้อีกเมื่อพิมพ์ชุดนี้แล้ว")
                % {"n": f"{MAX_SLIPS_PER_RUN:,}"}
            )
        return count
