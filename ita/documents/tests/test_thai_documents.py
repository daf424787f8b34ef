"""Official documents stay Thai when the reader has chosen English (issue 13): the page around
the download is English, the document is built with Thai active and reads the same as the one
a Thai reader downloads."""

from __future__ import annotations

import io

import docx
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ita.documents import batch as batches
from ita.documents.tests import records
from ita.tests_access.test_permission_matrix import Objects


def _in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.fixture
def languages_seen():
    """The memo builder, noting the language active while it builds."""
    seen = []
    saved = batches.builder_for("memo")

    def build(agency, fiscal_year):
        seen.append(translation.get_language())
        return records.for_agency(agency.name, fiscal_year, "memo", seed=agency.pk)

    batches.register_builder("memo", build)
    yield seen
    batches.register_builder("memo", saved)


def test_a_document_is_built_in_thai_for_an_english_reader(client, world, languages_seen):
    client.force_login(world.executive)
    url = reverse("documents:agency", args=[world.own.pk])
    page = _in(client, "en").get(url)
    assert (
        '<html lang="en">' in page.content.decode()
        and "Official documents" in page.content.decode()
    )
    response = client.get(url, {"kind": "memo", "fiscal_year": "2565", "fmt": "docx"})
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert languages_seen == ["th"]


def test_the_o42_report_reads_the_same_in_either_language(
    client, world, other_division, django_user_model
):
    analysis = Objects(world, other_division, django_user_model).analysis
    client.force_login(world.officer)
    url = reverse("analysis_document", args=[analysis.pk, "o42", "docx"])
    thai = docx_text(_in(client, "th").get(url).content)
    english_reader = docx_text(_in(client, "en").get(url).content)
    assert "รายงานการวิเคราะห์ผลการประเมิน" in thai
    assert english_reader == thai
