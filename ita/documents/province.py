"""The province summary report's builder, registered here by the app that owns its facts.

Oversight sits above documents (imports go downward only), so documents cannot call its
builder directly: oversight registers `build(province, fiscal_year) -> Document` in its
AppConfig.ready, and the ita_document command looks it up here. Agency documents register in
batch.register_builder instead: their builders take an agency, this one a province."""

from __future__ import annotations

from collections.abc import Callable

from ita.documents.content import Document

ProvinceBuilder = Callable[..., Document]  # (province, fiscal_year) -> Document
_builder: list[ProvinceBuilder] = []


def register_province_builder(build: ProvinceBuilder) -> None:
    _builder[:] = [build]


def province_builder() -> ProvinceBuilder | None:
    return _builder[0] if _builder else None
