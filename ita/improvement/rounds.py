"""When each progress round of a measure is due: months counted from the start of the
implementation fiscal year (the year after the analysed one), due on the round's last day."""

from __future__ import annotations

import datetime as dt

from ita.lib.thai_dates import fiscal_year_bounds

ROUND_CHOICES = (1, 3, 6, 9, 12)
DEFAULT_ROUNDS = (6, 12)


def round_due(implementation_year: int, months: int) -> dt.date:
    """FY 2566 starts 1 Oct 2022: the 6-month round is due 31 Mar 2023, the 12-month 30 Sep 2023."""
    start, _ = fiscal_year_bounds(implementation_year)
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, 1) - dt.timedelta(days=1)


def round_state(due: dt.date, reported: bool, today: dt.date, soon_days: int = 14) -> str:
    if reported:
        return "reported"
    if today > due:
        return "overdue"
    if (due - today).days <= soon_days:
        return "due_soon"
    return "upcoming"
