"""Console logging that cannot be steered by what people type.

A log line often quotes input (a path, a name, an exception message). Printed raw, an ESC sequence
in it recolours, clears or rewrites the operator's terminal, and a newline forges a second log line.
This formatter shows such characters escaped instead (core.text.for_log), so they stay readable.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from .text import for_log


def _each_line(text: str) -> str:
    # Tracebacks and stacks are meant to span lines; only what is inside each line is escaped.
    return "\n".join(for_log(line) for line in text.split("\n"))


class PlainFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - the logging API's name
        return for_log(super().formatMessage(record))

    def formatException(self, ei) -> str:  # noqa: N802
        return _each_line(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return _each_line(super().formatStack(stack_info))


# --- Structured logs (LOG_FORMAT=json, production's default) -------------------------------------
#
# One JSON object a line, for a log shipper: when, how bad, which logger, the message, and which
# request, user and organisation it belongs to, by id only. Never a name, an address, a search
# term or a token: the access line logs the path without its query string, and ids are numbers.

_request_id: ContextVar[str | None] = ContextVar("alongside_request_id", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_PLAIN_WORD = re.compile(r"^[a-z0-9-]{1,30}$")


def current_request_id() -> str | None:
    return _request_id.get()


class ContextFilter(logging.Filter):
    """Adds request_id, user_id and organisation_id to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .request_context import current_user

        if not hasattr(record, "user_id"):  # the access line names its user itself
            user = current_user()
            record.user_id = getattr(user, "pk", None)
            record.organisation_id = getattr(user, "organisation_id", None)
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "organisation_id": getattr(record, "organisation_id", None),
        }
        for extra in ("method", "path", "status", "duration_ms"):
            if hasattr(record, extra):
                entry[extra] = getattr(record, extra)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


access_log = logging.getLogger("alongside.requests")


def loggable_path(request) -> str:
    """The path with every part that is not a number left out: a URL can carry a secret (a
    calendar feed's token, a password reset link) or a name typed into it. Ids stay, so an
    operator can still tell which record a slow or failing request was about. A path that
    matched no page keeps only its first part."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        first = request.path.strip("/").split("/", 1)[0]
        return f"/{first}/… (no such page)" if _PLAIN_WORD.match(first) else "/… (no such page)"
    path = request.path
    for value in match.kwargs.values():
        if not isinstance(value, int) and str(value):
            path = path.replace(str(value), "…")
    return path


class RequestLogMiddleware:
    """Gives each request an id (the proxy's X-Request-ID if it sent a sane one, else a new one),
    returns it in the X-Request-ID header, and logs one line when the request ends. Health checks
    are logged at DEBUG: a monitor polls them every few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            level = logging.DEBUG if request.path == "/health/" else logging.INFO
            user = getattr(request, "user", None)
            signed_in = getattr(user, "is_authenticated", False)
            path = loggable_path(request)
            access_log.log(
                level,
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "user_id": user.pk if signed_in else None,
                    "organisation_id": getattr(user, "organisation_id", None) if signed_in else None,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)
