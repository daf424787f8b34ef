"""The upload policy's rules as a table: what each content is recognised as, what each kind of
field accepts, the stored name, and the streaming size limit."""

from __future__ import annotations

import io
import zipfile

import pytest
from django import forms

from ita.lib import uploads
from ita.lib.tests.samples import docx_bytes, padded_xlsx, pdf_bytes, png_bytes, xlsx_bytes

MB = 1024 * 1024


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def odt() -> bytes:
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def xlsm() -> bytes:
    macro = b'<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
    return zipped({"[Content_Types].xml": macro + b"</Types>"})


RECOGNISED = [
    ("a.pdf", pdf_bytes, "pdf"),
    ("a.docx", docx_bytes, "docx"),
    ("a.xlsx", lambda: xlsx_bytes([["รหัส"]]), "xlsx"),
    ("a.odt", odt, "odt"),
    ("a.png", png_bytes, "png"),
    ("a.jpg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
    ("ผล.csv", lambda: "รหัส,ปี\r\nT-1,2566\r\n".encode("utf-8-sig"), "csv"),
    ("ผล.csv", lambda: "รหัส,ปี\r\n".encode("cp874"), "csv"),
    ("ผล.csv", lambda: "รหัส\tปี\r\n".encode("utf-16"), "csv"),
    ("กรอบ.yml", lambda: b"code: ita-2570\n", "yaml"),
    ("บันทึก", lambda: "ข้อความ".encode(), "txt"),
    ("report.html", pdf_bytes, "pdf"),  # the content decides, not the name
]


@pytest.mark.parametrize(("name", "make", "code"), RECOGNISED)
def test_content_decides_the_type(name, make, code):
    assert uploads.detect(io.BytesIO(make()), name).code == code


REFUSED = [
    ("page.html", b"<!doctype html><p>x</p>", "HTML"),
    ("page.pdf", b"\n  <html><script>x</script>", "HTML"),
    ("notes.txt", b"hello <script src=//evil></script>", "HTML"),
    ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "HTML"),
    ("a.csv", "<svg onload=alert(1)>".encode("utf-16"), "HTML"),  # UTF-16 markup is markup
    ("a.xml", b"<?xml version='1.0'?><a/>", "HTML"),
    ("a.exe", b"MZ\x90\x00\x03" + b"\x00" * 100, "ไม่ใช่ชนิดที่รับ"),
    ("a.zip", zipped({"readme.txt": b"x"}), "ไม่ใช่เอกสาร Office"),
    ("a.xlsm", xlsm(), "ไม่ใช่เอกสาร Office"),
    ("a.xlsx", b"PK\x03\x04 broken", "เสียหาย"),
]


@pytest.mark.parametrize(("name", "content", "why"), REFUSED)
def test_markup_executables_and_other_zips_are_not_recognised(name, content, why):
    with pytest.raises(uploads.Unrecognised, match=why):
        uploads.detect(io.BytesIO(content), name)


def test_a_document_that_inflates_far_past_its_size_is_not_opened():
    with pytest.raises(uploads.Unrecognised, match="ถูกบีบอัดผิดปกติ"):
        uploads.detect(io.BytesIO(padded_xlsx(20 * MB)), "a.xlsx")


@pytest.mark.parametrize(
    ("kind", "name", "make", "accepted"),
    [
        ("evidence", "a.pdf", pdf_bytes, True),
        ("evidence", "a.csv", lambda: b"a,b", True),
        ("import", "a.pdf", pdf_bytes, False),
        ("import", "a.xlsx", lambda: xlsx_bytes([["x"]]), True),
        ("import", "a.csv", lambda: b"a,b", True),
        ("framework", "a.csv", lambda: b"a,b", False),  # text, but not named .yaml
        ("framework", "a.yaml", lambda: b"code: x", True),
        ("image", "a.png", png_bytes, True),
        ("image", "a.pdf", pdf_bytes, False),
    ],
)
def test_each_kind_accepts_its_types(kind, name, make, accepted):
    try:
        uploads.check(io.BytesIO(make()), name, kind)
    except forms.ValidationError as exc:
        assert not accepted, exc.messages
        assert "รับเฉพาะไฟล์" in exc.messages[0]
    else:
        assert accepted


@pytest.mark.parametrize(
    ("name", "code", "stored"),
    [
        ("รายงาน ผลการดำเนินงาน.PDF", "pdf", "รายงาน_ผลการดำเนินงาน.pdf"),
        ("../../etc/passwd", "txt", "passwd.txt"),
        ("photo.jpeg.exe", "jpeg", "photo_jpeg.jpg"),
        ("<script>.html", "pdf", "script.pdf"),
        ("...", "png", "file.png"),
    ],
)
def test_the_stored_name_is_clean_and_carries_the_detected_extension(name, code, stored):
    assert uploads.safe_name(name, uploads.TYPES[code]) == stored


def test_the_handler_passes_chunks_until_the_limit_then_drops_the_rest(settings):
    settings.UPLOAD_MAX_BYTES = 100
    handler = uploads.LimitedUploadHandler()
    handler.new_file("file", "big.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert handler.receive_data_chunk(b"x" * 40, 60) == b"x" * 40  # exactly the limit
    assert handler.file_complete(100) is None  # within: Django's next handler has the file
    handler.new_file("file", "big.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"x" * 100, 0)
    assert handler.receive_data_chunk(b"x", 100) is None  # past it: nothing passed on
    assert handler.receive_data_chunk(b"x" * 1000, 101) is None
    refused = handler.file_complete(0)
    assert refused.refused and refused.size == 1101 and refused.read() == b""
    with pytest.raises(forms.ValidationError, match="เกินขนาดที่รับได้"):
        uploads.check(refused, "big.pdf", "evidence")


def test_the_limit_comes_from_the_setting(settings):
    settings.UPLOAD_MAX_BYTES = int(1.5 * MB)
    assert uploads.policy_text("import") == "ไฟล์ละไม่เกิน 1.5 MB ชนิด Excel (.xlsx), CSV (.csv)"
    field = uploads.PolicyFileField(kind="evidence")
    assert "ไม่เกิน 1.5 MB" in str(field.help_text)
    settings.UPLOAD_MAX_BYTES = 20 * MB
    assert "ไม่เกิน 20 MB" in str(field.help_text)  # read when shown, not when defined
