"""Fixtures of the documents tests: sample builders registered in place of the improvement
app's database builders, so the renderers and the batch are tested on their own."""

import pytest

from ita.documents import batch as batches
from ita.documents.tests import records


def sample_build(kind):
    def build(agency, fiscal_year):
        return records.for_agency(agency.name, fiscal_year, kind, seed=agency.pk)

    return build


@pytest.fixture
def sample_builders():
    saved = {k: batches.builder_for(k) for k in ("o42", "memo", "o43")}
    for kind in saved:
        batches.register_builder(kind, sample_build(kind))
    yield
    for kind, build in saved.items():
        if build is None:
            batches.unregister_builder(kind)
        else:
            batches.register_builder(kind, build)


@pytest.fixture(scope="session")
def o42_pdf(tmp_path_factory):
    from ita.documents.render_pdf import render_pdf

    path = tmp_path_factory.mktemp("pdf") / "o42.pdf"
    path.write_bytes(render_pdf(records.o42()))
    return path


@pytest.fixture(scope="session")
def o43_pdf(tmp_path_factory):
    from ita.documents.render_pdf import render_pdf

    path = tmp_path_factory.mktemp("pdf") / "o43.pdf"
    path.write_bytes(render_pdf(records.o43()))
    return path
