"""One entry point from a Document to file bytes, per format."""

from __future__ import annotations

from ita.documents.content import Document

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from ita.documents.render_docx import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from ita.documents.render_pdf import render_pdf

        return render_pdf(doc)
    raise ValueError(f"ไม่รองรับรูปแบบ {fmt} (ใช้ docx หรือ pdf)")
