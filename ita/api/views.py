"""The user's own token page (linked from "บัญชีของฉัน"): list, make, revoke. A new token's
text is shown once, in the response that made it (never stored, never put in the session or a
message), and the page says so. A JSON 404 for any other path under /api/v1/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ita.api import actions, errors
from ita.api.forms import TokenForm
from ita.api.models import PersonalAccessToken


def _page(request, form, new_token: str = "", status: int = 200):
    tokens = PersonalAccessToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens, "form": form, "new_token": new_token},
        status=status,
    )


@never_cache  # the response that shows a new token must not stay in any cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return _page(request, form, status=422)
    try:
        _token, text = actions.create_token(
            acting_user=request.user,
            name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"],
        )
    except actions.TokenError as exc:
        messages.error(request, str(exc))
        return _page(request, form, status=422)
    messages.success(request, _("สร้างโทเค็นแล้ว คัดลอกเก็บไว้ตอนนี้ ระบบจะไม่แสดงอีก"))
    return _page(request, TokenForm(), new_token=text)


@login_required
@require_POST
def revoke(request, token_id: int):
    # only the user's own token: anyone else's is missing, the same as one that never was
    token = PersonalAccessToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404("ไม่พบโทเค็น")
    try:
        actions.revoke_token(acting_user=request.user, token=token)
        messages.success(
            request,
            _("เพิกถอนโทเค็น “%(name)s” แล้ว โปรแกรมที่ใช้โทเค็นนี้จะเรียก API ไม่ได้อีก")
            % {"name": token.name},
        )
    except actions.TokenError as exc:
        messages.error(request, str(exc))
    return redirect("tokens:index")


def not_found(request, rest: str = ""):
    return JsonResponse(
        errors.body(errors.NOT_FOUND), status=404, json_dumps_params={"ensure_ascii": False}
    )


def index(request):
    """/api/v1/ itself: where the document and the docs are (ninja's own root is an HTML 404)."""
    return JsonResponse(
        {
            "title": "ITA API",
            "version": "1",
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
            "tokens": reverse("tokens:index"),
        }
    )
