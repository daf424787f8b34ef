"""The English catalogue (issue 13): the committed .mo files are what their .po compile to, the
.po files have no empty or fuzzy entry, every Thai string the templates and the code mark for
translation has its English, and no template shows Thai text outside {% translate %}."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
THAI = re.compile(r"[\u0E00-\u0E7F]")
# templates still Thai-only (none now; an app's directory name here exempts it)
NOT_YET_WRAPPED: tuple[str, ...] = ()


def entries(po: Path) -> list[dict]:
    """msgid, msgstr(s) and flags of each entry (the header excluded)."""
    found = []
    for block in po.read_text().split("\n\n"):
        flags = " ".join(re.findall(r"^#, (.*)$", block, re.M))

        def joined(key: str, text: str = block) -> str | None:
            m = re.search(rf"^{key} ((?:\".*\"\n?)+)", text, re.M)
            return None if m is None else "".join(re.findall(r'"(.*)"', m.group(1)))

        msgid = joined("msgid")
        if not msgid:
            continue
        strs = [joined("msgstr")] if joined("msgstr") is not None else []
        strs += [joined(rf"msgstr\[{n}\]") for n in range(2) if joined(rf"msgstr\[{n}\]")]
        found.append({"msgid": _unescape(msgid), "msgstr": strs, "flags": flags})
    return found


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def test_there_are_catalogues():
    assert LOCALE / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_committed_mo_is_what_the_po_compiles_to(po, tmp_path):
    assert shutil.which("msgfmt"), "Debian's gettext (scripts/test.sh installs it)"
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    assert po.with_suffix(".mo").read_bytes() == fresh.read_bytes(), (
        f"{po.with_suffix('.mo')} is stale: run manage.py compilemessages"
    )


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_no_empty_or_fuzzy_entries(po):
    bad = [
        e["msgid"]
        for e in entries(po)
        if "fuzzy" in e["flags"] or not e["msgstr"] or not all(e["msgstr"])
    ]
    assert bad == []


def _templates() -> list[Path]:
    return sorted(p for p in (ROOT / "ita").rglob("templates/**/*.html"))


def marked_in_templates() -> set[str]:
    found = set()
    for path in _templates():
        code = templatize(path.read_text(), origin=str(path))
        for m in re.finditer(r"\b(?:gettext|pgettext)\(u?'((?:[^'\\]|\\.)*)'\)", code):
            found.add(m.group(1).replace("\\'", "'").replace("%%", "%"))
    return found


def marked_in_python() -> set[str]:
    found = set()
    for path in sorted((ROOT / "ita").rglob("*.py")):
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        for m in re.finditer(
            r'\b(?:_|gettext|gettext_lazy)\(\s*"([^"\n]+)"\s*\)', path.read_text()
        ):
            found.add(m.group(1))
    return found


def test_every_marked_thai_string_has_its_english():
    english = {e["msgid"].replace("%%", "%") for e in entries(LOCALE / "en/LC_MESSAGES/django.po")}
    marked = {s for s in marked_in_templates() | marked_in_python() if THAI.search(s)}
    assert len(marked) > 500  # the scan reads the templates at all
    assert sorted(marked - english) == [], "run manage.py makemessages -l en and translate"


def _scripts() -> list[Path]:
    return sorted(p for p in (ROOT / "ita").rglob("static/**/*.js") if "/vendor/" not in str(p))


def test_the_scripts_words_are_in_the_javascript_catalogue():
    """What the scripts write (chart labels, the survey's status lines) goes through gettext()
    of Django's JavaScriptCatalog, and each string has its English in djangojs.po."""
    english = {e["msgid"] for e in entries(LOCALE / "en/LC_MESSAGES/djangojs.po")}
    marked, bare = set(), []
    for path in _scripts():
        code = re.sub(r"^\s*//.*$", "", path.read_text(), flags=re.M)  # comments may be Thai
        marked |= set(re.findall(r'\b_\("([^"]+)"\)', code))
        rest = re.sub(r'\b_\("[^"]+"\)', "", code)
        bare += [f"{path.name}: {line.strip()}" for line in rest.splitlines() if THAI.search(line)]
    assert len(marked) >= 10
    assert sorted(marked - english) == []
    assert bare == [], "Thai in a script outside _(…)"


def unwrapped_thai(text: str) -> list[str]:
    """Thai a template shows as it is: outside every {% translate %}, {% comment %} and tag."""
    text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
    text = re.sub(r"\{% blocktrans(late)? .*?\{% endblocktrans(late)? %\}", "", text, flags=re.S)
    text = re.sub(r"\{% blocktrans(late)? %\}.*?\{% endblocktrans(late)? %\}", "", text, flags=re.S)
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", text)
    text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
    # a language's own name in the switch ("ไทย" on the English pages) is marked lang="th"
    text = re.sub(r'<[^>]*\blang="th"[^>]*>[^<]*', "", text)
    return [line.strip() for line in text.splitlines() if THAI.search(line)]


def test_the_scan_finds_unwrapped_thai():
    page = '{% load i18n %}<h1>{% translate "ผล" %}</h1><p title="ค้นหา">{{ x|default:_("ไม่มี") }}'
    assert unwrapped_thai(page) == ['<h1></h1><p title="ค้นหา">']


def test_templates_show_no_thai_outside_translate():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in _templates()
        if not any(f"/{area}/templates/" in str(path) for area in NOT_YET_WRAPPED)
        for lines in [unwrapped_thai(path.read_text())]
        if lines
    }
    assert found == {}
