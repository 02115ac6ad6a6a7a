"""Logging for every jobbot process: readable lines by default, JSON for log collectors.

`JOBBOT_LOG_FORMAT=json` writes one JSON object per line (time, level, logger, message, and
the exception when there is one), which Heroku, Loki or CloudWatch parse without a pattern.
The chat keeps logs out of the conversation: only warnings reach the terminal there.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Final, TextIO

TEXT_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_STANDARD_FIELDS: Final = frozenset(
    set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
)


class JsonFormatter(logging.Formatter):
    """One JSON object per record; extra fields passed with `extra=` are kept."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_FIELDS and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(*, verbose: bool = False, log_format: str = "text") -> None:
    """Send every log record at INFO (DEBUG with `-v`) to stderr, as text or JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    json_lines = log_format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_jobbot", False):
            root.removeHandler(old)
    handler._jobbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # one line per HTTP request (a Hacker News thread is hundreds) only with -v: each source's
    # sync is logged once by the syncer, with its outcome
    logging.getLogger("httpx").setLevel(logging.DEBUG if verbose else logging.WARNING)


def _ours() -> list[logging.StreamHandler[TextIO]]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_jobbot", False)]


@contextmanager
def kept_out_of_chat(verbose: bool = False) -> Iterator[None]:
    """While a chat runs in this terminal, only warnings and errors are printed (everything
    with `-v`): a reload or a pass summary must not land in the conversation."""
    saved = [(h, h.level) for h in _ours()]
    for handler, level in saved:
        if not verbose:
            handler.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        for handler, level in saved:
            handler.setLevel(level)


@contextmanager
def following_stderr() -> Iterator[None]:
    """Write log lines to the current `sys.stderr`: the chat's prompt replaces it so a line
    written by another thread appears above the prompt instead of through the line typed."""
    saved = [(h, h.stream) for h in _ours()]
    for handler, _ in saved:
        handler.setStream(sys.stderr)
    try:
        yield
    finally:
        for handler, stream in saved:
            handler.setStream(stream)
