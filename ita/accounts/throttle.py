"""How django-axes sees a login attempt: the client address, and the page a locked-out person
gets. Throttling is per account and per address (settings.AXES_LOCKOUT_PARAMETERS)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind a proxy the header it sets (ITA_CLIENT_IP_HEADER): without it
    every login would come from the proxy's address and one typist would lock out everyone."""
    header = getattr(settings, "ITA_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
