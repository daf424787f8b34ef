"""One way to hand a user a file made in memory: Django's own Content-Disposition helper (an
ASCII fallback and the RFC 5987 UTF-8 name, so Thai file names survive every browser). Files on
disk go through FileResponse(as_attachment=True, filename=…), which uses the same helper."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
