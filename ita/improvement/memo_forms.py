"""Forms of the approval memo: an opinion of the chain, the agency's ครุฑ."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ita.agencies.garuda import checked_png
from ita.lib.uploads import PolicyFileField

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=_("ความเห็น"), initial="เห็นควรอนุมัติ", widget=TEXTAREA, max_length=2000
    )
    name = forms.CharField(
        label=_("ชื่อผู้ให้ความเห็น (ว่าง = ชื่อในบัญชีผู้ใช้)"), required=False, max_length=200
    )
    title = forms.CharField(
        label=_("ตำแหน่ง (ว่าง = ตามลำดับความเห็น เช่น ผู้อำนวยการกองช่าง รักษาราชการแทนปลัด)"),
        required=False,
        max_length=200,
    )


class GarudaForm(forms.Form):
    # The one upload policy (size, PNG or JPEG by content), then Pillow must read it as an image
    # (agencies.garuda): a file that only starts like a PNG is refused too.
    image = PolicyFileField(kind="image", label=_("ไฟล์ภาพครุฑ (PNG หรือ JPEG)"))

    def clean_image(self) -> bytes:
        return checked_png(self.cleaned_data["image"].read())
