"""The leader fetches remote sources into the database; every process reads them from there.

A failed or empty sync keeps the last good postings and is recorded; each source is fetched
once per interval however many schedulers share the database; bots pick up a sync without a
restart and start with no network at all."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jobbot.announce.fetched import statuses, sync_counts
from jobbot.announce.store import Store
from jobbot.announce.stored import StoredSource
from jobbot.announce.syncer import SourceSyncer
from jobbot.engine import Engine
from jobbot.models import Request
from jobbot.sources import CompositeSource, DirectorySource
from jobbot.sources.fetch import Fetcher
from jobbot.sources.specs import SourceSpec
from jobbot.watcher import KnowledgeWatcher
from tests.support.announce_doubles import FakeClock, write_posting
from tests.support.board_server import Board
from tests.support.paths import ROOT


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'jobbot.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def board(httpserver: HTTPServer) -> Board:
    return Board(httpserver)


def syncer(store: Store, clock: FakeClock, *specs: SourceSpec) -> SourceSyncer:
    return SourceSyncer(store, specs, fetcher=Fetcher(clock=clock, retries=0), clock=clock)


def spec_for(board: Board, every: float = 900) -> SourceSpec:
    return SourceSpec("greenhouse", board.name, url=board.url, every=every)


def test_a_sync_stores_postings_that_every_process_reads(
    store: Store, db_url: str, clock: FakeClock, board: Board
) -> None:
    spec = spec_for(board)
    outcomes = syncer(store, clock, spec).run_once()
    assert outcomes is not None
    assert [(o.ok, o.changed, o.postings) for o in outcomes] == [(True, True, 1)]
    other_process = StoredSource(db_url, [spec])
    (posting,) = other_process.load().postings
    assert posting.id == "greenhouse:airbnb:8184174"
    assert posting.title == "Account Manager"
    status = statuses(store.engine)["greenhouse:airbnb"]
    assert status.last_success_at == clock.now()
    assert (status.postings, status.syncs, status.last_error) == (1, 1, None)


def test_each_source_is_fetched_once_per_interval(
    store: Store, clock: FakeClock, board: Board
) -> None:
    sync = syncer(store, clock, spec_for(board, every=600))
    sync.run_once()
    clock.advance(seconds=599)
    assert sync.run_once() == []
    assert board.hits == 1
    clock.advance(seconds=1)
    sync.run_once()
    assert board.hits == 2


def test_a_failed_sync_keeps_the_last_good_postings_and_is_reported(
    store: Store, db_url: str, clock: FakeClock, board: Board, tmp_path: Path
) -> None:
    spec = spec_for(board)
    sync = syncer(store, clock, spec)
    sync.run_once()
    board.status = 500
    clock.advance(minutes=15)
    (outcome,) = sync.run_once() or []
    assert not outcome.ok
    assert "answered HTTP 500" in (outcome.error or "")
    status = statuses(store.engine)[spec.key]
    assert status.postings == 1
    assert status.failures == 1
    assert status.next_due_at == clock.now() + timedelta(minutes=1)  # retried soon, backing off
    (tmp_path / "k").mkdir()
    composite = CompositeSource([DirectorySource(tmp_path / "k"), StoredSource(db_url, [spec])])
    assert [p.id for p in composite.load().postings] == ["greenhouse:airbnb:8184174"]
    assert "answered HTTP 500" in composite.failures[spec.key]
    assert sync_counts(store.engine) == {spec.key: 1}  # a failure is not a successful sync


def test_an_empty_answer_where_there_were_postings_closes_nothing(
    store: Store, db_url: str, clock: FakeClock, board: Board
) -> None:
    spec = spec_for(board)
    sync = syncer(store, clock, spec)
    sync.run_once()
    board.jobs = []
    clock.advance(minutes=15)
    (outcome,) = sync.run_once() or []
    assert not outcome.ok
    assert "returned no postings where it had 1" in (outcome.error or "")
    assert len(StoredSource(db_url, [spec]).load().postings) == 1


def test_a_board_that_answers_304_costs_no_rewrite(
    store: Store, clock: FakeClock, board: Board
) -> None:
    board.headers = {"ETag": '"v1"'}
    spec = spec_for(board, every=60)
    sync = syncer(store, clock, spec)
    sync.run_once()
    before = statuses(store.engine)[spec.key]
    board.server.clear()
    board.server.expect_request(board.path, headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    clock.advance(minutes=1)
    (outcome,) = sync.run_once() or []
    after = statuses(store.engine)[spec.key]
    assert (outcome.ok, outcome.changed) == (True, False)
    assert after.revision == before.revision
    assert after.syncs == before.syncs + 1


def test_rate_limited_sources_wait_as_long_as_asked(
    store: Store, clock: FakeClock, board: Board
) -> None:
    board.status = 429
    board.headers = {"Retry-After": "7200"}
    spec = spec_for(board)
    syncer(store, clock, spec).run_once()
    assert statuses(store.engine)[spec.key].next_due_at == clock.now() + timedelta(hours=2)


def test_one_broken_board_does_not_hold_up_the_others(
    store: Store, clock: FakeClock, httpserver: HTTPServer
) -> None:
    good = Board(httpserver, "good")
    bad = Board(httpserver, "bad")
    bad.status = 404
    outcomes = syncer(store, clock, spec_for(bad), spec_for(good)).run_once() or []
    assert [(o.key, o.ok) for o in outcomes] == [
        ("greenhouse:bad", False),
        ("greenhouse:good", True),
    ]


def test_two_schedulers_on_one_database_fetch_each_source_once(
    db_url: str, clock: FakeClock, httpserver: HTTPServer
) -> None:
    boards = [Board(httpserver, f"b{n}") for n in range(4)]
    specs = [spec_for(b) for b in boards]
    stores = [Store(db_url), Store(db_url)]
    syncers = [syncer(s, clock, *specs) for s in stores]
    for sync in syncers:
        sync.use_leader_lock = False  # only the per-source claim stands between them
    start = threading.Barrier(2)

    def run(sync: SourceSyncer) -> None:
        start.wait()
        sync.run_once()

    threads = [threading.Thread(target=run, args=(s,)) for s in syncers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [b.hits for b in boards] == [1, 1, 1, 1]
    for opened in stores:
        opened.close()


PROCESS = """
import sys
from datetime import timedelta
from jobbot.announce.store import Store
from jobbot.announce.syncer import SourceSyncer
from jobbot.sources.specs import read_sources
from tests.support.announce_doubles import FakeClock, START

