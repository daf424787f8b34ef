"""Recompute as a Celery task: a year's results scored again after a framework correction or a
bulk load, on a worker instead of a request (the command `ita_recompute` does the same)."""

from __future__ import annotations

from celery import shared_task

from ita.assessments.recompute import recompute_results
from ita.lib.background import RETRY


@shared_task(name="assessments.recompute_year", **RETRY)
def recompute_year(fiscal_year: int) -> dict:
    """Every result of the year scored again by record_result's rules; only what changes is
    written (with its revision and audit event), so a second run writes nothing. Each batch of
    results is one transaction: a run stopped part way (a retry after the database went away)
    continues by running again."""
    return recompute_results(acting_user=None, fiscal_years=[fiscal_year]).as_json()
