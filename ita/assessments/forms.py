"""Forms translate what an officer types (Thai digits, Buddhist or Christian years) into plain
values; rules stay in frameworks.scoring and assessments.actions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ita.frameworks import years
from ita.frameworks.spec import FrameworkSpec
from ita.lib.thai_dates import parse_fiscal_year
from ita.lib.thai_text import parse_decimal
from ita.lib.uploads import PolicyFileField


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
            raise forms.ValidationError(gettext("กรุณากรอกตัวเลข เช่น 86.07 หรือ ๘๖.๐๗"))
        if not Decimal(0) <= number <= Decimal(100):
            raise forms.ValidationError(gettext("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"))
        if number.as_tuple().exponent < -2:
            raise forms.ValidationError(gettext("คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"))
        return number


class FiscalYearField(forms.ChoiceField):
    """A fiscal year picked from exactly the years that have a framework (its own, or one
    declared provisionally: labelled so), newest first, the latest one that has begun selected.
    A year typed or posted by a script is read as an officer writes it (๒๕๗๐, 2570, 2027)."""

    def __init__(self, **kwargs):
        # Callables: the years are read when a form is made, never at import (no table yet).
        kwargs.setdefault("choices", years.year_choices)
        kwargs.setdefault("initial", years.default_year)
        kwargs.setdefault("widget", forms.Select(attrs={"class": "form-select"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        year = parse_fiscal_year(value)
        if year is None:
            raise forms.ValidationError(gettext("กรุณาเลือกปีงบประมาณ เช่น 2569 หรือ ๒๕๖๙"))
        return year

    def bound_data(self, data, initial):
        # so the select shows ๒๕๖๙ posted back with an error as the option 2569
        year = parse_fiscal_year(data) if data not in self.empty_values else None
        return data if year is None else year

    def validate(self, value):
        forms.Field.validate(self, value)  # required; the choices are checked below, as years
        offered = years.framework_years()
        if value is not None and value not in offered:
            message = gettext("ปีงบประมาณ {year} ยังไม่มีกรอบการประเมิน").format(year=value)
            if offered:
                message += " " + gettext("เลือกได้ตั้งแต่ปี {first} ถึง {last}").format(
                    first=offered[0], last=offered[-1]
                )
            raise forms.ValidationError(message)


class ResultForm(forms.Form):
    """The ten indicator scores of one year; OIT items the assessor did not accept may be ticked
    instead of typing indicators 9–10."""

    fiscal_year = FiscalYearField(label=_("ปีงบประมาณ (พ.ศ.)"))

    def __init__(self, *args, spec: FrameworkSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        oit = set(spec.tool("OIT").indicator_numbers)
        for indicator in spec.indicators:
            self.fields[f"i{indicator.number}"] = ScoreField(
                label=gettext("ตัวชี้วัดที่ {number} {name}").format(
                    number=indicator.number, name=indicator.name
                ),
                required=indicator.number not in oit,
            )
        self.fields["use_verdicts"] = forms.BooleanField(
            label=_("คำนวณตัวชี้วัดที่ 9–10 จากผลการตรวจรายข้อ OIT"), required=False
        )
        self.fields["rejected_items"] = forms.MultipleChoiceField(
            label=_("ข้อ OIT ที่ไม่ผ่านเกณฑ์"),
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
                        gettext("กรุณากรอกคะแนน หรือเลือกคำนวณจากผลการตรวจรายข้อ OIT"),
                    )
        fiscal_year = data.get("fiscal_year")
        governing = years.for_year(fiscal_year) if fiscal_year else None
        # The entry fields (OIT items above all) are this framework's: a year another framework
        # governs is refused, a year declared to use this one is accepted.
        if governing and governing.framework.code != self.spec.code:
            self.add_error(
                "fiscal_year",
                gettext(
                    "ปีงบประมาณ {year} ใช้{framework} ไม่ใช่{other} กรุณาเลือกปีจากปุ่มด้านบนเพื่อใช้กรอบที่ถูกต้อง"
                ).format(
                    year=fiscal_year, framework=governing.framework.name, other=self.spec.name
                ),
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
    fiscal_year = FiscalYearField(label=_("ปีงบประมาณ"))

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
    file = PolicyFileField(kind="import", label=_("ไฟล์ผลการประเมิน (CSV หรือ XLSX)"))
