"""Issue 13: a page in English names the month in English and keeps the Buddhist era
("1 Dec B.E. 2569"); in Thai, and in the documents (rendered under Thai), dates stay Thai."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

DAY = dt.date(2026, 12, 1)


def rendered(arg: str = "") -> str:
    suffix = f':"{arg}"' if arg else ""
    return Template(f"{{{{ day|thai_date{suffix} }}}}").render(Context({"day": DAY}))


def test_english_pages_name_the_month_in_english_in_the_buddhist_era():
    with translation.override("en"):
        assert rendered("short") == "1 Dec B.E. 2569"
        assert rendered() == "1 December B.E. 2569"


def test_thai_pages_and_documents_keep_thai_months():
    with translation.override("th"):
        assert rendered("short") == "1 ธ.ค. 2569"
        assert rendered() == "1 ธันวาคม 2569"
        assert rendered("thai") == "๑ ธันวาคม ๒๕๖๙"
