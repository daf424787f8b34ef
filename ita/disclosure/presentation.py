"""What the pages show, built from the models as plain structures (templates only lay out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy

from ita.assessments.models import Source
from ita.disclosure import actions, rules, succession
from ita.disclosure.models import DisclosureItem, DisclosureYear, Evidence, ItemStatus, LinkCheck
from ita.disclosure.verdicts import BADGE, STALE, STALE_ADVICE, STALE_TEXT, Verdict, explain
from ita.frameworks.models import Framework
from ita.frameworks.spec import PASS_MARK, FrameworkSpec


@dataclass
class LinkRow:
    url: str
    check: LinkCheck | None
    history: list[LinkCheck]
    what: str = ""
    fix: str = ""
    stale: str = ""
    badge: str = "secondary"
    label: str = pgettext_lazy("link", "ยังไม่ได้ตรวจ")


@dataclass
class EvidenceView:
    evidence: Evidence
    links: list[LinkRow] = field(default_factory=list)


def link_row(url: str, checks: list[LinkCheck], year: int) -> LinkRow:
    row = LinkRow(url=url, check=checks[0] if checks else None, history=checks[1:6])
    if row.check:
        verdict = Verdict(row.check.verdict)
        row.what, row.fix = explain(verdict, row.check.detail)
        row.badge, row.label = BADGE[verdict], verdict.label
        if STALE in row.check.warnings:
            row.stale = f"{STALE_TEXT.format(year=year)} — {STALE_ADVICE}"
    return row


def evidence_view(evidence: Evidence) -> EvidenceView:
    year = evidence.item.year.fiscal_year
    return EvidenceView(
        evidence=evidence,
        links=[link_row(link.url, list(link.checks.all()), year) for link in evidence.links.all()],
    )


def is_risk_item(item: DisclosureItem) -> bool:
    roles = rules.risk_role_items(item.year.framework.spec)
    return item.item.code in rules.risk_item_codes(roles)


def risk_roles(disclosure: DisclosureYear) -> dict:
    """The register's items of the year, by role, and what to say for a role with no item."""
    roles = rules.risk_role_items(disclosure.framework.spec)
    return {
        "risk_roles": [r for r in roles if r.code],
        "risk_codes": "/".join(r.code for r in roles if r.code),
        "role_gaps": rules.role_gaps(roles, disclosure.fiscal_year),
    }


def _previous_spec(disclosure: DisclosureYear) -> FrameworkSpec | None:
    """The framework this year's succeeds, in the first year of this one only."""
    spec = disclosure.framework.spec
    if not succession.shows_changes(spec, disclosure.fiscal_year):
        return None
    previous = Framework.objects.filter(code=spec.succeeds).first()
    return previous.spec if previous else None


def item_change(item: DisclosureItem) -> succession.Change | None:
    """The item's mark in the first year of its framework (new, merged, split, renumbered)."""
    previous = _previous_spec(item.year)
    if previous is None:
        return None
    return succession.changes(item.year.framework.spec, previous).get(item.item.code)


@dataclass
class ItemRow:
    item: DisclosureItem
    change: succession.Change | None = None
    earlier_evidence: bool = False  # the item it continues has evidence in the earlier year


def year_rows(disclosure: DisclosureYear, items) -> dict:
    """The year's rows with their marks, the earlier framework's items no item continues, and
    which items have evidence of their predecessor to take over."""
    previous = _previous_spec(disclosure)
    marks = succession.changes(disclosure.framework.spec, previous) if previous else {}
    earlier, mapping = actions.predecessor_codes(disclosure)
    filled = set()
    if earlier is not None and mapping:
        filled = set(
            earlier.items.filter(evidence__isnull=False).values_list("item__code", flat=True)
        )
    rows = [
        ItemRow(
            item=item,
            change=marks.get(item.item.code),
            earlier_evidence=any(code in filled for code in mapping.get(item.item.code, ())),
        )
        for item in items
    ]
    return {
        "rows": rows,
        "previous_framework": previous,
        "dropped": succession.dropped(disclosure.framework.spec, previous) if previous else [],
        "earlier": earlier if mapping else None,
    }


