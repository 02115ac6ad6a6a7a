"""When a posting ends, as the store judges it at each sync: its date passes, its file is
removed, or its source stops listing it on two successful syncs in a row; a failed or
empty sync closes nothing, and a closed posting that comes back reopens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store, SyncReport
from jobbot.announce.stored import StoredSource
from jobbot.announce.syncer import SourceSyncer
from jobbot.models import Posting
from jobbot.sources import CompositeSource, DirectorySource
from jobbot.sources.fetch import Fetcher
from jobbot.sources.specs import SourceSpec
from tests.support.announce_doubles import START, FakeClock, knowledge_with_background
from tests.support.board_server import Board

DIRECTORY = "dir:/knowledge"
BOARD = "greenhouse:acme"
RULES = {DIRECTORY: 1, BOARD: 2}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'closing.db'}")
    yield s
    s.close()


def posting(pid: str, origin: str = BOARD, *, until: date | None = None) -> Posting:
    return Posting(
        id=pid,
        title=f"Role {pid}",
        source=f"{pid}.md",
        origin=origin,
        valid_through=until,
        content_hash=f"h-{pid}",
    )


class Syncs:
    """Syncs an hour apart, as the scheduler makes them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.at = START

    def __call__(
        self,
        postings: list[Posting],
        *,
        failed: dict[str, str] | None = None,
        unreadable: list[str] | None = None,
        rules: dict[str, int] | None = None,
    ) -> SyncReport:
        self.at += timedelta(hours=1)
        return self.store.sync_postings(
            postings,
            self.at,
            failed=failed,
            sources=RULES if rules is None else rules,
            unreadable=unreadable or [],
        )

    def open_ids(self) -> set[str]:
        return {pid for pid, seen in self.store.seen_postings().items() if seen.is_open}


@pytest.fixture
def sync(store: Store) -> Syncs:
    return Syncs(store)


def test_a_removed_file_closes_its_posting_at_the_next_sync(sync: Syncs) -> None:
    sync([posting("a", DIRECTORY), posting("b", DIRECTORY)])
    report = sync([posting("a", DIRECTORY)])
    assert report.removed == ["b"]
    assert sync.open_ids() == {"a"}
    assert sync.store.seen_postings()["b"].closed_reason == "removed"


def test_a_job_board_posting_closes_only_when_missing_on_two_syncs_in_a_row(
    sync: Syncs,
) -> None:
    sync([posting("a"), posting("b")])
    once = sync([posting("a")])
    assert once.closed == []
    assert sync.open_ids() == {"a", "b"}
    # It comes back: the count starts again.
    sync([posting("a"), posting("b")])
    assert sync([posting("a")]).closed == []
    twice = sync([posting("a")])
    assert twice.removed == ["b"]
    assert sync.store.seen_postings()["b"].closed_reason == "missing"
    assert sync.open_ids() == {"a"}


def test_a_failed_sync_closes_nothing_and_says_so(sync: Syncs) -> None:
    sync([posting("a"), posting("b"), posting("d", DIRECTORY)])
    for _ in range(3):
        report = sync([posting("d", DIRECTORY)], failed={BOARD: "HTTP 503"})
        assert report.closed == []
        assert report.held
        assert "greenhouse:acme failed (HTTP 503)" in report.held[0]
    assert sync.open_ids() == {"a", "b", "d"}
    assert sync.store.seen_postings()["a"].missed_syncs == 0


def test_an_empty_sync_closes_nothing_while_other_sources_are_still_judged(
    sync: Syncs,
) -> None:
    sync([posting("a"), posting("b"), posting("d", DIRECTORY), posting("e", DIRECTORY)])
    for _ in range(3):
        report = sync([posting("d", DIRECTORY)])  # the board answered with no postings
        assert "greenhouse:acme returned no postings where it had 2: none closed" in report.held
    assert sync.open_ids() == {"a", "b", "d"}  # e's file was removed: that one closes
    # Everything gone from every source at once closes nothing either.
    assert sync([]).closed == []
    assert sync.open_ids() == {"a", "b", "d"}


def test_a_source_no_longer_configured_closes_like_a_missing_posting(sync: Syncs) -> None:
    sync([posting("a"), posting("d", DIRECTORY)])
    rules = {DIRECTORY: 1}  # the board was taken out of the configuration
    assert sync([posting("d", DIRECTORY)], rules=rules).closed == []
    assert sync([posting("d", DIRECTORY)], rules=rules).removed == ["a"]


