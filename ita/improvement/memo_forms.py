"""Forms of the approval memo: an opinion of the chain, the agency's ครุฑ."""

from __future__ import annotations

from django import forms

from ita.agencies.garuda import checked_png
from ita.lib.uploads import size_message

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class OpinionForm(forms.Form):
    text = forms.CharField(label="ความเห็น", initial="เห็นควรอนุมัติ", widget=TEXTAREA, max_length=2000)
    name = forms.CharField(label="ชื่อผู้ให้ความเห็น (ว่าง = ชื่อในบัญชีผู้ใช้)", required=False, max_length=200)
    title = forms.CharField(
        label="ตำแหน่ง (ว่าง = ตามลำดับความเห็น เช่น ผู้อำนวยการกองช่าง รักษาราชการแทนปลัด)",
        required=False,
        max_length=200,
    )


class GarudaForm(forms.Form):
    # TODO(ita/lib/uploads): PolicyFileField once the shared policy has an image-only kind (its
    # "evidence" kind takes PDFs and Office files too); until then its streamed size limit
    # (a RefusedUpload) and Pillow's reading of the content (agencies.garuda) decide.
    image = forms.FileField(label="ไฟล์ภาพครุฑ (PNG หรือ JPEG)")

    def clean_image(self) -> bytes:
        upload = self.cleaned_data["image"]
        if getattr(upload, "refused", False):
            raise forms.ValidationError(size_message(upload.name, upload.size or 0))
        return checked_png(upload.read())
