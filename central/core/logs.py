"""Central's log lines: each carries its own UTC timestamp and is one line, traceback included.

journald and log shippers cut events at newlines, so a traceback is folded into its line
(text) or into a field (json, KIOSK_CENTRAL_LOG_FORMAT=json, for shipping to a log store).
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["text", "json"]


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """``2026-12-07T04:30:00.123+00:00 ERROR central.core.errors: message | Traceback ...``"""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_time(record)} {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        # One event, one line: the traceback's own lines joined by a visible separator.
        return line.replace("\r\n", "\n").replace("\n", " | ")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            event["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False)


FORMATTERS: dict[str, type[logging.Formatter]] = {"text": TextFormatter, "json": JsonFormatter}


def log_config(log_format: LogFormat) -> dict[str, Any]:
    """A logging.config.dictConfig for uvicorn's ``log_config``: uvicorn applies it in its
    supervisor and in every worker, so all of central's processes log the same way."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "central",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"central": {"()": FORMATTERS[log_format]}},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": "INFO"},
        "loggers": {
            # uvicorn's own loggers carry their own handlers by default; here they use ours.
            **{
                name: {"handlers": [], "level": "INFO", "propagate": True}
                for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
            },
            # central.db logs each migration step itself; Alembic's chatter is not news.
            "alembic": {"level": "WARNING"},
        },
    }
