"""Every error of the API as JSON, in Thai first with the English beside it: `detail` (Thai),
`detail_en`, and for bad input the fields at fault. Never an HTML page, never a 500 for input
(a bad value is 422 before any query)."""

from __future__ import annotations

from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

UNAUTHORIZED = (
    "ต้องใช้โทเค็นส่วนตัวที่ยังใช้งานได้ (โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอน)",
    "A valid personal access token is required (the token is invalid, expired or revoked)",
)
THROTTLED = (
    "เรียกใช้ถี่เกินกำหนด กรุณารอสักครู่แล้วลองใหม่",
    "Too many requests: wait a moment and try again",
)
INVALID = ("ข้อมูลที่ส่งมาไม่ถูกต้อง", "Invalid request")
NOT_FOUND = ("ไม่พบข้อมูล", "Not found")


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    detail_en: str
    errors: list[FieldError] = []


def body(texts: tuple[str, str], errors=()) -> dict:
    return {"detail": texts[0], "detail_en": texts[1], "errors": list(errors)}


def _field_errors(exc: ValidationError) -> list[dict]:
    out = []
    for error in exc.errors:
        where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        out.append({"field": ".".join(where) or "-", "message": _thai(error)})
    return out


def _thai(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("int_parsing", "int_type"):
        return "ต้องเป็นจำนวนเต็ม"
    if kind == "greater_than_equal":
        return f"ต้องไม่น้อยกว่า {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"ต้องไม่มากกว่า {ctx.get('le')}"
    if kind == "string_too_long":
        return f"ยาวได้ไม่เกิน {ctx.get('max_length')} ตัวอักษร"
    if kind == "string_pattern_mismatch":
        return "มีอักขระที่ใช้ไม่ได้"
    if kind in ("enum", "literal_error"):
        return "ไม่ใช่ค่าที่ระบบรู้จัก"
    if kind == "missing":
        return "ต้องระบุ"
    return "ค่าไม่ถูกต้อง"


def install(api) -> None:
    def respond(request, texts, status, errors=()):
        return api.create_response(request, body(texts, errors), status=status)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = respond(request, UNAUTHORIZED, 401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(request, THROTTLED, 429)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return respond(request, INVALID, 422, _field_errors(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        message = str(exc) or NOT_FOUND[0]
        return respond(request, (message, NOT_FOUND[1]), 404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, (str(exc), str(exc)), exc.status_code)
