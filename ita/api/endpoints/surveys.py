"""Survey progress of an agency: private (a token of someone who may see the agency), and
counts only — how many answers came, how many are stored, against the minimum sample. Never an
answer, a comment, a per-item figure, a respondent's row or a time (docs/security.md)."""

from typing import Annotated

from ninja import Query, Router
from ninja.pagination import paginate

from ita.api.auth import required
from ita.api.common import AgencyCode, Mapped, Page, responses, visible_agency
from ita.api.schemas import WaveProgressOut
from ita.surveys.presentation import Progress
from ita.surveys.queries import with_answer_counts

router = Router(tags=["surveys"], auth=required)


def wave_out(wave) -> dict:
    progress = Progress(wave.answers, wave.min_responses)
    return {
        "tool": wave.tool,
        "fiscal_year": wave.fiscal_year,
        "status": wave.status,
        "starts_on": wave.starts_on,
        "ends_on": wave.ends_on,
        "needed": wave.min_responses,
        "received": wave.answers,
        "stored": wave.tallied_responses,
        "percent": progress.percent,
        "reached": progress.reached,
    }


@router.get(
    "/{code}/surveys", response=responses(list[WaveProgressOut]), url_name="surveys",
    summary="ความคืบหน้าแบบสำรวจ IIT/EIT (Survey progress)",
)  # fmt: skip
@paginate(Page)
def surveys(request, code: AgencyCode, year: Annotated[int | None, Query(ge=2556, le=2700)] = None):
    """รอบการสำรวจของหน่วยงาน ปีใหม่สุดก่อน: จำนวนคำตอบเทียบกับจำนวนขั้นต่ำเท่านั้น
    (The agency's survey waves, newest year first: counts against the minimum sample only)."""
    agency = visible_agency(request.auth, code)
    waves = agency.waves.only(
        "tool", "fiscal_year", "status", "starts_on", "ends_on", "min_responses",
        "tallied_responses",
    )  # fmt: skip
    if year is not None:
        waves = waves.filter(fiscal_year=year)
    ordered = with_answer_counts(waves).order_by("-fiscal_year", "tool", "-pk")
    return Mapped(ordered, wave_out)
