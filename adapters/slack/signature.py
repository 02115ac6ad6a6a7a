"""Slack's v0 request signature, checked on the raw bytes before anything reads the body.

The HTTP transport calls `RequestCheck.check` first, so an unsigned, stale or forged request
is refused (401) before it is decoded or parsed: garbage costs one HMAC, never a traceback.
A signed request seen before (same signature, hence same timestamp and body) is a replay and
is acknowledged without being answered again. Signatures are remembered only while their
timestamp is within the 5-minute window; after that the timestamp alone refuses them.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import time
from collections.abc import Callable

from adapters.slack.recent import RecentIds

MAX_AGE_SECONDS = 300
VERSION = "v0"

Clock = Callable[[], float]


class Verdict(enum.Enum):
    """What to do with a request, decided from its headers and raw bytes only."""

    FRESH = "fresh"  # signed, in time, not seen before: dispatch it
    REPLAY = "replay"  # signed, in time, seen before: acknowledge, do nothing
    REFUSED = "refused"  # unsigned, forged, stale or malformed: 401


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=<hex HMAC-SHA256>` of `v0:<timestamp>:<body>`, as Slack computes it."""
    base = f"{VERSION}:{timestamp}:".encode() + body
    return f"{VERSION}=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class RequestCheck:
    """Verifies signatures and remembers the ones already answered."""

    def __init__(
        self, secret: str, *, clock: Clock = time.time, max_age: float = MAX_AGE_SECONDS
    ) -> None:
        if not secret:
            raise ValueError("a signing secret is required to check Slack's requests")
        self._secret = secret
        self.clock = clock
        self.max_age = max_age
        # A signature can be valid for up to 2 × max_age (a timestamp max_age in the future).
        self._seen = RecentIds(2 * max_age, clock=clock)

    def check(self, body: bytes, timestamp: str | None, given: str | None) -> Verdict:
        if not timestamp or not given or not (timestamp + given).isascii():
            return Verdict.REFUSED
        if not timestamp.isdigit():
            return Verdict.REFUSED
        if len(timestamp) > 12 or abs(self.clock() - int(timestamp)) > self.max_age:
            return Verdict.REFUSED
        if not hmac.compare_digest(signature(self._secret, timestamp, body), given):
            return Verdict.REFUSED
        return Verdict.FRESH if self._seen.add(given) else Verdict.REPLAY
