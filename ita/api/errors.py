"""Every error of the API as JSON: `detail` in the caller's language (Thai unless the request
asks for English with Accept-Language or the language cookie), `detail_en` always in English,
and for bad input the fields at fault (their messages in the caller's language). Never an HTML
page, never a 500 for input (a bad value is 422 before any query)."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

UNAUTHORIZED = gettext_lazy("ต้องใช้โทเค็นส่วนตัวที่ยังใช้งานได้ (โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอน)")
THROTTLED = gettext_lazy("เรียกใช้ถี่เกินกำหนด กรุณารอสักครู่แล้วลองใหม่")
INVALID = gettext_lazy("ข้อมูลที่ส่งมาไม่ถูกต้อง")
NOT_FOUND = gettext_lazy("ไม่พบข้อมูล")


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    detail_en: str
    errors: list[FieldError] = []


def body(message, errors=()) -> dict:
    """A message marked for translation (lazy) is given in the caller's language and in
    English; any other text (ninja's own) is the same in both."""
    with translation.override("en"):
        english = str(message)
    return {"detail": str(message), "detail_en": english, "errors": list(errors)}


def _field_errors(exc: ValidationError) -> list[dict]:
    out = []
    for error in exc.errors:
        where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        out.append({"field": ".".join(where) or "-", "message": _message(error)})
    return out


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("int_parsing", "int_type"):
        return _("ต้องเป็นจำนวนเต็ม")
    if kind == "greater_than_equal":
        return _("ต้องไม่น้อยกว่า %(n)s") % {"n": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("ต้องไม่มากกว่า %(n)s") % {"n": ctx.get("le")}
    if kind == "string_too_long":
        return _("ยาวได้ไม่เกิน %(n)s ตัวอักษร") % {"n": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _("มีอักขระที่ใช้ไม่ได้")
    if kind in ("enum", "literal_error"):
        return _("ไม่ใช่ค่าที่ระบบรู้จัก")
    if kind == "missing":
        return _("ต้องระบุ")
    return _("ค่าไม่ถูกต้อง")


def install(api) -> None:
    def respond(request, message, status, errors=()):
        return api.create_response(request, body(message, errors), status=status)

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
        # the endpoints raise Http404(gettext_lazy(...)); Django's own 404s say "Not found"
        message = exc.args[0] if exc.args and isinstance(exc.args[0], Promise) else NOT_FOUND
        return respond(request, message, 404)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, str(exc), exc.status_code)
