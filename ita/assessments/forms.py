"""Forms translate what an officer types (Thai digits, Buddhist or Christian years) into plain
values; rules stay in frameworks.scoring and assessments.actions."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from ita.frameworks.spec import FrameworkSpec
from ita.lib.thai_dates import parse_fiscal_year
from ita.lib.thai_text import parse_decimal


class ScoreField(forms.CharField):
    """A score 0–100 with at most two decimals, in Thai or Arabic digits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        number = parse_decimal(value)
        if number is None:
            raise forms.ValidationError("กรุณากรอกตัวเลข เช่น 86.07 หรือ ๘๖.๐๗")
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError("คะแนนต้องอยู่ระหว่าง 0 ถึง 100")
        if number.as_tuple().exponent < -2:
            raise forms.ValidationError("คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
        return number


class FiscalYearField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        year = parse_fiscal_year(value)
        if year is None:
            raise forms.ValidationError("กรุณากรอกปีงบประมาณ เช่น 2566 หรือ ๒๕๖๖")
        return year


class ResultForm(forms.Form):
    """The ten indicator scores of one year; OIT items the assessor did not accept may be ticked
    instead of typing indicators 9–10."""

    fiscal_year = FiscalYearField(label="ปีงบประมาณ (พ.ศ.)", max_length=12)

    def __init__(self, *args, spec: FrameworkSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        oit = set(spec.tool("OIT").indicator_numbers)
        for indicator in spec.indicators:
            self.fields[f"i{indicator.number}"] = ScoreField(
                label=f"ตัวชี้วัดที่ {indicator.number} {indicator.name}",
                required=indicator.number not in oit,
            )
        self.fields["use_verdicts"] = forms.BooleanField(
            label="คำนวณตัวชี้วัดที่ 9–10 จากผลการตรวจรายข้อ OIT", required=False
        )
        self.fields["rejected_items"] = forms.MultipleChoiceField(
            label="ข้อ OIT ที่ไม่ผ่านเกณฑ์",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(i.code, f"{i.code} {i.title}") for i in spec.items_of_tool("OIT")],
        )

    def clean(self):
        data = super().clean()
        if not data.get("use_verdicts"):
            for number in self.spec.tool("OIT").indicator_numbers:
                if data.get(f"i{number}") is None and f"i{number}" not in self.errors:
                    self.add_error(
                        f"i{number}",
                        "กรุณากรอกคะแนน หรือเลือกคำนวณจากผลการตรวจรายข้อ OIT",
                    )
        fiscal_year = data.get("fiscal_year")
        if fiscal_year and not self.spec.applies_to(fiscal_year):
            self.add_error(
                "fiscal_year",
                f"ปีงบประมาณ {fiscal_year} ไม่อยู่ในกรอบ {self.spec.name} "
                "กรุณาเลือกปีจากลิงก์ด้านบนเพื่อใช้กรอบที่ถูกต้อง",
            )
        return data

    def indicator_scores(self) -> dict[int, Decimal]:
        oit = set(self.spec.tool("OIT").indicator_numbers)
        use_verdicts = self.cleaned_data.get("use_verdicts")
        return {
            n: self.cleaned_data[f"i{n}"]
            for n in self.spec.indicator_numbers
            if not (use_verdicts and n in oit)
        }

    def oit_verdicts(self) -> dict[str, bool] | None:
        if not self.cleaned_data.get("use_verdicts"):
            return None
        rejected = set(self.cleaned_data.get("rejected_items") or [])
        return {i.code: i.code not in rejected for i in self.spec.items_of_tool("OIT")}


class WhatIfForm(forms.Form):
    fiscal_year = FiscalYearField(label="ปีงบประมาณ", max_length=12)

    def __init__(self, *args, spec: FrameworkSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for indicator in spec.indicators:
            self.fields[f"i{indicator.number}"] = ScoreField(
                label=f"{indicator.number}. {indicator.name}"
            )

    def indicator_scores(self) -> dict[int, Decimal]:
        return {n: self.cleaned_data[f"i{n}"] for n in self.spec.indicator_numbers}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ผลการประเมิน (CSV หรือ XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
