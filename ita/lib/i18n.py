"""Official documents stay Thai (issue 13): whatever language the reader chose for the pages,
a บันทึกข้อความ or an O42 report is built and rendered in Thai, as the regulation on
correspondence has it. The builders' strings are Thai in the source and never translated; this
holds what Django itself would localise (model labels, dates, numbers) to Thai as well."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.utils import translation

DOCUMENT_LANGUAGE = "th"
P = ParamSpec("P")
R = TypeVar("R")


def in_thai(build: Callable[P, R]) -> Callable[P, R]:
    """Run a document view (or builder) with Thai active."""

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(DOCUMENT_LANGUAGE):
            return build(*args, **kwargs)

    return wrapper
