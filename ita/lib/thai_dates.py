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
    if not text.isdigit():
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
