"""Issue 10, finding 6: one upload policy on the OIT evidence and the improvement evidence forms,
through real multipart POSTs. A file past the limit or of a refused type gets the Thai message
on the form and changes nothing (no evidence row, no audit event, no file on disk)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita.audit.models import AuditEvent
from ita.lib.tests.samples import docx_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def oit(world, media):
    from ita.disclosure import actions

    # Nothing listens on port 9: a link check fails at once, without the network.
    world.own.website = "http://127.0.0.1:9"
    world.own.save(update_fields=["website"])
    year = actions.open_year(acting_user=world.officer, agency=world.own, fiscal_year=2566)
    return year.items.get(item__code="O1")


def post_oit(client, world, item, upload):
    from ita.disclosure.models import Evidence

    client.force_login(world.officer)
    before = (Evidence.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("disclosure:add_evidence", args=[item.pk]),
        {"urls": "", "explanation": "แนบไฟล์", "file": upload},
    )
    changed = (Evidence.objects.count(), AuditEvent.objects.count()) != before
    return response, changed


def post_progress(client, world, approved, upload):
    from ita.improvement.models import Evidence

    _, mine, _ = approved
    client.force_login(world.division_head)
    before = (Evidence.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("improvement:progress_report", args=[mine.pk, 6]),
        {"status": "in_progress", "percent": "50", "actions": "แต่งตั้งคณะทำงานแล้ว",
         "files": [upload]},
    )  # fmt: skip
    changed = (Evidence.objects.count(), AuditEvent.objects.count()) != before
    return response, changed


def big_pdf(size: int) -> io.BytesIO:
    upload = io.BytesIO(pdf_bytes() + b"%" + b"0" * (size - len(pdf_bytes()) - 1))
    upload.name = "รายงานใหญ่.pdf"
    return upload


def files_under(path) -> list:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_a_60_mb_oit_evidence_file_is_refused_in_thai_and_changes_nothing(client, world, oit):
    response, changed = post_oit(client, world, oit, big_pdf(60 * MB))
    body = response.content.decode()
    assert response.status_code == 400
    assert "ไฟล์ รายงานใหญ่.pdf มีขนาด 60 MB เกินขนาดที่รับได้ (ไม่เกิน 20 MB)" in body
    assert not changed


def test_the_limit_streams_a_refused_file_is_never_kept(client, world, oit, media, settings):
    temporary = media.parent / "upload-tmp"
    temporary.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)
    response, changed = post_oit(client, world, oit, big_pdf(25 * MB))
    assert response.status_code == 400 and not changed
    assert files_under(media) == []
    assert files_under(temporary) == []  # the 20 MB before the limit deleted, not left to GC
    assert post_oit(client, world, oit, big_pdf(3 * MB))[0].status_code == 302  # still works


HOSTILE = [
    ("หน้าเว็บ.html", HTML),
    ("ภาพ.svg", SVG),
    ("รายงาน.pdf", HTML),  # HTML renamed .pdf
    ("ภาพ.png", SVG),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 30),  # a broken zip named .docx
    ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # an executable
]


@pytest.mark.parametrize(("name", "content"), HOSTILE)
def test_oit_evidence_refuses_markup_and_files_that_lie_about_their_type(
    client, world, oit, name, content
):
    response, changed = post_oit(client, world, oit, SimpleUploadedFile(name, content))
    body = response.content.decode()
    assert response.status_code == 400 and not changed
    assert f"ไฟล์ {name}" in body and "ระบบตรวจจากเนื้อไฟล์" in body


@pytest.mark.parametrize(("name", "content"), HOSTILE)
def test_improvement_evidence_refuses_the_same_files(client, world, approved, name, content):
    response, changed = post_progress(client, world, approved, SimpleUploadedFile(name, content))
    body = response.content.decode()
    assert response.status_code == 200 and not changed  # the form again, with the message
    assert f"ไฟล์ {name}" in body and "ระบบตรวจจากเนื้อไฟล์" in body


REAL = [
    ("คำสั่ง.pdf", pdf_bytes, "pdf", "application/pdf"),
    (
        "รายงาน.docx",
        docx_bytes,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("ภาพกิจกรรม.png", png_bytes, "png", "image/png"),
]


@pytest.mark.parametrize(("name", "make", "extension", "content_type"), REAL)
def test_real_documents_are_accepted_and_served_as_what_they_are(
    client, world, oit, approved, name, make, extension, content_type
):
    from ita.disclosure.models import Evidence as OitEvidence
    from ita.improvement.models import Evidence

    content = make()
    response, changed = post_oit(client, world, oit, SimpleUploadedFile(name, content))
    assert response.status_code == 302 and changed
    response, changed = post_progress(client, world, approved, SimpleUploadedFile(name, content))
    assert response.status_code == 302 and changed
    for url in (
        reverse("disclosure:evidence_file", args=[OitEvidence.objects.exclude(file="").get().pk]),
        reverse("improvement:evidence_file", args=[Evidence.objects.exclude(file="").get().pk]),
    ):
        client.force_login(world.officer)
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == content_type
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content) == content


def test_a_pdf_named_html_is_stored_and_served_as_a_pdf(client, world, oit):
    from ita.disclosure.models import Evidence

    response, _ = post_oit(client, world, oit, SimpleUploadedFile("report.html", pdf_bytes()))
    assert response.status_code == 302
    stored = Evidence.objects.exclude(file="").get()
    assert stored.file.name.endswith("/report.pdf")
    download = client.get(reverse("disclosure:evidence_file", args=[stored.pk]))
    assert download["Content-Type"] == "application/pdf"


def test_both_forms_report_the_one_limit_from_the_setting(client, world, oit, approved, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    _, mine, _ = approved
    oit_page, changed_oit = post_oit(client, world, oit, big_pdf(MB + 10))
    progress_page, changed_progress = post_progress(client, world, approved, big_pdf(MB + 10))
    for response in (oit_page, progress_page):
        assert "เกินขนาดที่รับได้ (ไม่เกิน 1 MB)" in response.content.decode()
    assert not changed_oit and not changed_progress
    client.force_login(world.officer)
    oit_form = client.get(reverse("disclosure:item", args=[oit.pk])).content.decode()
    client.force_login(world.division_head)
    progress_form = client.get(reverse("improvement:progress_report", args=[mine.pk, 6]))
    for body in (oit_form, progress_form.content.decode()):
        assert "ไฟล์ละไม่เกิน 1 MB ชนิด PDF, Word (.docx)" in body
    settings.UPLOAD_MAX_BYTES = 2 * MB  # the same file, now within the limit, is accepted
    assert post_oit(client, world, oit, big_pdf(MB + 10))[0].status_code == 302
