"""Time as a dependency: the scheduler and the store never read the wall clock directly.

Passing a clock lets tests move time forward (lease expiry, Retry-After, rate limits) without
sleeping, and lets them see every wait the code asked for.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Where "now" comes from and how to wait."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block for `seconds` (a fake clock just moves forward)."""
        ...


class SystemClock:
    """The real clock: UTC wall time and `time.sleep`."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)
