"""Disclosure rules as pure functions: which items carry the risk register, whether an item's
period demands the assessed year, the 5 × 5 risk level, what makes a register unacceptable,
and how officers' URL lists are read."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ita.disclosure.verdicts import FAILING, STALE, Verdict
from ita.frameworks.spec import ROLES, FrameworkSpec
from ita.lib.thai_text import to_arabic_digits

# The register is the evidence of the items playing these two roles: the corruption-risk
# assessment and its follow-up report. Which items they are is the framework's to say (O36/O37
# in FY 2562–2565, O34/O35 in 2566–2567, O23/O24 in 2568, O21/O22 in 2569), never this code's.
RISK_ROLES = ("corruption_risk", "corruption_risk_measures")

NO_RISK_REASON = gettext_lazy(
    "การรายงานว่า “ประเมินแล้วไม่พบความเสี่ยง” ไม่ได้คะแนน (ข้อสังเกตของผู้ตรวจประเมิน ป.ป.ช.): "
    "ต้องระบุเหตุการณ์ความเสี่ยงการทุจริต ระดับความเสี่ยง และมาตรการจัดการความเสี่ยง"
)
NO_RISK_PHRASES = ("ไม่พบความเสี่ยง", "ไม่มีความเสี่ยง", "ไม่มีเหตุการณ์ความเสี่ยง", "no risk")
MAX_URLS = 10  # per item: its check (a background run, within its deadline) stays small


# the pages' words for the two roles: frameworks.spec.ROLES under Thai (a test holds them equal)
ROLE_LABELS = {
    "corruption_risk": gettext_lazy("การประเมินความเสี่ยงการทุจริต"),
    "corruption_risk_measures": gettext_lazy("การดำเนินการหรือผลการจัดการความเสี่ยงการทุจริต"),
}


@dataclass(frozen=True)
class RoleItem:
    role: str
    name: str  # the role in Thai (frameworks.spec.ROLES)
    code: str  # the item playing it this year, "" when the framework has none

    @property
    def label(self) -> str:
        """The role in the reader's language."""
        return ROLE_LABELS[self.role]


def risk_role_items(spec: FrameworkSpec) -> tuple[RoleItem, ...]:
    """The items of the corruption-risk register, one per role, in RISK_ROLES order."""
    return tuple(
        RoleItem(role, ROLES[role], item.code if (item := spec.item_for_role(role)) else "")
        for role in RISK_ROLES
    )


def risk_item_codes(role_items: Iterable[RoleItem]) -> set[str]:
    return {r.code for r in role_items if r.code}


def role_gaps(role_items: Iterable[RoleItem], fiscal_year: int) -> list[str]:
    """What the pages say for each role no item plays this year: the register still works, it
    is just not the evidence of any item."""
    return [
        _(
            "กรอบการประเมินปีงบประมาณ %(year)s ไม่มีข้อที่ทำหน้าที่ “%(role)s” "
            "ทะเบียนนี้ยังบันทึกและติดตามได้ตามปกติ แต่ไม่ได้เป็นหลักฐานของข้อใดในปีนี้"
        )
        % {"year": fiscal_year, "role": r.label}
        for r in role_items
        if not r.code
    ]


def period_needs_year(period: str) -> bool:
    """Items whose period is the assessed year (plans, announcements, reports of the year) must
    show that year; items such as the organisation chart need not (no stale warning)."""
    return "ที่ประเมิน" in period


@dataclass(frozen=True)
class RiskLevel:
    code: str
    label: str
    badge: str


# Score bands of the 5 × 5 matrix used in Thai government risk manuals (1–3 low, 4–8 medium,
# 9–14 high, 15–25 very high).
RISK_LEVELS = (
    (15, RiskLevel("very_high", pgettext_lazy("risk level", "สูงมาก"), "danger")),
    (9, RiskLevel("high", pgettext_lazy("risk level", "สูง"), "warning")),
    (4, RiskLevel("medium", pgettext_lazy("risk level", "ปานกลาง"), "info")),
    (1, RiskLevel("low", pgettext_lazy("risk level", "ต่ำ"), "success")),
)


def risk_level(likelihood: int, impact: int) -> RiskLevel:
    if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
        raise ValueError(_("โอกาสและผลกระทบต้องอยู่ระหว่าง 1 ถึง 5"))
    score = likelihood * impact
    return next(level for floor, level in RISK_LEVELS if score >= floor)


def says_no_risk(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in NO_RISK_PHRASES)


def register_problems(events: Iterable[tuple[str, str]]) -> list[str]:
    """Why a register (a list of (event, mitigation)) cannot be submitted; empty when it can."""
    events = list(events)
    if not events or all(says_no_risk(event) for event, _ in events):
        return [str(NO_RISK_REASON)]
    return [
        _("เหตุการณ์ “%(event)s” ยังไม่มีมาตรการจัดการความเสี่ยง") % {"event": event[:40]}
        for event, mitigation in events
        if not mitigation.strip()
    ]


def parse_urls(text: str) -> tuple[list[str], list[str]]:
    """URLs as an officer pastes them (one per line, or separated by spaces), and the Thai
    errors; duplicates are dropped, order kept."""
    urls, errors = [], []
    for raw in to_arabic_digits(text).split():
        url = raw.strip().strip("<>\"'")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors.append(_("“%(url)s” ไม่ใช่ URL ที่ขึ้นต้นด้วย http:// หรือ https://") % {"url": url[:60]})
        elif url not in urls:
            urls.append(url)
    if len(urls) > MAX_URLS:
        errors.append(_("ใส่ได้ไม่เกิน %(n)s URL ต่อข้อ") % {"n": MAX_URLS})
    return urls, errors


def worst_verdict(verdicts: Iterable[tuple[str, list[str]]]) -> tuple[str | None, bool]:
    """The verdict an item's row shows: its worst link, and whether any link is stale."""
    order = [
        Verdict.BROKEN,
        Verdict.LOGIN_REQUIRED,
        Verdict.SOFT_404,
        Verdict.OFF_SITE,
        Verdict.BLOCKED,
        Verdict.OK,
    ]
    seen, stale = set(), False
    for verdict, warnings in verdicts:
        seen.add(verdict)
        stale = stale or STALE in warnings
    worst = next((v for v in order if v in seen), None)
    return worst, stale


def link_failing(verdict: str | None) -> bool:
    return verdict in FAILING


def style_hashes(html: str) -> list[str]:
    """CSP sources ('sha256-…') of a page's inline <style> blocks: the embeddable OIT page
    carries its own style for the agency's website, and its preview here must not be refused."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
        for block in re.findall(r"<style>(.*?)</style>", html, re.S)
    ]
