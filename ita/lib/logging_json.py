"""Structured logs (ITA_LOG_FORMAT=json): every line one JSON object — time (UTC), level,
logger, message, request id, user id — for a log shipper to index without parsing.

What never goes in: a slip token or a password-reset token (the paths are redacted here as in
ita/lib/redact.py, on the whole line, after the handler's RedactSlips filter did the message),
a survey answer or a password (request bodies are never logged), a cookie or a header other
than the request id. The user is an id, not a name.

The default stays human-readable: without the variable settings.LOGGING is what it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
from contextvars import ContextVar

from django.utils.functional import empty

from ita.lib.redact import GunicornLogger, redact

# /accounts/reset/<uidb64>/<token>/: Django's password-reset link carries its token in the path
# of the first request (the view then moves it into the session).
RESET_PATH = re.compile(r"(/accounts/reset/[^/\s\"'?#]+/)(?!set-password)[^/\s\"'?#]+")

# The request being served in this thread or task, set by RequestIdMiddleware.
current_request_id: ContextVar[str | None] = ContextVar("ita_request_id", default=None)
current_request: ContextVar[object | None] = ContextVar("ita_request", default=None)


def scrub(text: str) -> str:
    return RESET_PATH.sub(r"\1…", redact(text))


def user_id_of(request) -> int | None:
    """The signed-in user's id, if the request has already looked its user up: a log line must
    not be the reason for a session query (nor fail when the database is down)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # AuthenticationMiddleware's lazy object
    if wrapped is empty or wrapped is None:
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class RequestContext(logging.Filter):
    """Puts the current request's id and user id on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs a 4xx/5xx after the middleware returned, with the request attached
        request = getattr(record, "request", None) or current_request.get()
        record.request_id = getattr(request, "id", None) or current_request_id.get()
        record.user_id = user_id_of(request) if request is not None else None
        return True


# Attributes every LogRecord has: anything else was passed in `extra` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "request_id", "user_id", "server_time", "status_code", "request",
}  # fmt: skip


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return scrub(json.dumps(entry, ensure_ascii=False))


def as_json(config: dict) -> dict:
    """settings.LOGGING with every handler writing JSON lines carrying the request context,
    and the request log (ita.request, one line per request) switched on."""
    config = copy.deepcopy(config)
    config.setdefault("filters", {})["request_context"] = {
        "()": "ita.lib.logging_json.RequestContext"
    }
    config.setdefault("formatters", {})["json"] = {"()": "ita.lib.logging_json.JsonFormatter"}
    for handler in config["handlers"].values():
        handler["formatter"] = "json"
        handler["filters"] = [*handler.get("filters", []), "request_context"]
    config.setdefault("loggers", {})["ita.request"] = {"level": "INFO"}
    return config


class JsonGunicornLogger(GunicornLogger):
    """gunicorn.conf.py's logger: slip tokens redacted (GunicornLogger), no access line for
    /healthz (a load balancer asks every few seconds), JSON lines with ITA_LOG_FORMAT=json."""

    def setup(self, cfg):
        super().setup(cfg)
        import os

        if os.environ.get("ITA_LOG_FORMAT", "").lower() == "json":
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonFormatter())
                    handler.addFilter(RequestContext())

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") == "/healthz":
            return
        # the id the application answered with (RequestIdMiddleware), on gunicorn's line too
        sent = dict((k.lower(), v) for k, v in getattr(resp, "headers", ()))
        token = current_request_id.set(sent.get("x-request-id"))
        try:
            super().access(resp, req, environ, request_time)
        finally:
            current_request_id.reset(token)
