"""Forms of the documents app: what an officer types → plain values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ita.assessments.forms import FiscalYearField  # the years that have a framework
from ita.documents.models import DocumentKind, OutputFormat
from ita.frameworks import years


def last_year() -> int | None:
    """Documents are of an analysed result: by default last year's, the one analysed now."""
    year = years.default_year()
    return year - 1 if year and year - 1 in years.framework_years() else year


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("เอกสาร"), choices=DocumentKind.choices)
    fiscal_year = FiscalYearField(label=_("ปีงบประมาณของผลที่วิเคราะห์ (พ.ศ.)"), initial=last_year)
    fmt = forms.ChoiceField(
        label=_("รูปแบบไฟล์"), choices=[(OutputFormat.DOCX, "Word (DOCX)"), (OutputFormat.PDF, "PDF")]
    )


class BatchForm(forms.Form):
    kind = forms.ChoiceField(label=_("เอกสาร"), choices=DocumentKind.choices)
    fiscal_year = FiscalYearField(label=_("ปีงบประมาณของผลที่วิเคราะห์ (พ.ศ.)"), initial=last_year)
    output_format = forms.ChoiceField(label=_("รูปแบบไฟล์"), choices=OutputFormat.choices)
    agencies = forms.ModelMultipleChoiceField(label=_("หน่วยงาน"), queryset=None)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].widget.attrs["size"] = 12
        self.fields["agencies"].error_messages["required"] = _("กรุณาเลือกหน่วยงานอย่างน้อยหนึ่งแห่ง")
