"""The one date field and widget of every form: Buddhist-era วว/ดด/ปปปป in and out.

A browser's <input type="date"> shows a Christian-era mm/dd/yyyy and, given a value it cannot
read (Django's localized 01/10/2024), shows nothing and submits an empty string, which erased a
stored memo date when the form was saved again. So dates are plain text the server formats and
reads.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ita.lib.thai_dates import DATE_HINT, DateInputError, numeric_thai_date, parse_thai_date
from ita.lib.thai_text import to_arabic_digits


class ThaiDateInput(forms.TextInput):
    """A stored date shown as 01/10/2567; whatever the user typed is shown back unchanged."""

    def __init__(self, attrs=None):
        defaults = {
            "class": "form-control",
            "placeholder": _("วว/ดด/ปปปป"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "20",
        }
        super().__init__(defaults | (attrs or {}))

    def format_value(self, value):
        if isinstance(value, dt.date):
            return numeric_thai_date(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date as a Thai office writes it: 01/10/2567 or ๐๑/๑๐/๒๕๖๗ (Buddhist era), also
    1/10/2024 (Christian era), 2024-10-01 (ISO) and 1 ต.ค. 2567."""

    widget = ThaiDateInput
    default_error_messages = {"invalid": DATE_HINT}

    def to_python(self, value):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_thai_date(value or "")
        except DateInputError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class _ExactTimeInput(forms.TimeInput):
    """HH:MM:SS, with the microseconds a stored time has: dropping them would change it."""

    def format_value(self, value):
        if isinstance(value, dt.time):
            return value.isoformat()
        return super().format_value(value)


class _ThaiTimeField(forms.TimeField):
    default_error_messages = {"invalid": "กรุณาใส่เวลาแบบ ชช:นน เช่น 09:30"}

    def to_python(self, value):
        return super().to_python(to_arabic_digits(value) if isinstance(value, str) else value)


class ThaiSplitDateTimeWidget(forms.SplitDateTimeWidget):
    """Date (วว/ดด/ปปปป) and time boxes for a stored moment, shown in Asia/Bangkok time."""

    supports_microseconds = True

    def __init__(self, attrs=None):
        time_attrs = {"class": "form-control", "placeholder": _("ชช:นน"), "inputmode": "numeric"}
        forms.MultiWidget.__init__(
            self, (ThaiDateInput(attrs), _ExactTimeInput(time_attrs | (attrs or {})))
        )


class _ThaiSplitHiddenDateTimeWidget(ThaiSplitDateTimeWidget):
    """The hidden copy of the initial value a model default (date_joined) comes with; in
    Django's own format it would lose the microseconds and look changed on every save."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        for widget in self.widgets:
            widget.input_type = "hidden"


class ThaiSplitDateTimeField(forms.SplitDateTimeField):
    widget = ThaiSplitDateTimeWidget
    hidden_widget = _ThaiSplitHiddenDateTimeWidget
    default_error_messages = {"invalid_date": DATE_HINT, "invalid_time": "กรุณาใส่เวลา เช่น 09:30"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        date_field, time_field = ThaiDateField(), _ThaiTimeField()
        for field in (date_field, time_field):
            field.required, field.disabled = False, self.disabled
        self.fields = (date_field, time_field)
