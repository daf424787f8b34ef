"""Imports go downward only (style.md): the demo sits above every app, and the agencies app,
near the bottom, imports nothing above it (issue 11: the demo was inside agencies)."""

import ast
from pathlib import Path

ITA = Path(__file__).resolve().parents[2]
BELOW_AGENCIES = {"ita.agencies", "ita.lib", "ita.audit", "ita.frameworks"}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ita."):
            names.add(".".join(node.module.split(".")[:2]))
        elif isinstance(node, ast.Import):
            names |= {
                ".".join(a.name.split(".")[:2]) for a in node.names if a.name.startswith("ita.")
            }
    return names


def test_agencies_imports_nothing_above_it():
    found = {
        str(path.relative_to(ITA)): sorted(imports_of(path) - BELOW_AGENCIES)
        for path in (ITA / "agencies").rglob("*.py")
        if "tests" not in path.parts
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_no_app_imports_the_demo():
    found = [
        str(path.relative_to(ITA))
        for path in ITA.rglob("*.py")
        if "demo" not in path.relative_to(ITA).parts[:1]
        and "ita.demo" in imports_of(path)
        and "tests" not in path.parts
    ]
    assert found == []


def test_notifications_import_only_lib_agencies_and_audit():
    """Issue 12: the actions of every app tell people through ita.notifications, so it sits
    low, just above audit, and reads nothing above it."""
    allowed = {"ita.notifications", "ita.lib", "ita.agencies", "ita.audit"}
    found = {
        str(path.relative_to(ITA)): sorted(imports_of(path) - allowed)
        for path in (ITA / "notifications").rglob("*.py")
        if "tests" not in path.parts
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_only_the_demo_accounts_and_urls_import_the_work_queues():
    """ita.work reads the apps below it (improvement, disclosure, oversight, …); the menu
    (accounts) and the URL configuration are above it."""
    above = {"demo", "accounts", "work", "ops"}
    found = [
        str(path.relative_to(ITA))
        for path in ITA.rglob("*.py")
        if path.relative_to(ITA).parts[0] not in above
        and path.name != "urls.py"
        and "ita.work" in imports_of(path)
        and "tests" not in path.parts
    ]
    assert found == []