store = Store(sys.argv[1])
clock = FakeClock(START + timedelta(minutes=float(sys.argv[3])))
sync = SourceSyncer(store, read_sources(sys.argv[2]), clock=clock)
sys.stdin.readline()  # both processes start their pass together
outcomes = sync.run_once()
print("skipped" if outcomes is None else len(outcomes), flush=True)
"""


@pytest.mark.slow(5)
def test_two_scheduler_processes_fetch_each_source_once_per_interval(
    db_url: str, httpserver: HTTPServer, tmp_path: Path
) -> None:
    boards = [Board(httpserver, f"p{n}") for n in range(3)]
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nkind = "greenhouse"\nid = "{b.name}"\nurl = "{b.url}"\n' for b in boards
        )
    )
    Store(db_url).close()  # the schema exists before both start

    def both_at(minutes: float) -> list[str]:
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", PROCESS, db_url, str(sources), str(minutes)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        return [proc.communicate(timeout=60)[0].strip() for proc in procs]

    both_at(0)
    assert [b.hits for b in boards] == [1, 1, 1]
    both_at(5)  # within the 15-minute interval: nobody fetches
    assert [b.hits for b in boards] == [1, 1, 1]
    both_at(15)
    assert [b.hits for b in boards] == [2, 2, 2]


def test_a_bot_picks_up_a_sync_without_a_restart_and_needs_no_network(
    store: Store, db_url: str, clock: FakeClock, board: Board, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    write_posting(knowledge, "designer.md", "Product Designer", "Figma prototypes.")
    spec = spec_for(board)
    sync = syncer(store, clock, spec)
    sync.run_once()
    board.server.stop()  # from here on no job board can be reached
    try:
        bot = CompositeSource([DirectorySource(knowledge), StoredSource(db_url, [spec])])
        engine = Engine(bot.load())
        assert (
            engine.ask(Request(text="account manager london")).jobs[0].id.startswith("greenhouse:")
        )
        watcher = KnowledgeWatcher(engine, bot, interval=3600)
        assert watcher.check() is False  # nothing synced since: no reload
    finally:
        board.server.start()
    board.add(9000001, "Rust Engineer", location={"name": "Berlin, Germany"})
    clock.advance(minutes=15)
    sync.run_once()
    assert watcher.check() is True
    hits = engine.ask(Request(text="rust engineer berlin")).jobs
    assert hits[0].id == "greenhouse:airbnb:9000001"


def test_a_bot_starts_when_the_database_cannot_be_read(tmp_path: Path) -> None:
    spec = SourceSpec("greenhouse", "airbnb")
    garbage = tmp_path / "jobbot.db"
    garbage.write_bytes(b"this is not a database" * 100)
    corpus = StoredSource(f"sqlite:///{garbage}", [spec]).load()
    assert corpus.postings == []
    assert "stored job-board postings are unavailable" in corpus.errors[0].message


def test_a_new_board_posting_is_announced_like_a_file_posting(
    store: Store, db_url: str, clock: FakeClock, board: Board, tmp_path: Path
) -> None:
    from jobbot.announce.scheduler import Announcer
    from jobbot.announce.subscriptions import Subscriptions
    from tests.support.announce_doubles import RecordingPublisher, knowledge_with_background

    knowledge = knowledge_with_background(tmp_path / "knowledge")
    spec = spec_for(board)
    sync = syncer(store, clock, spec)
    sync.run_once()
    source = CompositeSource([DirectorySource(knowledge), StoredSource(db_url, [spec])])
    publisher = RecordingPublisher()
    announcer = Announcer(store, [publisher], source, clock=clock)
    announcer.run_once()  # the back catalogue, the Airbnb job included, is never announced
    clock.advance(minutes=1)
    Subscriptions(store, clock).subscribe("slack", "C1", "U1", "rust berlin", can_manage=True)
    clock.advance(minutes=15)
    board.add(9000002, "Rust Engineer", location={"name": "Berlin, Germany"})
    sync.run_once()
    announcer.run_once()
    assert publisher.posting_ids() == ["greenhouse:airbnb:9000002"]
