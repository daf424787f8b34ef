"""Every date input of the system reads and shows Buddhist-era วว/ดด/ปปปป, and saving a form
unchanged never alters a stored date. The forms are discovered, so a new one cannot escape."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import zoneinfo

import lxml.html
import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

import ita
from ita.frameworks.models import Framework
from ita.lib.forms import (
    ThaiDateField,
    ThaiDateInput,
    ThaiSplitDateTimeField,
    ThaiSplitDateTimeWidget,
)
from ita.lib.thai_dates import DateInputError, numeric_thai_date, parse_thai_date

STORED = [dt.date(2024, 10, 1), dt.date(2026, 12, 31), dt.date(2023, 2, 28)]
TYPED = [
    ("01/10/2567", dt.date(2024, 10, 1)),
    ("๓๑/๑๒/๒๕๖๙", dt.date(2026, 12, 31)),
    ("1/10/2567", dt.date(2024, 10, 1)),
    ("1/10/2024", dt.date(2024, 10, 1)),  # Christian era
    ("2024-10-01", dt.date(2024, 10, 1)),  # ISO
    (" 1-10-2567 ", dt.date(2024, 10, 1)),
    ("1 ต.ค. 2567", dt.date(2024, 10, 1)),
    ("๑ ตุลาคม พ.ศ. ๒๕๖๗", dt.date(2024, 10, 1)),
    ("29/2/2567", dt.date(2024, 2, 29)),
]
BAD = ["31/02/2567", "29/2/2566", "1/13/2567", "01/10/67", "พรุ่งนี้", "1/10", "01/10/25677"]


# --------------------------------------------------------------------------- the pure reader


@pytest.mark.parametrize(("text", "day"), TYPED)
def test_parse_thai_date(text, day):
    assert parse_thai_date(text) == day


@pytest.mark.parametrize("text", BAD)
def test_parse_thai_date_refuses_in_thai(text):
    with pytest.raises(DateInputError, match=r"วว/ดด/ปปปป|4 หลัก"):
        parse_thai_date(text)


@pytest.mark.parametrize("day", STORED)
def test_numeric_thai_date_round_trips(day):
    assert parse_thai_date(numeric_thai_date(day)) == day
    assert numeric_thai_date(dt.date(2024, 10, 1)) == "01/10/2567"


# --------------------------------------------------------------------------- every form


def _import_all_ita_modules() -> None:
    for module in pkgutil.walk_packages(ita.__path__, "ita."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_form_classes() -> list[type[forms.BaseForm]]:
    _import_all_ita_modules()
    found = {
        c
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith("ita.") and ".tests" not in c.__module__
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _constructor_kwargs(cls, world) -> dict:
    """The keyword-only arguments a form needs, by name; a new one must be added here."""
    framework = Framework.objects.order_by("code").first()
    known = {
        "agency": world.own,
        "agencies": world.own.__class__.objects.all(),
        "provinces": world.province.__class__.objects.all(),
        "spec": framework.spec,
        "weak_rows": (),
        "findings": None,
        "districts": world.own.district.__class__.objects.filter(province=world.province),
        "indicators": range(1, 11),
        "sorts": [("name", "ชื่อ")],
        "years": [2565, 2566],
        "issues": (),  # oversight's follow-up form: the meeting's issues
        "committees": (),  # oversight's meeting form: the province's committee orders
    }
    params = inspect.signature(cls.__init__).parameters.values()
    needed = [p.name for p in params if p.kind == p.KEYWORD_ONLY and p.default is p.empty]
    missing = [n for n in needed if n not in known]
    assert not missing, f"{cls.__name__} needs {missing}: add them to _constructor_kwargs"
    return {n: known[n] for n in needed}


def _date_fields(form) -> list[str]:
    return [n for n, f in form.fields.items() if isinstance(f, forms.DateField)]


def _rendered_value(bound_field) -> str:
    """What a browser submits for an untouched input: the value attribute as rendered."""
    (value,) = _rendered_values(bound_field).values()
    return value


def _rendered_values(bound_field) -> dict[str, str]:
    element = lxml.html.fragment_fromstring(str(bound_field), create_parent="div")
    return {c.get("name"): c.get("value", "") for c in element.xpath(".//input")}


def _forms_with_dates(world) -> list[tuple[type, dict, list[str]]]:
    found = []
    for cls in project_form_classes():
        kwargs = _constructor_kwargs(cls, world)
        names = _date_fields(cls(**kwargs))
        if names:
            found.append((cls, kwargs, names))
    return found


def _admin_forms_with_dates(rf, superuser) -> list[tuple[type, dict, list[str]]]:
    found = []
    for cls in _admin_forms(rf, superuser):
        names = _date_fields(cls())
        if names:
            found.append((cls, {}, names))
    return found


def _admin_forms(rf, superuser) -> list[type]:
    """The add and the change form of every registered admin (the change form of a row)."""
    request = rf.get("/admin/")
    request.user = superuser
    found = []
    for model, model_admin in admin.site._registry.items():
        if model_admin.has_change_permission(request):
            row = model._default_manager.first()
            found += [model_admin.get_form(request, None), model_admin.get_form(request, row)]
    return found


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-for-tests-1")


@pytest.fixture
def date_forms(world, rf, superuser):
    return _forms_with_dates(world) + _admin_forms_with_dates(rf, superuser)


@pytest.fixture
def datetime_forms(world, rf, superuser) -> list[tuple[type, dict, list[str]]]:
    found = []
    for cls in project_form_classes():
        kwargs = _constructor_kwargs(cls, world)
        names = [n for n, f in cls(**kwargs).fields.items() if _is_datetime(f)]
        if names:
            found.append((cls, kwargs, names))
    for cls in _admin_forms(rf, superuser):
        names = [n for n, f in cls().fields.items() if _is_datetime(f)]
        if names:
            found.append((cls, {}, names))
    return found


def _is_datetime(field) -> bool:
    return isinstance(field, forms.DateTimeField | forms.SplitDateTimeField)


def test_the_forms_with_dates_are_found(date_forms):
    names = {cls.__name__ for cls, _, _ in date_forms}
    assert {"AnalysisForm", "WaveForm", "ProvinceWavesForm", "AssignForm", "FollowUpForm"} <= names


def test_every_date_input_is_buddhist_era_text(date_forms):
    for cls, kwargs, names in date_forms:
        form = cls(**kwargs)
        for name in names:
            field = form.fields[name]
            assert isinstance(field, ThaiDateField), f"{cls.__name__}.{name}"
            assert isinstance(field.widget, ThaiDateInput), f"{cls.__name__}.{name}"
            html = str(form[name])
            assert 'type="text"' in html and 'type="date"' not in html, html
            assert 'placeholder="วว/ดด/ปปปป"' in html and 'inputmode="numeric"' in html, html


@pytest.mark.parametrize("day", STORED)
def test_a_stored_date_survives_saving_the_form_unchanged(date_forms, day):
    for cls, kwargs, names in date_forms:
        initial = dict.fromkeys(names, day)
        shown = cls(initial=initial, **kwargs)
        data = {name: _rendered_value(shown[name]) for name in names}
        assert set(data.values()) == {numeric_thai_date(day)}, (cls.__name__, data)
        bound = cls(data=data, initial=initial, **kwargs)
        bound.is_valid()
        for name in names:
            assert name not in bound.errors, (cls.__name__, bound.errors)
            assert bound.cleaned_data[name] == day, cls.__name__
            assert name not in bound.changed_data, cls.__name__


@pytest.mark.parametrize(("text", "day"), TYPED)
def test_a_typed_buddhist_era_date_is_stored_as_the_right_day(date_forms, text, day):
    for cls, kwargs, names in date_forms:
        bound = cls(data=dict.fromkeys(names, text), **kwargs)
        bound.is_valid()
        for name in names:
            assert bound.cleaned_data.get(name) == day, (cls.__name__, name, bound.errors)


def test_a_bad_date_gets_a_thai_message(date_forms):
    for cls, kwargs, names in date_forms:
        bound = cls(data=dict.fromkeys(names, "31/02/2567"), **kwargs)
        assert not bound.is_valid()
        for name in names:
            assert "ไม่มีวันที่ 31/02/2567 ในปฏิทิน" in bound.errors[name][0], cls.__name__


# --------------------------------------------------------------------------- date and time
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
MOMENTS = [
    dt.datetime(2024, 9, 30, 18, 15, 30, 123456, tzinfo=dt.UTC),  # 1 Oct 01:15 in Bangkok
    dt.datetime(2026, 12, 31, 0, 0, tzinfo=dt.UTC),
]


def test_every_date_and_time_input_is_buddhist_era_text(datetime_forms):
    assert {"UserForm", "UserChangeForm"} & {cls.__name__ for cls, _, _ in datetime_forms}
    for cls, kwargs, names in datetime_forms:
        for name in names:
            field = cls(**kwargs).fields[name]
            assert isinstance(field, ThaiSplitDateTimeField), f"{cls.__name__}.{name}"
            assert isinstance(field.widget, ThaiSplitDateTimeWidget), f"{cls.__name__}.{name}"


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_stored_moment_survives_saving_the_form_unchanged(datetime_forms, moment):
    for cls, kwargs, names in datetime_forms:
        initial = dict.fromkeys(names, moment)
        shown = cls(initial=initial, **kwargs)
        data = {}
        for name in names:
            data |= _rendered_values(shown[name])
        local = moment.astimezone(BANGKOK)
        assert data[f"{names[0]}_0"] == numeric_thai_date(local.date())
        bound = cls(data=data, initial=initial, **kwargs)
        bound.is_valid()
        for name in names:
            assert name not in bound.errors, (cls.__name__, bound.errors)
            assert bound.cleaned_data[name] == moment, cls.__name__
            assert name not in bound.changed_data, cls.__name__


def test_a_typed_moment_is_read_in_bangkok_time(datetime_forms):
    for cls, kwargs, names in datetime_forms:
        data = {}
        for name in names:
            data |= {f"{name}_0": "๐๑/๑๐/๒๕๖๗", f"{name}_1": "๑๖:๓๐"}
        bound = cls(data=data, **kwargs)
        bound.is_valid()
        for name in names:
            expected = dt.datetime(2024, 10, 1, 16, 30, tzinfo=BANGKOK)
            assert bound.cleaned_data.get(name) == expected, (cls.__name__, bound.errors)
        data = {
            f"{name}_{i}": "31/02/2567" if i == 0 else "16:30" for name in names for i in (0, 1)
        }
        bound = cls(data=data, **kwargs)
        assert not bound.is_valid()
        assert "ไม่มีวันที่ 31/02/2567 ในปฏิทิน" in str(bound.errors[names[0]])


# --------------------------------------------------------------------------- the finding itself


def _submitted(html: str, field: str) -> dict:
    """The fields of the form holding `field`, as a browser posts them back untouched."""
    (form,) = [f for f in lxml.html.fromstring(html).forms if field in f.fields]
    return dict(form.form_values())


def test_saving_the_analysis_unchanged_keeps_its_memo_date(client, world, analysis):
    analysis.memo_date = dt.date(2024, 10, 1)
    analysis.save(update_fields=["memo_date"])
    client.force_login(world.officer)
    url = reverse("improvement:analysis_edit", args=[analysis.pk])
    page = client.get(url).content.decode()
    data = _submitted(page, "memo_date")
    assert data["memo_date"] == "01/10/2567"

    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    analysis.refresh_from_db()
    assert analysis.memo_date == dt.date(2024, 10, 1)

    data["memo_date"] = "๓๑/๑๒/๒๕๖๙"
    client.post(url, data)
    analysis.refresh_from_db()
    assert analysis.memo_date == dt.date(2026, 12, 31)

    data["memo_date"] = "31/02/2567"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ไม่มีวันที่ 31/02/2567 ในปฏิทิน" in response.content.decode()
    analysis.refresh_from_db()
    assert analysis.memo_date == dt.date(2026, 12, 31)