def test_a_posting_closes_the_day_after_its_valid_through(sync: Syncs) -> None:
    last_day = (START + timedelta(hours=1)).date()
    sync([posting("a", until=last_day), posting("b")])
    assert sync.open_ids() == {"a", "b"}  # its last day: still open
    sync.at += timedelta(days=1)
    report = sync([posting("a", until=last_day), posting("b")])
    assert report.expired == ["a"]
    assert sync.store.seen_postings()["a"].closed_reason == "expired"
    assert sync.open_ids() == {"b"}
    # The employer extends the date: the same id opens again.
    extended = sync([posting("a", until=last_day + timedelta(days=30)), posting("b")])
    assert extended.restored == ["a"]
    assert sync.open_ids() == {"a", "b"}


def test_a_posting_already_past_its_date_is_never_open(sync: Syncs) -> None:
    sync([posting("b")])
    report = sync([posting("old", until=START.date() - timedelta(days=3)), posting("b")])
    assert report.new == ["old"]
    assert report.expired == ["old"]
    assert sync.open_ids() == {"b"}


def test_a_closed_posting_that_comes_back_reopens_with_the_same_id(sync: Syncs) -> None:
    sync([posting("a", DIRECTORY), posting("b", DIRECTORY)])
    first_seen = sync.store.seen_postings()["b"].first_seen
    sync([posting("a", DIRECTORY)])
    back = sync([posting("a", DIRECTORY), posting("b", DIRECTORY)])
    assert back.restored == ["b"]
    seen = sync.store.seen_postings()["b"]
    assert (seen.is_open, seen.closed_reason, seen.first_seen) == (True, None, first_seen)


def test_a_file_that_cannot_be_read_this_time_is_not_a_removed_file(sync: Syncs) -> None:
    sync([posting("a", DIRECTORY), posting("b", DIRECTORY)])
    report = sync([posting("a", DIRECTORY)], unreadable=["b.md"])
    assert report.closed == []
    assert sync.open_ids() == {"a", "b"}


def test_closed_postings_keep_their_content_for_editing_later(sync: Syncs) -> None:
    sync([posting("a", DIRECTORY), posting("b", DIRECTORY)])
    sync([posting("a", DIRECTORY)])
    stored = sync.store.stored_postings(["b", "unknown"])
    assert stored["b"].title == "Role b"
    assert stored["b"].origin == DIRECTORY
    assert "unknown" not in stored
    assert sync.store.closed_ids() == {"b"}


def test_a_job_board_posting_closes_after_two_of_its_syncs_not_two_scheduler_passes(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A board synced every 15 minutes, a scheduler passing every 5: the posting the board
    dropped closes only once two successful syncs of that board have lacked it."""
    db_url = f"sqlite:///{tmp_path / 'boards.db'}"
    store = Store(db_url)
    clock = FakeClock()
    board = Board(httpserver)
    board.add(9000002, "Rust Engineer", location={"name": "Berlin, Germany"})
    spec = SourceSpec("greenhouse", board.name, url=board.url, every=900)
    sync = SourceSyncer(store, [spec], fetcher=Fetcher(clock=clock, retries=0), clock=clock)
    knowledge = knowledge_with_background(tmp_path / "knowledge")
    source = CompositeSource([DirectorySource(knowledge), StoredSource(db_url, [spec])])
    announcer = Announcer(store, [], source, clock=clock)
    dropped = "greenhouse:airbnb:9000002"
    try:
        sync.run_once()
        announcer.run_once()
        board.jobs = board.jobs[:1]  # the board stops listing the Rust job

        def quarter_hour() -> None:
            clock.advance(minutes=15)
            sync.run_once()
            for _ in range(3):
                clock.advance(minutes=5)
                report = announcer.run_once()
                assert report.error is None

        quarter_hour()  # one sync without it, three passes
        assert store.seen_postings()[dropped].is_open
        quarter_hour()  # the second sync without it
        seen = store.seen_postings()[dropped]
        assert (seen.is_open, seen.closed_reason) == (False, "missing")
        assert store.seen_postings()["greenhouse:airbnb:8184174"].is_open
    finally:
        store.close()
