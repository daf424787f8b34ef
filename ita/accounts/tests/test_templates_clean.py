"""The templates of the site's frame and of every app hold nothing the Content-Security-Policy
refuses: inline <script> code, <style> blocks, style="" attributes, on…="" handlers,
javascript: URLs. The browser would block them (test_browser shows it does)."""

import re
from pathlib import Path

import pytest

ITA = Path(__file__).resolve().parents[2]
# Every directory of ita/ with templates: a new app is scanned without being named here.
CLEAN = sorted(p.name for p in ITA.iterdir() if p.is_dir() and any(p.rglob("*.html")))
# The one exception: the OIT page an agency pastes into its own site keeps its <style> block on
# purpose (the view allows exactly it by hash, disclosure EMBED_STYLES).
ALLOWED = {"disclosure/templates/disclosure/embed.html: <style> block"}
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
                and f"{path.relative_to(root.parent)}: {what}" not in ALLOWED
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