@dataclass
class Proposal:
    """Evidence of an item this one continues, offered for taking over (never copied unasked)."""

    source: DisclosureItem
    evidence: Evidence | None
    urls: list[str]
    taken: bool  # this item's newest evidence already holds every one of these URLs


def proposals(item: DisclosureItem, current: Evidence | None) -> list[Proposal]:
    held = {link.url for link in current.links.all()} if current else set()
    found = []
    for source in actions.predecessor_items(item):
        evidence = actions.newest(source)
        urls = [link.url for link in evidence.links.all()] if evidence else []
        found.append(Proposal(source, evidence, urls, bool(urls) and set(urls) <= held))
    return found


def year_summary(disclosure: DisclosureYear, items) -> dict:
    """Counts per status, and indicators 9–10 computed from the verdicts so far."""
    items = list(items)
    counts = {status: 0 for status in ItemStatus.values}
    for item in items:
        counts[item.status] += 1
    verdicts = actions.verdicts_of(disclosure)
    spec = disclosure.framework.spec
    computed = actions.oit_scores(disclosure, verdicts)
    result = disclosure.agency.results.filter(
        fiscal_year=disclosure.fiscal_year, source=Source.OFFICIAL
    ).first()
    return {
        "counts": [(ItemStatus(s).label, s, n) for s, n in counts.items()],
        "indicators": [(spec.indicator(n), value) for n, value in computed.items()],
        "reviewed": len(verdicts),
        "total_items": len(items),
        "official": result,
    } | risk_roles(disclosure)


def public_page(disclosure: DisclosureYear) -> dict:
    """The embeddable OIT page: every item in the framework's order and numbering, each with the
    links of its newest evidence."""
    spec = disclosure.framework.spec
    items = {
        i.item.code: i
        for i in disclosure.items.select_related("item").prefetch_related("evidence__links")
    }
    sections = []
    for number in spec.tool("OIT").indicator_numbers:
        indicator = spec.indicator(number)
        groups = indicator.sub_indicators or ()
        for group in groups or [None]:
            codes = group.item_codes if group else indicator.item_codes
            rows = []
            for code in codes:
                evidence = max(items[code].evidence.all(), key=lambda e: e.revision, default=None)
                links = [link.url for link in evidence.links.all()] if evidence else []
                rows.append({"code": code, "title": spec.item(code).title, "links": links})
            sections.append(
                {
                    "title": f"ตัวชี้วัดที่ {number} {indicator.name}",  # the Thai page
                    "number": number,
                    "name": indicator.name,
                    "subtitle": f"{group.code} {group.name}" if group else "",
                    "rows": rows,
                }
            )
    return {
        "agency": disclosure.agency.name,
        "year": disclosure.fiscal_year,
        "sections": sections,
    }


def register(disclosure: DisclosureYear) -> dict:
    risks = list(disclosure.risks.select_related("owner_division").prefetch_related("follow_ups"))
    rows = [(risk, rules.risk_level(risk.likelihood, risk.impact)) for risk in risks]
    matrix = [
        [
            sum(1 for r in risks if r.likelihood == likelihood and r.impact == impact)
            for impact in range(1, 6)
        ]
        for likelihood in range(5, 0, -1)
    ]
    return {
        "disclosure": disclosure,
        "rows": rows,
        "matrix": list(zip(range(5, 0, -1), matrix, strict=True)),
        "problems": rules.register_problems((r.event, r.mitigation) for r in risks),
    } | risk_roles(disclosure)


def readiness_tone(percent: int | None) -> str:
    """The bar's colour: the OIT score is the share of items passed, so a share of ready items
    at the pass mark is on track; below half is far from it."""
    if percent is None:
        return ""
    return "bg-success" if percent >= PASS_MARK else "bg-warning" if percent >= 50 else "bg-danger"


def readiness_row(agency) -> dict:
    total = agency.total or 0
    ready = agency.ready + agency.accepted
    percent = round(100 * ready / total) if total else None
    return {
        "agency": agency,
        "total": total,
        "with_evidence": agency.with_evidence,
        "ready": ready,
        "accepted": agency.accepted,
        "not_accepted": agency.not_accepted,
        "failing": agency.failing,
        "stale": agency.stale,
        "percent": percent,
        "tone": readiness_tone(percent),
    }
