"""Buddhist era and the Thai fiscal year (1 October – 30 September), in one place."""

import datetime as dt

from pythainlp.util import thai_strftime

from ita.lib.thai_text import to_arabic_digits

BE_OFFSET = 543
# A year typed as 2400 or more is Buddhist era; below that it is Christian era. No ITA year is
# near either edge (the ITA began in BE 2556 = CE 2013).
BE_THRESHOLD = 2400


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def parse_fiscal_year(value: str | int) -> int | None:
    """Accept a fiscal year as an officer writes it (๒๕๖๕, 2565, พ.ศ. 2565, 2022) and return
    the Buddhist-era year, or None if it is not a plausible year."""
    text = to_arabic_digits(str(value)).replace("พ.ศ.", "").replace("ค.ศ.", "").strip()
    if text.endswith(".0"):  # spreadsheets hand years over as floats
        text = text[:-2]
    # "²" is a digit that int() refuses; and int() refuses more than 4,300 digits
    if not text.isdecimal() or len(text) > 6:
        return None
    year = int(text)
    if year < BE_THRESHOLD:
        year = be_year(year)
    return year if 2500 <= year <= 2700 else None


def fiscal_year_of(day: dt.date) -> int:
    """Buddhist-era fiscal year that contains the day: FY 2566 runs 1 Oct 2022 – 30 Sep 2023."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    year = ce_year(fiscal_year_be)
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def thai_date(day: dt.date | dt.datetime, thai_digits: bool = False, short: bool = False) -> str:
    """7 มีนาคม 2568 (or ๗ มี.ค. ๒๕๖๘): the date as a Thai office writes it."""
    fmt = "%-d %b %Y" if short else "%-d %B %Y"
    if isinstance(day, dt.datetime) and day.tzinfo is not None:
        from django.utils import timezone

        day = timezone.localtime(day)
    if not isinstance(day, dt.datetime):
        day = dt.datetime(day.year, day.month, day.day)
    return thai_strftime(day, fmt, thaidigit=thai_digits)


_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def page_date(day: dt.date | dt.datetime, thai_digits: bool = False, short: bool = False) -> str:
    """The date a page shows in its language: Thai, or "1 Dec B.E. 2569" on an English page
    (the era stays Buddhist). Documents render under Thai, so they keep thai_date's form."""
    from django.utils.translation import get_language

    if not (get_language() or "").startswith("en"):
        return thai_date(day, thai_digits=thai_digits, short=short)
    if isinstance(day, dt.datetime) and day.tzinfo is not None:
        from django.utils import timezone

        day = timezone.localtime(day)
    month = _ENGLISH_MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} B.E. {be_year(day.year)}"


DATE_EXAMPLE = "01/10/2567"
DATE_HINT = f"กรุณาใส่วันที่แบบ วัน/เดือน/ปี พ.ศ. (วว/ดด/ปปปป) เช่น {DATE_EXAMPLE}"
# Dates a Thai office can mean: far enough either side of the ITA (BE 2556) to cover birth dates
# and long plans, narrow enough to catch a typo such as 01/10/25677.
DATE_YEARS_CE = range(1900, 2201)
_THAI_MONTHS = (
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
)  # fmt: skip
_MONTH_NUMBERS = {
    name.replace(".", ""): number
    for number, names in enumerate(_THAI_MONTHS, start=1)
    for name in names
}


class DateInputError(ValueError):
    """A typed date that cannot be read; the message is Thai and says how to write it."""


def numeric_thai_date(day: dt.date) -> str:
    """01/10/2567: a day as a Thai form shows it (day/month/Buddhist-era year)."""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day.year)}"


def _date_parts(text: str) -> tuple[int, int, int]:
    """(day, month, year as typed) from 01/10/2567, 1-10-2567, 1.10.2567, 2024-10-01 (ISO) or
    1 ต.ค. 2567 / 1 ตุลาคม 2567."""
    words = text.replace("พ.ศ.", " ").replace("ค.ศ.", " ").split()
    if len(words) == 3 and words[1].replace(".", "") in _MONTH_NUMBERS:
        parts = [words[0], str(_MONTH_NUMBERS[words[1].replace(".", "")]), words[2]]
    else:
        parts = next((p for p in (text.split(s) for s in "/-.") if len(p) == 3), [])
    parts = [p.strip() for p in parts]
    if len(parts) != 3 or not all(p.isdecimal() and len(p) <= 4 for p in parts):
        raise DateInputError(DATE_HINT)
    if len(parts[0]) == 4:  # ISO: year first
        parts.reverse()
    elif len(parts[2]) != 4:
        raise DateInputError(f"กรุณาใส่ปีเป็นเลข 4 หลัก เช่น {DATE_EXAMPLE}")
    day, month, year = (int(p) for p in parts)
    return day, month, year


def parse_thai_date(value: str) -> dt.date | None:
    """Read a date as an officer types it: day/month/Buddhist-era year (01/10/2567, ๑/๑๐/๒๕๖๗),
    also a Christian-era year (1/10/2024) and ISO (2024-10-01). None for empty text; a
    DateInputError with a Thai message for anything else that is not a real day."""
    text = " ".join(to_arabic_digits(str(value)).split())
    if not text:
        return None
    day, month, typed_year = _date_parts(text)
    year = ce_year(typed_year) if typed_year >= BE_THRESHOLD else typed_year
    if year not in DATE_YEARS_CE:
        raise DateInputError(f"ปี {typed_year} ไม่ใช่ปีที่ใช้ได้ {DATE_HINT}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateInputError(f"ไม่มีวันที่ {text} ในปฏิทิน {DATE_HINT}") from None
