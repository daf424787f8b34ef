"""The queues and the notifications list: access rule → read model → render; the writes go
through ita.notifications.actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ita.notifications import actions
from ita.notifications.models import Delivery, Notification
from ita.work import access, queries

NOTIFICATIONS_PAGE = 30


@login_required
def inbox(request):
    access.require(access.inbox_agency_ids(request.user))
    return render(request, "work/inbox.html", {"rows": queries.inbox(request.user)})


@login_required
def queue(request):
    access.require(access.queue_agency_ids(request.user))
    counts, page = queries.assessor_queue(request.user, request.GET.get("page"))
    return render(request, "work/queue.html", {"counts": counts, "page": page})


@login_required
def todo(request):
    ids = access.require(access.todo_agency_ids(request.user))
    sections = {
        "returned": list(queries.returned_plans(ids)),
        "rounds": queries.late_rounds(ids, timezone.localdate()),
        "links": list(queries.link_problems(ids)),
        "clarifications": list(queries.clarification_requests(ids)),
        "followups": queries.province_followups(ids),
    }
    total = sum(len(rows) for rows in sections.values())
    return render(request, "work/todo.html", {**sections, "total": total})


@login_required
def bell(request):
    """The navbar's bell with the unread count: one COUNT on a partial index."""
    unread = actions.unread_count(request.user)
    return render(request, "work/partials/bell.html", {"unread": unread})


@login_required
def notifications(request):
    mine = Notification.objects.filter(recipient=request.user).order_by("-created", "-pk")
    page = Paginator(mine, NOTIFICATIONS_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "delivery": actions.preference_of(request.user),
        "choices": Delivery.choices,
    }
    return render(request, "work/notifications.html", context)


def _ids(values) -> list[int]:
    # isdigit() admits "₀" and "²", which int() refuses; an id past a bigint would fail the query
    return [int(v) for v in values if v.isdecimal() and len(v) <= 18]


@login_required
@require_POST
def notifications_read(request):
    """All of the user's unread ones, or those named by `id`."""
    ids = _ids(request.POST.getlist("id")) if "id" in request.POST else None
    changed = actions.mark_read(acting_user=request.user, ids=ids)
    messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(n)s รายการ") % {"n": changed})
    return redirect("work:notifications")


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one read and go to the page it names (another user's is 404, like a missing one)."""
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if notification is None:
        raise Http404("ไม่พบการแจ้งเตือน")
    actions.mark_read(acting_user=request.user, ids=[notification.pk])
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    return redirect(notification.url if notification.url and safe else "work:notifications")


@login_required
@require_POST
def notification_preference(request):
    try:
        actions.set_preference(acting_user=request.user, delivery=request.POST.get("delivery", ""))
    except actions.NotificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("บันทึกวิธีรับการแจ้งเตือนแล้ว"))
    return redirect("work:notifications")
