"""The templates of the site's frame and of the apps cleaned for the Content-Security-Policy
(ita/templates, accounts, agencies, audit, ops, assessments, surveys, improvement, documents,
frameworks) hold nothing the policy refuses: inline <script> code, <style> blocks, style=""
attributes, on…="" handlers, javascript: URLs. The browser would block them (test_browser shows
it does)."""

import re
from pathlib import Path

import pytest

ITA = Path(__file__).resolve().parents[2]
# disclosure is not listed: its embed.html keeps a <style> block on purpose (the agency pastes the
# page into its own site; the view allows it by hash, EMBED_STYLES), which this scan would refuse.
CLEAN = [
    "templates",
    "accounts",
    "agencies",
    "audit",
    "ops",
    "assessments",
    "surveys",
    "improvement",
    "documents",
    "frameworks",
]
REFUSED = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    'style="" attribute': re.compile(r"\sstyle\s*=", re.I),
    'on…="" handler': re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def offenders(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found += [
                f"{path.relative_to(root.parent)}:{number}: {what}"
                for what, pattern in REFUSED.items()
                if pattern.search(line)
            ]
    return found


def test_the_scan_finds_what_the_policy_refuses(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<p style="color:red">x</p>\n<script>alert(1)</script>\n<button onclick="f()">\n'
        '<script src="/static/ok.js"></script>\n'
    )
    assert [line.rsplit(": ", 1)[1] for line in offenders(tmp_path)] == [
        'style="" attribute',
        "inline <script>",
        'on…="" handler',
    ]


@pytest.mark.parametrize("area", CLEAN)
def test_templates_hold_no_inline_script_or_style(area):
    found = offenders(ITA / area)
    assert found == [], "\n".join(found)
