"""Console logging that cannot be steered by what people type.

A log line often quotes input (a path, a name, an exception message). Printed raw, an ESC sequence
in it recolours, clears or rewrites the operator's terminal, and a newline forges a second log line.
This formatter shows such characters escaped instead (core.text.for_log), so they stay readable.
"""

from __future__ import annotations

import logging

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
