"""Test doubles for the announcement tests: a clock that moves only when told, and a real
`Publisher` that records what it was asked to send, finds what it accepted and records
edits (and can be told to fail before or after accepting a message)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from jobbot.announce.publisher import Announcement, DeliveryError, Receipt
from jobbot.models import Corpus, Posting
from jobbot.sources import SourceError

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """`now()` stands still until `advance` or `sleep`; every sleep is recorded."""

    def __init__(self, start: datetime = START) -> None:
        self.current = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self.current

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.current += timedelta(seconds=seconds)

    def advance(self, **delta: float) -> None:
        with self._lock:
            self.current += timedelta(**delta)


class RecordingPublisher:
    """Keeps every announcement it accepted; `failures` are raised first, in order, before
    the message is accepted, and `after_accepting` once it was (a timeout or a crash between
    the platform taking it and the store hearing so). `find` answers from what it accepted,
    as a platform's history would; `edits` records every edit, `edit_failures` fail them."""

    def __init__(
        self,
        platform: str = "slack",
        *,
        clock: FakeClock | None = None,
        failures: list[BaseException] | None = None,
        after_accepting: list[BaseException] | None = None,
        edit_failures: list[BaseException] | None = None,
        delay: float = 0.0,
        on_publish: Callable[[Announcement], None] | None = None,
    ) -> None:
        self.platform = platform
        self.clock = clock
        self.failures = list(failures or [])
        self.after_accepting = list(after_accepting or [])
        self.edit_failures = list(edit_failures or [])
        self.delay = delay
        self.on_publish = on_publish
        self.sent: list[Announcement] = []
        self.sent_at: list[datetime] = []
        self.edits: list[tuple[Receipt, Announcement]] = []
        self.finds = 0
        self.calls = 0
        self._lock = threading.Lock()

    def publish(self, announcement: Announcement) -> Receipt:
        with self._lock:
            self.calls += 1
            failure = self.failures.pop(0) if self.failures else None
        if self.on_publish is not None:
            self.on_publish(announcement)
        if self.delay:
            time.sleep(self.delay)  # widen the window in which concurrent schedulers overlap
        if failure is not None:
            raise failure
        with self._lock:
            self.sent.append(announcement)
            if self.clock is not None:
                self.sent_at.append(self.clock.now())
            receipt = Receipt(channel=announcement.channel, messages=[f"m{len(self.sent)}"])
            late = self.after_accepting.pop(0) if self.after_accepting else None
        if late is not None:
            raise late
        return receipt

    def find(self, announcement: Announcement) -> Receipt | None:
        with self._lock:
            self.finds += 1
            for number, sent in enumerate(self.sent, 1):
                same = (sent.key, sent.channel) == (announcement.key, announcement.channel)
                if sent.key and same:
                    return Receipt(channel=sent.channel, messages=[f"m{number}"], found=True)
        return None

    def edit(self, receipt: Receipt, announcement: Announcement) -> None:
        with self._lock:
            failure = self.edit_failures.pop(0) if self.edit_failures else None
            if failure is not None:
                raise failure
            self.edits.append((receipt, announcement))

    def posting_ids(self, channel: str | None = None) -> list[str]:
        return [
            p.id for a in self.sent if channel is None or a.channel == channel for p in a.postings
        ]


def rate_limited(seconds: float) -> DeliveryError:
    return DeliveryError("ratelimited", retry_after=seconds)


BACKGROUND = {
    "frontend-react.md": (
        "Frontend Engineer",
        "React and TypeScript user interfaces, design systems.",
    ),
    "data-spark.md": ("Data Engineer", "Spark pipelines, SQL warehouses and Airflow scheduling."),
    "mobile-ios.md": ("iOS Developer", "Swift apps for iPhone with SwiftUI and offline sync."),
    "security.md": ("Security Analyst", "Threat modelling, incident response and audits."),
    "designer.md": ("Product Designer", "Figma prototypes, user research and accessibility."),
}


def write_posting(directory: Path, name: str, title: str, body: str) -> Path:
    """A knowledge file in the format the knowledge base uses (front matter + markdown);
    its posting id is the file name without the suffix."""
    path = directory / "postings" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nid: {path.stem}\ntitle: {title}\n---\n{body}\n", encoding="utf-8")
    return path


def knowledge_with_background(directory: Path, fillers: int = 0) -> Path:
    """A small knowledge base of unrelated postings, so new ones stand out in search.

    `fillers` adds more unrelated postings: BM25 gives a word found in half the documents
    no weight, so a test adding many similar postings needs a bigger background.
    """
    for name, (title, body) in BACKGROUND.items():
        write_posting(directory, name, title, body)
    for n in range(fillers):
        write_posting(directory, f"filler-{n}.md", f"Role {n}", f"Unrelated duties number {n}.")
    return directory


class BoardSource:
    """A job board as a `Source`: postings the test sets, a failure or an empty answer on
    demand. It says nothing about `missing_syncs_to_close`, so the default rule holds."""

    def __init__(self, key: str = "board:test") -> None:
        self._key = key
        self.postings: list[Posting] = []
        self.failing: str | None = None
        self.loads = 0

    @property
    def key(self) -> str:
        return self._key

    def fingerprint(self) -> str:
        return f"{self.loads}"

    def load(self) -> Corpus:
        self.loads += 1
        if self.failing:
            raise SourceError(f"{self._key}: {self.failing}")
        postings = [p.model_copy(update={"origin": self._key}) for p in self.postings]
        return Corpus(postings=postings)

    def add(self, pid: str, title: str, body: str, url: str | None = None) -> str:
        self.postings.append(
            Posting(
                id=pid,
                title=title,
                description=body,
                url=url,
                source=f"{self._key}/{pid}",
                content_hash=f"{pid}-1",
            )
        )
        return pid

    def drop(self, pid: str) -> None:
        self.postings = [p for p in self.postings if p.id != pid]
