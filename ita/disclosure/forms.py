"""Forms only convert and validate input (Thai messages); the rules live in rules.py and the
changes in actions.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ita.disclosure import rules
from ita.disclosure.models import FollowUpStatus, RiskEvent
from ita.lib.forms import ThaiDateField
from ita.lib.uploads import PolicyFileField

TEXTAREA = {"class": "form-control", "rows": 3}


class EvidenceForm(forms.Form):
    urls = forms.CharField(
        label=_("URL บนเว็บไซต์หลักของหน่วยงาน (บรรทัดละหนึ่ง URL)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA | {"placeholder": "https://www.example.go.th/ita/o1"}),
    )
    explanation = forms.CharField(
        label=_("คำอธิบายสั้น ๆ (ข้อมูลอยู่ตรงไหน ครบตามเกณฑ์อย่างไร)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    file = PolicyFileField(kind="evidence", label=_("หรือแนบไฟล์ (ไม่บังคับ)"), required=False)

    def clean_urls(self) -> list[str]:
        urls, errors = rules.parse_urls(self.cleaned_data["urls"])
        if errors:
            raise forms.ValidationError(errors)
        return urls

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("urls") and not data.get("file"):
            raise forms.ValidationError(_("กรุณาใส่ URL อย่างน้อย 1 รายการ หรือแนบไฟล์"))
        return data


class ClarificationForm(EvidenceForm):
    reply = forms.CharField(
        label=_("คำชี้แจงต่อความเห็นของผู้ตรวจประเมิน"), widget=forms.Textarea(attrs=TEXTAREA)
    )
    field_order = ["reply", "urls", "explanation", "file"]

    def clean(self):  # new evidence is optional in a clarification
        return forms.Form.clean(self)


class AssignForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("ส่วนราชการที่รับผิดชอบ"),
        queryset=None,
        required=False,
        empty_label=_("— ยังไม่มอบหมาย —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_date = ThaiDateField(label=_("กำหนดเสร็จ"), required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = agency.divisions.all()


class ReviewForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("ผลการตรวจ"),
        choices=[("yes", _("ผ่าน")), ("no", _("ไม่ผ่าน"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("ความเห็น (ต้องระบุเมื่อไม่ผ่าน)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean(self):
        data = super().clean()
        if data.get("accepted") is False and not data.get("comment", "").strip():
            self.add_error("comment", _("กรุณาระบุเหตุผลที่ไม่ผ่าน เพื่อให้หน่วยงานแก้ไขได้"))
        return data


class RiskForm(forms.ModelForm):
    class Meta:
        model = RiskEvent
        fields = [
            "process",
            "event",
            "likelihood",
            "impact",
            "existing_controls",
            "mitigation",
            "owner_division",
            "owner",
        ]
        widgets = {
            "process": forms.TextInput(attrs={"class": "form-control"}),
            "event": forms.Textarea(attrs=TEXTAREA),
            "likelihood": forms.Select(
                choices=[(n, n) for n in range(1, 6)], attrs={"class": "form-select"}
            ),
            "impact": forms.Select(
                choices=[(n, n) for n in range(1, 6)], attrs={"class": "form-select"}
            ),
            "existing_controls": forms.Textarea(attrs=TEXTAREA),
            "mitigation": forms.Textarea(attrs=TEXTAREA),
            "owner_division": forms.Select(attrs={"class": "form-select"}),
            "owner": forms.TextInput(attrs={"class": "form-control"}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_division"].queryset = agency.divisions.all()
        self.fields["owner_division"].empty_label = _("— ไม่ระบุ —")

    def clean_event(self) -> str:
        event = self.cleaned_data["event"]
        if rules.says_no_risk(event):
            raise forms.ValidationError(rules.NO_RISK_REASON)
        return event


class FollowUpForm(forms.Form):
    reported_on = ThaiDateField(label=_("วันที่รายงาน"))
    status = forms.ChoiceField(
        label=_("สถานะ"),
        choices=FollowUpStatus.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    progress = forms.CharField(label=_("ผลการดำเนินการ"), widget=forms.Textarea(attrs=TEXTAREA))
