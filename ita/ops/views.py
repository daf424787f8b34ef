"""/healthz for load balancers, container health checks and monitoring: no login, no CSRF, no
session, never cached. 200 while the database answers ("ok" or "degraded"), 503 when it does
not ("down")."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ita.ops import health


@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    body = health.report()
    status = 503 if body["status"] == "down" else 200
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
