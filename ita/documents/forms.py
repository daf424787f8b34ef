"""Forms of the documents app: what an officer types → plain values."""

from __future__ import annotations

from django import forms

from ita.documents.models import DocumentKind, OutputFormat
from ita.lib.thai_dates import parse_fiscal_year


class FiscalYearField(forms.CharField):
    """A Buddhist-era year as typed: ๒๕๖๕, 2565, พ.ศ. 2565 or 2022."""

    def clean(self, value):
        value = super().clean(value)
        year = parse_fiscal_year(value)
        if year is None:
            raise forms.ValidationError("กรุณากรอกปีงบประมาณ เช่น 2565")
        return year


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="เอกสาร", choices=DocumentKind.choices)
    fiscal_year = FiscalYearField(label="ปีงบประมาณ (พ.ศ.)", max_length=12)
    fmt = forms.ChoiceField(
        label="รูปแบบไฟล์", choices=[(OutputFormat.DOCX, "Word (DOCX)"), (OutputFormat.PDF, "PDF")]
    )


class BatchForm(forms.Form):
    kind = forms.ChoiceField(label="เอกสาร", choices=DocumentKind.choices)
    fiscal_year = FiscalYearField(label="ปีงบประมาณ (พ.ศ.)", max_length=12)
    output_format = forms.ChoiceField(label="รูปแบบไฟล์", choices=OutputFormat.choices)
    agencies = forms.ModelMultipleChoiceField(label="หน่วยงาน", queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].widget.attrs["size"] = 12
        self.fields["agencies"].error_messages["required"] = "กรุณาเลือกหน่วยงานอย่างน้อยหนึ่งแห่ง"
