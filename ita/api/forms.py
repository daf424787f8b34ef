from django import forms

from ita.lib.forms import ThaiDateField


class TokenForm(forms.Form):
    name = forms.CharField(
        label="ชื่อโทเค็น",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text="เช่น ชื่อโปรแกรมหรือเครื่องที่จะใช้ เพื่อให้จำได้ว่าโทเค็นนี้ใช้ที่ใด",
        error_messages={
            "required": "กรุณาตั้งชื่อโทเค็น",
            "max_length": "ชื่อโทเค็นยาวได้ไม่เกิน 100 ตัวอักษร",
        },
    )
    expires_on = ThaiDateField(
        label="ใช้ได้ถึงวันที่ (ไม่บังคับ)", required=False, help_text="เว้นว่าง = ใช้ได้จนกว่าจะเพิกถอน"
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if "\x00" in name:
            raise forms.ValidationError("ชื่อโทเค็นมีอักขระที่ใช้ไม่ได้")
        return name

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
