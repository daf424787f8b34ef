"""The OIT pages hold nothing the Content-Security-Policy refuses (inline script, style="",
on…="" handlers): the browser would drop them, and a delete would no longer ask first. The
embeddable page (embed.html) is the exception on purpose: it is a file for the agency's own
website and carries its own style."""

from pathlib import Path

from ita.accounts.tests.test_templates_clean import offenders

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_disclosure_templates_hold_no_inline_script_or_style():
    found = [line for line in offenders(TEMPLATES) if "/embed.html:" not in line]
    assert found == [], "\n".join(found)
