"""Issue 11 finding 2: the approval memo in the form of ระเบียบงานสารบรรณ, in DOCX and PDF: the
ครุฑ at 1.5 cm top left (a placeholder says so), dotted lines under ส่วนราชการ / ที่ / วันที่ /
เรื่อง, each opinion of the chain with its name, position and date in order, and the decision
ticked and dated from the approval action (a plan approved in 2565 says 2565, not today)."""

import datetime as dt
import io
import re
import subprocess

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx.enum.text import WD_UNDERLINE
from docx.shared import Cm

from ita.agencies.garuda import MAX_HEIGHT_PX, checked_png, upload_garuda
from ita.documents.builders import build_memo
from ita.documents.render_docx import render_docx
from ita.documents.render_html import render_html
from ita.documents.render_pdf import render_pdf
from ita.improvement import actions
from ita.improvement.tests.fixtures import measure_input
from ita.lib.thai_dates import thai_date
from ita.lib.thai_text import to_arabic_digits

pytestmark = pytest.mark.django_db

ORDER = (
    "ความเห็นของหัวหน้าสำนักปลัดเทศบาล",
    "เห็นควรอนุมัติตามเสนอ",
    "(นางสาวมาลี ใจงาม)",
    "หัวหน้าสำนักปลัดเทศบาล",
    "วันที่ 16 พฤศจิกายน 2565",
    "ความเห็นของปลัดเทศบาลเมืองทดสอบ",
    "(นายปลัด เมืองทดสอบ)",
    "ผู้อำนวยการกองช่าง รักษาราชการแทนปลัดเทศบาลเมืองทดสอบ",
    "วันที่ 17 พฤศจิกายน 2565",
    "ความเห็นของนายกเทศมนตรีเมืองทดสอบ",
    "(✓) อนุมัติ",
    "ไม่อนุมัติ",
    "(นายกเทศมนตรี ทดสอบ)",
    "วันที่ 18 พฤศจิกายน 2565",
)


