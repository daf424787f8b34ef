"""The API is a top layer (style.md, habit 1): it may read every app below it, and no app but
the URL configuration imports it (the demo above it does not need it either)."""

from pathlib import Path

from ita.demo.tests.test_layers import imports_of

ITA = Path(__file__).resolve().parents[2]
ABOVE_API = {"ita.demo", "ita.ops", "ita.accounts", "ita.work"}


def test_no_app_below_imports_the_api():
    found = [
        str(path.relative_to(ITA))
        for path in ITA.rglob("*.py")
        if path.relative_to(ITA).parts[0] not in ("api", "tests_access")
        and "tests" not in path.parts
        and path.name != "urls.py"
        and "ita.api" in imports_of(path)
    ]
    assert found == []


def test_the_api_imports_nothing_above_it():
    found = {
        str(path.relative_to(ITA)): sorted(imports_of(path) & ABOVE_API)
        for path in (ITA / "api").rglob("*.py")
        if "tests" not in path.parts
    }
    assert {k: v for k, v in found.items() if v} == {}
