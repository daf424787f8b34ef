"""Forms translate input into plain values; rules live in improvement.analysis and actions."""

from __future__ import annotations

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ita.improvement.models import Analysis, ProgressStatus, Tool
from ita.improvement.rounds import ROUND_CHOICES
from ita.lib.forms import ThaiDateField
from ita.lib.thai_text import to_arabic_digits
from ita.lib.uploads import PolicyFileField

TEXTAREA = forms.Textarea(attrs={"rows": 3})


# "" leaves the indicator to the rule (the weakest ones, or those under the floor).
URGENT_CHOICES = [("", _("ตามเกณฑ์")), ("yes", _("ใช่")), ("no", _("ไม่ใช่"))]


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = Analysis
        fields = [
            "overview", "improvement_issues", "assessor_statement", "urgent_weakest",
            "urgent_floor", "memo_unit", "memo_number", "memo_date", "memo_to", "proposer_name",
            "proposer_position", "approver_name", "approver_position",
        ]  # fmt: skip
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 5}),
            "improvement_issues": forms.Textarea(attrs={"rows": 4}),
            "assessor_statement": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"memo_date": ThaiDateField}

    def __init__(self, *args, weak_rows=(), findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        findings = findings or {}
        self.weak_numbers = [r.number for r in weak_rows]
        for row in weak_rows:
            f = findings.get(row.number)
            n = row.number
            self.fields[f"own_{n}"] = forms.CharField(
                label=gettext("ผลการวิเคราะห์ของหน่วยงาน: ตัวชี้วัดที่ {number} {name}").format(
                    number=n, name=row.name
                ),
                required=False, widget=TEXTAREA, initial=f.own_analysis if f else "",
            )  # fmt: skip
            self.fields[f"issues_{n}"] = forms.CharField(
                label=gettext("ประเด็นที่ต้องแก้ไข/ปรับปรุง: ตัวชี้วัดที่ {number}").format(number=n),
                required=False, widget=TEXTAREA, initial=f.issues if f else "",
            )  # fmt: skip
            self.fields[f"urgent_{n}"] = forms.TypedChoiceField(
                label=gettext("ตัวชี้วัดที่ {number} ต้องแก้ไขโดยเร่งด่วน").format(number=n),
                choices=URGENT_CHOICES,
                required=False, initial=_urgent_choice(f.urgent if f else None),
            )  # fmt: skip

    def findings(self):
        from ita.improvement.actions import FindingInput

        data = self.cleaned_data
        return {
            n: FindingInput(
                own_analysis=data.get(f"own_{n}", ""),
                issues=data.get(f"issues_{n}", ""),
                urgent={"yes": True, "no": False}.get(data.get(f"urgent_{n}") or ""),
            )
            for n in self.weak_numbers
        }

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _urgent_choice(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class CommentsForm(forms.Form):
    tool = forms.ChoiceField(label=_("แบบวัด"), choices=Tool.choices)
    text = forms.CharField(
        label=_("ข้อคิดเห็น (หนึ่งบรรทัดต่อหนึ่งความเห็น)"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["text"].splitlines() if line.strip()]


RECOMMENDATION_LINE = re.compile(r"^\s*([IEO]\s*\d{1,2})\s*[:.)\-–]?\s*(.+)$", re.IGNORECASE)


class RecommendationsForm(forms.Form):
    text = forms.CharField(
        label=_("ข้อเสนอแนะของผู้ตรวจประเมิน (หนึ่งบรรทัดต่อหนึ่งข้อ ขึ้นต้นด้วยรหัสข้อ เช่น O36: …)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_text(self):
        parsed, bad = [], []
        for number, line in enumerate(self.cleaned_data["text"].splitlines(), start=1):
            if not line.strip():
                continue
            match = RECOMMENDATION_LINE.match(to_arabic_digits(line))
            if match:
                parsed.append((match.group(1).replace(" ", "").upper(), match.group(2).strip()))
            else:
                bad.append(str(number))
        if bad:
            raise forms.ValidationError(
                gettext("บรรทัดที่ {lines} ไม่ได้ขึ้นต้นด้วยรหัสข้อ เช่น O36: ข้อความ หรือ I25 ข้อความ").format(
                    lines=", ".join(bad)
                )
            )
        return parsed


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("มาตรการ/แนวทาง"), max_length=300)
    guideline = forms.CharField(label=_("แนวทางการดำเนินการ"), required=False, widget=TEXTAREA)
    steps = forms.CharField(
        label=_("ขั้นตอน/วิธีการดำเนินการ"), widget=forms.Textarea(attrs={"rows": 4})
    )
    divisions = forms.MultipleChoiceField(
        label=_("ผู้รับผิดชอบ"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("กรุณาเลือกผู้รับผิดชอบอย่างน้อยหนึ่งหน่วย")},
    )  # fmt: skip
    period = forms.CharField(label=_("ระยะเวลาดำเนินการ"), max_length=200)
    monitoring = forms.CharField(label=_("การกำกับติดตามและรายงานผล"), widget=TEXTAREA)
    indicators = forms.TypedMultipleChoiceField(
        label=_("ตัวชี้วัดที่เกี่ยวข้อง"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    items = forms.CharField(
        label=_("ข้อการประเมินที่เกี่ยวข้อง (คั่นด้วยจุลภาค เช่น O36, O37)"), required=False
    )
    round_months = forms.TypedMultipleChoiceField(
        label=_("รอบรายงานผล"), coerce=int,
        choices=[(m, format_lazy("{} {}", m, _("เดือน"))) for m in ROUND_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("กรุณาเลือกรอบรายงานผลอย่างน้อยหนึ่งรอบ")},
    )  # fmt: skip

    def __init__(self, *args, agency, spec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["divisions"].choices = [(str(d.pk), d.name) for d in agency.divisions.all()]
        self.fields["indicators"].choices = [
            (i.number, f"{i.number}. {i.name}") for i in spec.indicators
        ]

    def clean_items(self):
        codes = [c.strip().upper() for c in to_arabic_digits(self.cleaned_data["items"]).split(",")]
        codes = [c for c in codes if c]
        known = {i.code for i in self.spec.items}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                gettext("ไม่มีข้อ {codes} ในกรอบ {framework}").format(
                    codes=", ".join(unknown), framework=self.spec.name
                )
            )
        return codes

    def measure_input(self):
        from ita.improvement.actions import MeasureInput

        d = self.cleaned_data
        return MeasureInput(
            title=d["title"], guideline=d["guideline"], steps=d["steps"], period=d["period"],
            monitoring=d["monitoring"], division_ids=[int(x) for x in d["divisions"]],
            indicators=d["indicators"], items=d["items"], round_months=d["round_months"],
        )  # fmt: skip


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่ส่งกลับ"), widget=TEXTAREA)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("สถานะ"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(label=_("ร้อยละความก้าวหน้า"), min_value=0, max_value=100)
    actions = forms.CharField(label=_("ผลการดำเนินการ"), widget=forms.Textarea(attrs={"rows": 4}))
    done_when = forms.CharField(label=_("ช่วงเวลาที่ดำเนินการ"), required=False, max_length=200)
    output = forms.CharField(label=_("ผลผลิต"), required=False, widget=TEXTAREA)
    outcome = forms.CharField(label=_("ผลลัพธ์"), required=False, widget=TEXTAREA)
    problems = forms.CharField(label=_("ปัญหาอุปสรรค"), required=False, widget=TEXTAREA)
    suggestions = forms.CharField(label=_("ข้อเสนอแนะ"), required=False, widget=TEXTAREA)
    urls = forms.CharField(label=_("ลิงก์หลักฐาน (บรรทัดละหนึ่งลิงก์)"), required=False, widget=TEXTAREA)
    files = PolicyFileField(kind="evidence", multiple=True, label=_("ไฟล์หลักฐาน"), required=False)

    def clean_urls(self):
        validator = forms.URLField(assume_scheme="https")
        urls = [u.strip() for u in self.cleaned_data["urls"].splitlines() if u.strip()]
        for url in urls:
            try:
                validator.clean(url)
            except forms.ValidationError:
                raise forms.ValidationError(gettext("ลิงก์ไม่ถูกต้อง: {url}").format(url=url)) from None
        return urls

    def progress_input(self):
        from ita.improvement.actions import ProgressInput

        d = self.cleaned_data
        return ProgressInput(
            status=d["status"], percent=d["percent"], actions=d["actions"],
            done_when=d["done_when"], output=d["output"], outcome=d["outcome"],
            problems=d["problems"], suggestions=d["suggestions"], urls=d["urls"], files=d["files"],
        )  # fmt: skip
