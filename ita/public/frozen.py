"""An O43 round frozen at publication: the facts the report is built from, as JSON, and the
report rebuilt from them alone. The facts are kept rather than the rendered bytes, so the
published report is the same document in DOCX and PDF, and publishing does not need Chromium;
what it says cannot change, because nothing here reads a live row."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, fields, replace

from django.utils import timezone, translation

from ita.documents import builders
from ita.documents.builders import ReportFacts, o43_document, record_in_force
from ita.documents.content import Document
from ita.improvement.models import Analysis
from ita.improvement.queries import cycle_items
from ita.improvement.record import from_json, to_json

FORMAT = 1  # the layout of the JSON below


def freeze_o43(analysis: Analysis, round_month: int) -> dict:
    """What build_o43(analysis, round_month) would print today, as plain JSON; in Thai whatever
    the publisher reads, since the Thai report is rebuilt from it alone."""
    with translation.override("th"):
        record = replace(record_in_force(analysis), items=cycle_items(analysis.implementation_year))
        reports = builders._latest_reports(analysis, round_month)
    return {
        "format": FORMAT,
        "record": to_json(record),
        "reports": {str(measure_id): asdict(facts) for measure_id, facts in reports.items()},
        "round_month": round_month,
        "as_of": timezone.localdate().isoformat(),
    }


def _facts(data: dict) -> ReportFacts:
    known = {f.name for f in fields(ReportFacts)}
    values = {k: v for k, v in data.items() if k in known}
    values["evidence"] = tuple(values.get("evidence", ()))
    return ReportFacts(**values)


def o43_from(frozen: dict) -> Document:
    return o43_document(
        from_json(frozen["record"]),
        {int(k): _facts(v) for k, v in frozen["reports"].items()},
        round_month=frozen["round_month"],
        today=dt.date.fromisoformat(frozen["as_of"]),
    )
