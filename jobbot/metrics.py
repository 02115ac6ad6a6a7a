"""Every Prometheus metric jobbot exports, defined once, for any feature to update.

The metrics live in one registry per process (`REGISTRY`), served at `/metrics` by the Slack
HTTP server and, with `JOBBOT_METRICS_PORT`, by Discord, Socket Mode and the scheduler
(`jobbot.app.ops`). Code anywhere at or above this layer records through the helpers below
(or the metric objects themselves), so a new feature adds a labelled series here rather
than a registry of its own.

Labels are bounded: platform names, intents, outcomes and source keys, never user text.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY: Final = CollectorRegistry(auto_describe=True)

REQUESTS: Final = Counter(
    "jobbot_requests",
    "Requests answered, by platform and by what the engine took them for.",
    ["platform", "intent"],
    registry=REGISTRY,
)
ANSWER_SECONDS: Final = Histogram(
    "jobbot_answer_seconds",
    "Time from a request reaching the engine to its answer.",
    ["platform"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)
ANNOUNCEMENTS: Final = Counter(
    "jobbot_announcements",
    "Channel announcements, by platform and outcome (sent, failed for good, deferred).",
    ["platform", "outcome"],
    registry=REGISTRY,
)
DIRECT_MESSAGES: Final = Counter(
    "jobbot_direct_messages",
    "Personal alert DMs, by platform and outcome (sent, failed for good, deferred).",
    ["platform", "outcome"],
    registry=REGISTRY,
)
INDEX_POSTINGS: Final = Gauge(
    "jobbot_index_postings", "Postings in the search index now.", registry=REGISTRY
)
INDEX_FAQ: Final = Gauge(
    "jobbot_index_faq_entries", "FAQ entries in the search index now.", registry=REGISTRY
)
SOURCE_LAST_SYNC: Final = Gauge(
    "jobbot_source_last_sync_timestamp_seconds",
    "When each knowledge source last synced successfully (Unix time).",
    ["source"],
    registry=REGISTRY,
)

SENT: Final = "sent"
FAILED: Final = "failed"
DEFERRED: Final = "deferred"


def answered(platform: str | None, intent: str, seconds: float) -> None:
    """One answered request; internal ones (no platform, e.g. subscription matching) are
    not users' requests and are left out."""
    if platform is None:
        return
    REQUESTS.labels(platform=platform, intent=intent).inc()
    ANSWER_SECONDS.labels(platform=platform).observe(seconds)


def announced(platform: str, outcome: str, count: int = 1) -> None:
    """`count` postings announced to a channel with this outcome."""
    ANNOUNCEMENTS.labels(platform=platform, outcome=outcome).inc(count)


def direct_message(platform: str, outcome: str) -> None:
    """One alert DM (however many postings it carries) with this outcome."""
    DIRECT_MESSAGES.labels(platform=platform, outcome=outcome).inc()


def delivered(platform: str, outcome: str, postings: int, *, dm: bool) -> None:
    """A delivery's outcome: a channel announcement counts its postings, a DM counts once."""
    if dm:
        direct_message(platform, outcome)
    else:
        announced(platform, outcome, postings)


def indexed(postings: int, faq: int) -> None:
    """The index now live holds this many postings and FAQ entries."""
    INDEX_POSTINGS.set(postings)
    INDEX_FAQ.set(faq)


class _SyncAge(Collector):
    """`jobbot_source_sync_age_seconds{source}`: seconds since each source's last good sync,
    computed when scraped, so a stuck source shows a growing age with no one updating it."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def synced(self, source: str, at: float) -> None:
        with self._lock:
            self._last[source] = max(at, self._last.get(source, at))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "jobbot_source_sync_age_seconds",
            "Seconds since each knowledge source last synced successfully.",
            labels=["source"],
        )
        now = time.time()
        with self._lock:
            for source, at in sorted(self._last.items()):
                family.add_metric([source], max(0.0, now - at))
        yield family


SYNC_AGE: Final = _SyncAge()
REGISTRY.register(SYNC_AGE)


def source_synced(source: str, at: float | None = None) -> None:
    """A source (its key, e.g. `greenhouse:acme`) synced successfully at `at` (Unix time)."""
    when = time.time() if at is None else at
    SOURCE_LAST_SYNC.labels(source=source).set(when)
    SYNC_AGE.synced(source, when)
