"""A bounded memory of recent ids: event ids Slack redelivers, signatures replayed.

Every id lives for the same `ttl`, so ids expire in the order they were added and forgetting
them is a pop from the front: each `add` costs O(1) amortised, whatever the traffic.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

DEDUP_SECONDS = 600.0

Clock = Callable[[], float]


class RecentIds:
    """Ids seen in the last `ttl` seconds; `add` says whether an id is new."""

    def __init__(self, ttl: float = DEDUP_SECONDS, clock: Clock = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._expiry: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            while self._expiry:
                oldest, expires = next(iter(self._expiry.items()))
                if expires > now:
                    break
                del self._expiry[oldest]
            if key in self._expiry:
                return False
            self._expiry[key] = now + self.ttl
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._expiry)
