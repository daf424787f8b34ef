"""Small real files of each accepted type, made by the libraries that write them."""

from __future__ import annotations

import io
import zipfile


def pdf_bytes() -> bytes:
    # A whole one-page PDF: header, catalog, pages, page, cross-reference table, trailer.
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินงาน")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'
)


def big_xlsx(rows: int, *, first_data_row: int = 2, cell: bytes = b"<v>1</v>") -> bytes:
    """A real workbook (openpyxl's own parts) whose first sheet has a header and `rows` rows of
    one cell from `first_data_row` on, written straight as sheet XML: openpyxl's write_only
    takes ten seconds for 500,000 rows, this under one."""
    from openpyxl import Workbook

    skeleton = io.BytesIO()
    Workbook().save(skeleton)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(info.filename, "w") as sheet:
                sheet.write(SHEET_START)
                for start in range(first_data_row, first_data_row + rows, 10_000):
                    stop = min(start + 10_000, first_data_row + rows)
                    sheet.write(
                        b"".join(
                            b'<row r="%d"><c r="A%d">%s</c></row>' % (n, n, cell)
                            for n in range(start, stop)
                        )
                    )
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def padded_xlsx(unpacked: int) -> bytes:
    """A workbook whose sheet XML is `unpacked` bytes, nearly all of them spaces (a zip bomb's
    shape: a small file that inflates to far more)."""
    from openpyxl import Workbook

    skeleton = io.BytesIO()
    Workbook().save(skeleton)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(SHEET_START)
                chunk = b" " * (1024 * 1024)
                for _ in range(unpacked // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()
