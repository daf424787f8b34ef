"""The request id (X-Request-ID in and out) and the one log line per request (ita.request).

A request id the load balancer or nginx sent is kept, so its access log, ours and gunicorn's
name the same request; one that is not a short plain token is replaced (a header is the
client's, and a log line must not carry what it wants to inject). The line says method, path
(slip and reset tokens redacted by the formatter), status, duration and the user's id, never the
query string or the body. /healthz is not logged: a load balancer asks every few seconds."""

from __future__ import annotations

import logging
import re
import time
import uuid

from ita.lib.logging_json import current_request, current_request_id, scrub

log = logging.getLogger("ita.request")
HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
QUIET_PATHS = {"/healthz"}


def request_id_from(value: str | None) -> str:
    if value and ACCEPTED.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in settings.MIDDLEWARE, so every line logged while serving carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request.headers.get(HEADER))
        tokens = current_request_id.set(request.id), current_request.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.id
            if request.path not in QUIET_PATHS:
                self.log(request, response.status_code, started)
            return response
        finally:
            current_request_id.reset(tokens[0])
            current_request.reset(tokens[1])

    @staticmethod
    def log(request, status: int, started: float) -> None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = scrub(request.path)  # the text format shows the message as it is
        log.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            status,
            duration_ms,
            extra={"method": request.method, "path": path, "status": status,
                   "duration_ms": duration_ms},
        )  # fmt: skip
