"""The OIT items an improvement cycle is published under, by role, not by code.

The analysis of FY Y's result is published in FY Y+1, under the framework of Y+1: O42 and O43
up to FY 2567, O25 and O26 in FY 2569, and no such item in FY 2568's list (ita-2568 gives the
analysis role to none). So pages and documents name the items the framework of the
implementation year assigns to each role, and still work, saying so, when it assigns none."""

from __future__ import annotations

from dataclasses import dataclass

from ita.frameworks.spec import FrameworkSpec

ANALYSIS, MEASURES, PROGRESS = "analysis", "measures", "progress_report"


@dataclass(frozen=True)
class CycleItems:
    framework: str = ""  # the framework's name, as the documents cite it
    analysis: str = ""  # item code of the analysis of results ("" when the framework has none)
    measures: str = ""
    progress: str = ""
    notice: str = ""  # why the year's framework is provisional (a declared year), else ""

    @property
    def analysis_suffix(self) -> str:
        """ " (O42)" after a heading, or nothing when no item plays the role."""
        return f" ({self.analysis})" if self.analysis else ""

    @property
    def progress_suffix(self) -> str:
        return f" ({self.progress})" if self.progress else ""

    @property
    def missing(self) -> list[str]:
        """Thai sentences for the roles no item of this year's framework plays."""
        framework = self.framework or "กรอบการประเมินของปีนี้"
        out = []
        if not self.analysis:
            out.append(
                f"{framework} ไม่มีข้อการเปิดเผยข้อมูลสำหรับการวิเคราะห์ผลการประเมิน "
                "หน่วยงานยังวิเคราะห์ผลและกำหนดมาตรการได้ตามปกติ แต่เอกสารจะไม่อ้างเลขข้อ"
            )
        if not self.progress:
            out.append(f"{framework} ไม่มีข้อการเปิดเผยข้อมูลสำหรับรายงานผลการดำเนินการตามมาตรการ")
        return out


# What every plan approved before items had roles cited: the documents then always said O42
# and O43, and an approved version's record must keep saying what was signed.
SIGNED_BEFORE_ROLES = CycleItems(analysis="O42", measures="O42", progress="O43")


def items_of(spec: FrameworkSpec, framework_name: str, notice: str = "") -> CycleItems:
    def code(role: str) -> str:
        item = spec.item_for_role(role)
        return item.code if item else ""

    return CycleItems(
        framework=framework_name,
        analysis=code(ANALYSIS),
        measures=code(MEASURES),
        progress=code(PROGRESS),
        notice=notice,
    )


def to_json(items: CycleItems) -> dict:
    return {
        "framework": items.framework,
        "analysis": items.analysis,
        "measures": items.measures,
        "progress": items.progress,
        "notice": items.notice,
    }


def from_json(data: dict | None) -> CycleItems:
    return CycleItems(**data) if data is not None else SIGNED_BEFORE_ROLES