def bangkok(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def memo_2565(world, analysis):
    """อนุมัติ on 18 November 2022 (BE 2565), after the two opinions of a เทศบาลเมือง's chain."""
    actions.update_analysis(
        acting_user=world.officer, analysis=analysis, findings={},
        texts={"memo_unit": "สำนักปลัดเทศบาล เทศบาลเมืองทดสอบ", "memo_number": "มส 52001/99",
               "memo_date": dt.date(2022, 11, 15), "approver_name": "นายกเทศมนตรี ทดสอบ",
               "approver_position": "นายกเทศมนตรีเมืองทดสอบ"},
    )  # fmt: skip
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    actions.submit_plan(acting_user=world.officer, analysis=analysis)
    actions.give_opinion(
        acting_user=world.division_head, analysis=analysis, text="เห็นควรอนุมัติตามเสนอ",
        name="นางสาวมาลี ใจงาม", at=bangkok(2022, 11, 16, 10),
    )  # fmt: skip
    actions.give_opinion(
        acting_user=world.executive, analysis=analysis, text="เห็นควรอนุมัติ",
        name="นายปลัด เมืองทดสอบ", title="ผู้อำนวยการกองช่าง รักษาราชการแทนปลัดเทศบาลเมืองทดสอบ",
        at=bangkok(2022, 11, 17, 10),
    )  # fmt: skip
    actions.approve_plan(
        acting_user=world.executive, analysis=analysis, decided_at=bangkok(2022, 11, 18, 14)
    )
    analysis.refresh_from_db()
    return build_memo(analysis)


def in_order(text: str, parts) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not after position {at}"
        at = found + len(part)


def today_thai() -> str:
    return thai_date(timezone.localdate())


def test_docx_memo_form(memo_2565):
    data = render_docx(memo_2565)
    document = docx.Document(io.BytesIO(data))
    text = to_arabic_digits("\n".join(p.text for p in document.paragraphs))
    in_order(text, ORDER)
    assert today_thai() not in text and "เมื่อ" not in text.split("ความเห็นของนายก")[1]
    (shape,) = document.inline_shapes  # the ครุฑ, 1.5 cm high
    assert shape.height == Cm(1.5) == 540000
    assert document.paragraphs[0].text.endswith("บันทึกข้อความ")
    # the form's dotted lines: ส่วนราชการ, ที่, วันที่, เรื่อง each written on one
    head = document.paragraphs[1:4]
    assert [p.runs[0].text for p in head] == ["ส่วนราชการ", "ที่", "เรื่อง"]
    dotted = [r.text for p in head for r in p.runs if r.font.underline == WD_UNDERLINE.DOTTED]
    assert dotted.count("\t") == 4
    assert any("สำนักปลัดเทศบาล เทศบาลเมืองทดสอบ" in t for t in dotted)
    assert any("18 พฤศจิกายน 2565" not in t and "15 พฤศจิกายน 2565" in to_arabic_digits(t)
               for t in dotted)  # fmt: skip


def test_pdf_memo_form(memo_2565, tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(render_pdf(memo_2565))
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout  # fmt: skip
    # Chromium wraps the long position inside the signature box: compare without whitespace
    text = re.sub(r"\s+", "", to_arabic_digits(raw))
    in_order(text, [re.sub(r"\s+", "", p) for p in ORDER])
    assert re.sub(r"\s+", "", today_thai()) not in text
    listing = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]  # fmt: skip
    # page 1's one image (its alpha channel is listed as an "smask" of the same size)
    (garuda,) = [c for c in (line.split() for line in listing) if c[0] == "1" and c[2] == "image"]
    height_px, y_ppi = int(garuda[4]), float(garuda[13])
    assert height_px / y_ppi * 2.54 == pytest.approx(1.5, abs=0.02)


def test_html_dotted_lines_and_placeholder_note(world, memo_2565):
    html = render_html(memo_2565)
    assert html.count('class="memo-fill') == 4
    assert 'class="garuda"' in html and "height:1.5cm" in html
    # nothing uploaded: the shipped placeholder, and the memo says so
    assert "ภาพครุฑในเอกสารนี้เป็นภาพตัวอย่าง" in html


def test_an_uploaded_garuda_is_printed_without_the_note(world, analysis):
    upload_garuda(acting_user=world.officer, agency=world.own, data=png(40, 44))
    memo = build_memo(analysis)
    assert "ภาพตัวอย่าง" not in render_html(memo)
    assert memo.blocks[0].garuda == checked_png(png(40, 44))


def png(w: int, h: int, fmt: str = "PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ไฟล์ว่าง"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "ไม่ใช่ภาพ PNG หรือ JPEG"),
        (b"\x89PNG\r\n\x1a\nnot really", "ไม่ใช่ภาพ PNG หรือ JPEG"),
        (png(10, 10, "GIF"), "รับเฉพาะภาพ PNG หรือ JPEG"),
    ],
)
def test_garuda_upload_is_checked_by_content(data, message):
    with pytest.raises(ValidationError, match=message):
        checked_png(data)


def test_garuda_upload_is_normalised(world):
    from PIL import Image

    stored = Image.open(io.BytesIO(checked_png(png(900, 1000, "JPEG"))))
    assert (stored.format, stored.height) == ("PNG", MAX_HEIGHT_PX)


def test_garuda_page_uploads_for_the_officer_and_refuses_bad_files(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from ita.agencies.models import Garuda
    from ita.audit.models import AuditEvent

    url = reverse("improvement:garuda", args=[world.own.pk])
    client.force_login(world.officer)
    page = client.get(url).content.decode()
    assert 'data-testid="garuda-placeholder"' in page
    bad = SimpleUploadedFile("ครุฑ.png", b"GIF89a-not-an-image", "image/png")
    response = client.post(url, {"image": bad})
    # the one upload policy refuses it by its content, naming what it takes
    assert response.status_code == 200 and "รับเฉพาะไฟล์ รูปภาพ PNG" in response.content.decode()
    assert not Garuda.objects.exists()
    good = SimpleUploadedFile("garuda.jpg", png(60, 66, "JPEG"), "image/jpeg")
    assert client.post(url, {"image": good}).status_code == 302
    assert Garuda.objects.get().agency == world.own
    assert AuditEvent.objects.filter(action="garuda.uploaded", agency=world.own).exists()
    assert 'data-testid="garuda-placeholder"' not in client.get(url).content.decode()
    client.force_login(world.division_head)
    assert client.post(url, {"image": good}).status_code == 404
