"""Pages of the documents app: who sees a batch (its requester and national admins; anyone
else 404), the progress partial, the download, single-document downloads."""

import zipfile

import pytest
from django.urls import reverse

from ita.documents import batch as batches
from ita.documents.models import BatchStatus, DocumentBatch
from ita.documents.tests.conftest import sample_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_batch(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    batch = DocumentBatch.objects.create(
        requested_by=world.officer, kind="memo", fiscal_year=2565, output_format="docx", total=1
    )
    batch.agencies.set([world.own])
    batches.run_batch(batch.pk, sample_build("memo"))
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer", 200),
        ("national", 200),
        ("foreign_officer", 404),
        ("executive", 404),
        ("coordinator", 404),
        ("nobody", 404),
    ],
)
def test_only_the_requester_and_national_admins_see_a_batch(
    client, world, done_batch, persona, status
):
    client.force_login(getattr(world, persona))
    for name in ("documents:batch", "documents:batch_download"):
        assert client.get(reverse(name, args=[done_batch.pk])).status_code == status


def test_anonymous_is_sent_to_login(client, done_batch):
    response = client.get(reverse("documents:batch", args=[done_batch.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_progress_page_shows_the_bar_and_download_when_done(client, world, done_batch):
    client.force_login(world.officer)
    page = client.get(reverse("documents:batch", args=[done_batch.pk])).content.decode()
    assert "เสร็จแล้ว" in page and "1/1" in page and 'data-percent="100"' in page
    assert reverse("documents:batch_download", args=[done_batch.pk]) in page
    assert 'hx-trigger="every' not in page  # finished: the page stops polling
    response = client.get(reverse("documents:batch_download", args=[done_batch.pk]))
    with zipfile.ZipFile(__import__("io").BytesIO(b"".join(response.streaming_content))) as zf:
        assert len(zf.namelist()) == 1


def test_running_batch_polls_with_htmx_partial(client, world):
    batch = DocumentBatch.objects.create(
        requested_by=world.officer,
        kind="o42",
        fiscal_year=2565,
        total=4,
        done=1,
        status=BatchStatus.RUNNING,
    )
    client.force_login(world.officer)
    url = reverse("documents:batch", args=[batch.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "1/4" in partial
    assert 'data-percent="25"' in partial
    assert "<html" not in partial
    assert client.get(reverse("documents:batch_download", args=[batch.pk])).status_code == 404


def test_batch_list_shows_own_batches_within_query_budget(
    client, world, done_batch, django_assert_max_num_queries
):
    for _ in range(5):
        DocumentBatch.objects.create(requested_by=world.officer, kind="o42", fiscal_year=2566)
    DocumentBatch.objects.create(requested_by=world.foreign_officer, kind="o43", fiscal_year=2566)
    client.force_login(world.officer)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("documents:batch_list")).content.decode()
    assert page.count(reverse("documents:batch", args=[done_batch.pk])) == 1
    assert "รายงานผลการดำเนินการตามมาตรการ (O43)" not in page  # the foreign officer's batch


def test_new_batch_form_starts_a_batch(
    client, world, sample_builders, django_capture_on_commit_callbacks
):
    client.force_login(world.officer)
    url = reverse("documents:batch_new")
    assert world.own.name in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url,
            {
                "kind": "o42",
                "fiscal_year": "๒๕๖๕",
                "output_format": "both",
                "agencies": [world.own.pk],
            },
        )
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:batch", args=[batch.pk]
    )
    assert (batch.fiscal_year, batch.requested_by, len(callbacks)) == (2565, world.officer, 1)


def test_new_batch_rejects_a_foreign_agency_and_readers(client, world, sample_builders):
    client.force_login(world.officer)
    response = client.post(
        reverse("documents:batch_new"),
        {
            "kind": "o42",
            "fiscal_year": "2565",
            "output_format": "pdf",
            "agencies": [world.foreign.pk],
        },
    )
    assert response.status_code == 200 and not DocumentBatch.objects.exists()
    client.force_login(world.division_head)  # reads its agency, writes nothing
    assert client.get(reverse("documents:batch_new")).status_code == 404
    # and is not offered a button that leads there
    listing = client.get(reverse("documents:batch_list")).content.decode()
    assert reverse("documents:batch_new") not in listing
    client.force_login(world.officer)
    listing = client.get(reverse("documents:batch_list")).content.decode()
    assert reverse("documents:batch_new") in listing


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF")])
def test_agency_page_downloads_one_document(client, world, sample_builders, fmt, magic):
    client.force_login(world.executive)
    url = reverse("documents:agency", args=[world.own.pk])
    assert "เอกสารราชการ" in client.get(url).content.decode()
    response = client.get(url, {"kind": "memo", "fiscal_year": "2565", "fmt": fmt})
    assert response.status_code == 200 and response.content.startswith(magic)
    assert "memo-2566" in response["Content-Disposition"]


def test_agency_page_is_404_for_a_foreign_agency(client, world):
    client.force_login(world.foreign_officer)
    assert client.get(reverse("documents:agency", args=[world.own.pk])).status_code == 404


def test_agency_page_reports_a_missing_builder_in_thai(client, world):
    batches.unregister_builder("o43")
    client.force_login(world.officer)
    response = client.get(
        reverse("documents:agency", args=[world.own.pk]),
        {"kind": "o43", "fiscal_year": "2565", "fmt": "pdf"},
    )
    assert "ระบบยังสร้างเอกสารประเภทนี้ไม่ได้" in response.content.decode()


def test_a_downloaded_document_keeps_its_thai_name(client, world, sample_builders):
    from urllib.parse import unquote

    client.force_login(world.executive)
    response = client.get(
        reverse("documents:agency", args=[world.own.pk]),
        {"kind": "memo", "fiscal_year": "2565", "fmt": "docx"},
    )
    header = response["Content-Disposition"]
    # Django's own helper: RFC 5987's UTF-8 form for a Thai name, which every browser reads
    assert header.startswith("attachment; filename*=utf-8''") and header.isascii()
    assert unquote(header.split("''", 1)[1]) == f"memo-2566-{world.own.name}.docx"
