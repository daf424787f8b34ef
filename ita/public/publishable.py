"""What the agency's officer can publish, beside what is published (the "การเผยแพร่" page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ita.assessments.models import Source
from ita.disclosure.models import DisclosureYear
from ita.improvement.models import Analysis
from ita.public.actions import plan_rounds
from ita.public.models import Kind, Publication
from ita.public.queries import publications_of


@dataclass(frozen=True)
class Row:
    kind: str
    label: str
    fiscal_year: int
    round_month: int = 0
    version: int | None = None  # the newest approved version (O42, memo)
    published: Publication | None = None
    note: str = ""  # what is missing before it can be published
    public_url: str = ""

    @property
    def stale(self) -> bool:
        """A newer approved version than the one published."""
        return bool(
            self.published
            and self.version
            and self.published.version
            and self.published.version.number != self.version
        )


def _url(agency, kind, year, round_month=0) -> str:
    code = agency.code
    if kind == Kind.RESULT:
        return reverse("public:result", args=[code, year])
    if kind == Kind.DISCLOSURE:
        return reverse("public:disclosure", args=[code, year])
    if kind == Kind.O43:
        return reverse("public:o43", args=[code, year, round_month, "pdf"])
    return reverse("public:document", args=[code, year, kind, "pdf"])


def publishable(agency) -> list[Row]:
    done = publications_of(agency)
    rows: list[Row] = []

    def add(kind, year, round_month=0, version=None, note="", label=None):
        published = done.get((kind, year, round_month))
        rows.append(Row(
            kind=kind, label=label or Kind(kind).label, fiscal_year=year,
            round_month=round_month, version=version, published=published, note=note,
            public_url=_url(agency, kind, year, round_month) if published else "",
        ))  # fmt: skip

    for year in agency.results.filter(source=Source.OFFICIAL).values_list("fiscal_year", flat=True):
        add(Kind.RESULT, year)
    analyses = Analysis.objects.filter(agency=agency).prefetch_related("versions")
    for analysis in analyses.order_by("-fiscal_year"):
        newest = max((v.number for v in analysis.versions.all()), default=None)
        note = "" if newest else _("รอผู้บริหารอนุมัติแผน")
        for kind in (Kind.O42, Kind.MEMO):
            add(kind, analysis.fiscal_year, version=newest, note=note)
        for month in plan_rounds(analysis) if newest else ():
            label = _("%(kind)s รอบ %(month)s เดือน") % {"kind": Kind.O43.label, "month": month}
            add(Kind.O43, analysis.fiscal_year, month, label=label)
    for year in DisclosureYear.objects.filter(agency=agency).values_list("fiscal_year", flat=True):
        add(Kind.DISCLOSURE, year)
    return sorted(
        rows, key=lambda r: (-r.fiscal_year, list(Kind.values).index(r.kind), r.round_month)
    )
