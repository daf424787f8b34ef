"""Keep slip tokens out of every log line (docs/security.md, "Logs").

An IIT slip's link is /surveys/t/<wave code>/<token>/. A log line that carried the token would
tie a slip to a time, which the answer tables are built never to do. `RedactSlips` is attached
to every handler of Django's logging (settings.LOGGING: runserver's request log, django.request,
django.security, everything propagated to the root) and, through `GunicornLogger`, to gunicorn's
access and error logs; it rewrites the formatted message, the arguments and any traceback."""

from __future__ import annotations

import logging
import re

SLIP_PATH = re.compile(r"(/surveys/t/[^/\s\"'?#]+/)[^/\s\"'?#]+")
REDACTED = r"\1…"


def redact(text: str) -> str:
    return SLIP_PATH.sub(REDACTED, text)


class RedactSlips(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = redact(message), ()
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _gunicorn_logger_base():
    from gunicorn.glogging import Logger

    return Logger


class GunicornLogger(_gunicorn_logger_base()):
    """gunicorn's logger with RedactSlips on its access and error handlers (gunicorn.conf.py)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactSlips) for f in handler.filters):
                    handler.addFilter(RedactSlips())
