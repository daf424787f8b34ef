"""The README's rule on division heads, in pages and documents: a division head sees the plan and
every measure's title, but the progress (texts, percent, evidence) only of their own division's
measures; the O43, which carries every measure's progress, is not theirs to download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita.improvement import actions
from ita.improvement.models import Evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world, approved, settings, tmp_path):
    """Both divisions reported their 6-month round; the other one with a file as evidence."""
    settings.MEDIA_ROOT = tmp_path
    analysis, mine, theirs = approved
    actions.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6,
        data=actions.ProgressInput(status="in_progress", percent=41, actions="ของกองคลัง"),
    )  # fmt: skip
    actions.report_progress(
        acting_user=world.officer, measure=theirs, round_month=6,
        data=actions.ProgressInput(
            status="in_progress", percent=73, actions="ของกองช่าง",
            files=[SimpleUploadedFile("ภาพ.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
        ),
    )  # fmt: skip
    return analysis, mine, theirs


def test_analysis_page_hides_other_divisions_progress(client, world, reported):
    analysis, mine, theirs = reported
    client.force_login(world.division_head)
    page = client.get(reverse("improvement:analysis", args=[analysis.pk])).content.decode()
    assert mine.title in page and theirs.title in page  # the whole plan is theirs to read
    assert "41%" in page and "73%" not in page
    o43 = reverse("analysis_document", args=[analysis.pk, "o43", "docx"])
    assert o43 not in page  # no button to a document they may not download
    client.force_login(world.executive)
    page = client.get(reverse("improvement:analysis", args=[analysis.pk])).content.decode()
    assert "73%" in page and o43 in page


def test_progress_dashboard_hides_other_divisions_progress(client, world, reported):
    analysis, _, theirs = reported
    client.force_login(world.division_head)
    url = reverse("improvement:progress_dashboard", args=[analysis.pk])
    page = client.get(url).content.decode()
    assert theirs.title in page and "41%" in page and "73%" not in page
    client.force_login(world.officer)
    assert "73%" in client.get(url).content.decode()


def test_other_divisions_evidence_is_not_the_division_heads(client, world, reported):
    evidence = Evidence.objects.exclude(file="").get()
    url = reverse("improvement:evidence_file", args=[evidence.pk])
    client.force_login(world.division_head)
    assert client.get(url).status_code == 404
    client.force_login(world.executive)
    assert client.get(url).status_code == 200


def test_o43_docx_is_not_for_a_division_head(client, world, reported):
    analysis, *_ = reported
    url = reverse("analysis_document", args=[analysis.pk, "o43", "docx"])
    client.force_login(world.division_head)
    assert client.get(url).status_code == 404
    client.force_login(world.officer)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"PK")
