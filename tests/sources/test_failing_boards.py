"""Every way a board can go wrong, after a good sync, through the scheduler's sync into a
database: the failure is recorded with a reason a person can act on, the board's last good
postings stay what every bot serves, and a healthy board beside it syncs as usual."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jobbot.announce.fetched import statuses
from jobbot.announce.store import Store
from jobbot.announce.stored import StoredSource
from jobbot.announce.syncer import SourceSyncer
from jobbot.sources.fetch import Fetcher
from jobbot.sources.specs import SourceSpec
from tests.support.announce_doubles import FakeClock
from tests.support.board_server import Board


def _slow(_request: Request) -> Response:
    time.sleep(2.5)
    return Response("{}", content_type="application/json")


def _drip(_request: Request) -> Response:
    def body() -> Iterator[bytes]:
        for _ in range(60):
            time.sleep(0.05)
            yield b" "

    return Response(body(), direct_passthrough=True)


FAILURES: dict[str, tuple[Callable[[Request], Response], str]] = {
    "server error": (lambda _r: Response("oops", status=500), "answered HTTP 500"),
    "rate limited for hours": (
        lambda _r: Response("slow down", status=429, headers={"Retry-After": "7200"}),
        "the server asks to wait 7200 s",
    ),
    "html page": (
        lambda _r: Response("<!DOCTYPE html><html>Sign in</html>", content_type="text/html"),
        "sent an HTML page",
    ),
    "error with status 200": (
        lambda _r: Response(json.dumps({"error": "Board is private"})),
        "the server says: Board is private",
    ),
    "malformed json": (lambda _r: Response('{"jobs": [', status=200), "did not return valid"),
    "huge body": (lambda _r: Response(b"x" * 70_000), "over the 64 KiB limit"),
    "too slow": (_slow, "timed out after 1 s"),
    "dripping": (_drip, "took longer than 1.5 s"),
}


@pytest.fixture(scope="module")
def other_server() -> Iterator[HTTPServer]:
    """The failing board's own server (threaded), so its slow answers hold up nobody else."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failing_board_keeps_its_postings_and_says_why(
    failure: str, tmp_path: Path, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    handler, reason = FAILURES[failure]
    other_server.clear()
    clock = FakeClock()
    url = f"sqlite:///{tmp_path / 'jobbot.db'}"
    store = Store(url)
    good, flaky = Board(httpserver, "good"), Board(other_server, "flaky")
    specs = [SourceSpec("greenhouse", b.name, url=b.url, every=60) for b in (flaky, good)]
    fetcher = Fetcher(clock=clock, retries=0, timeout=1.0, deadline=1.5, max_bytes=64 * 1024)
    syncer = SourceSyncer(store, specs, fetcher=fetcher, clock=clock)
    try:
        assert [o.ok for o in syncer.run_once() or []] == [True, True]
        other_server.clear_all_handlers()
        other_server.expect_request(flaky.path).respond_with_handler(handler)
        good.add(900, "Data Engineer")
        clock.advance(seconds=61)
        started = time.monotonic()
        flaky_outcome, good_outcome = syncer.run_once() or []
        assert time.monotonic() - started < 5
        assert not flaky_outcome.ok
        assert reason in (flaky_outcome.error or "")
        assert good_outcome.ok
        assert good_outcome.postings == 2
        recorded = statuses(store.engine)["greenhouse:flaky"]
        assert recorded.failures == 1
        assert reason in (recorded.last_error or "")
        corpus = StoredSource(url, specs).load()
        titles = sorted(p.title for p in corpus.postings if p.origin == "greenhouse:flaky")
        assert titles == ["Account Manager"]  # the last good sync, still served
        assert sorted(p.title for p in corpus.postings if p.origin == "greenhouse:good") == [
            "Account Manager",
            "Data Engineer",
        ]
    finally:
        syncer.close()
        store.close()


def test_a_reply_never_waits_for_a_board_that_is_stuck(
    tmp_path: Path, httpserver: HTTPServer, other_server: HTTPServer
) -> None:
    from jobbot.engine import Engine
    from jobbot.models import Request
    from jobbot.watcher import KnowledgeWatcher

    other_server.clear()
    clock = FakeClock()
    url = f"sqlite:///{tmp_path / 'jobbot.db'}"
    store = Store(url)
    board, stuck = Board(httpserver, "airbnb"), Board(other_server, "stuck")
    specs = [SourceSpec("greenhouse", b.name, url=b.url, every=60) for b in (board, stuck)]
    fetcher = Fetcher(clock=clock, retries=0, timeout=2.0, deadline=2.0)
    syncer = SourceSyncer(store, specs, fetcher=fetcher, clock=clock)
    try:
        syncer.run_once()
        other_server.clear_all_handlers()
        other_server.expect_request(stuck.path).respond_with_handler(_drip)
        bot = StoredSource(url, specs)
        engine = Engine(bot.load())
        watcher = KnowledgeWatcher(engine, bot, interval=3600)
        clock.advance(seconds=61)
        syncing = threading.Thread(target=syncer.run_once)
        syncing.start()  # the stuck board holds this sync for its whole deadline
        time.sleep(0.2)
        started = time.monotonic()
        watcher.check()
        jobs = engine.ask(Request(text="account manager london")).jobs
        assert time.monotonic() - started < 1.0
        assert syncing.is_alive()  # the answer came while the sync was still waiting
        assert jobs[0].id == "greenhouse:airbnb:8184174"
        syncing.join(timeout=5)
        assert not syncing.is_alive()
        assert statuses(store.engine)["greenhouse:stuck"].failures == 1
    finally:
        syncer.close()
        store.close()


def test_boards_read_now_are_read_side_by_side(other_server: HTTPServer) -> None:
    """`jobbot index --sources` reads every board now: slow boards cost the slowest one's
    time, not their sum."""
    from jobbot.sources import CompositeSource
    from jobbot.sources.remote import RemoteSource

    other_server.clear()
    boards = [Board(other_server, f"slow{n}") for n in range(3)]
    for n, board in enumerate(boards):  # three different jobs, not one job listed thrice
        board.jobs[0].update(id=100 + n, title=f"Role {n}", absolute_url=f"https://ex.org/{n}")

    def slow(board: Board) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            time.sleep(0.6)
            return board._answer(request)

        return answer

    other_server.clear_all_handlers()
    for board in boards:
        other_server.expect_request(board.path).respond_with_handler(slow(board))
    with Fetcher(clock=FakeClock(), retries=0) as http:
        source = CompositeSource(
            RemoteSource(SourceSpec("greenhouse", b.name, url=b.url), http) for b in boards
        )
        started = time.monotonic()
        corpus = source.load()
        took = time.monotonic() - started
    assert sorted(p.origin for p in corpus.postings) == [f"greenhouse:slow{n}" for n in range(3)]
    assert took < 1.5  # three boards of 0.6 s each


def test_credentials_in_a_url_never_reach_the_report(
    tmp_path: Path, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A mirror or proxy `url` may carry a key; errors and logs name the URL, never the key."""
    caplog.set_level(logging.INFO, logger="httpx")  # as with -v: a line per request
    httpserver.expect_request("/jobs").respond_with_data("down", status=500)
    url = httpserver.url_for("/jobs") + "?content=true&api_key=s3cr3t-value"
    address = url.replace("http://", "http://reader:hunter2@")
    store = Store(f"sqlite:///{tmp_path / 'jobbot.db'}")
    clock = FakeClock()
    spec = SourceSpec("greenhouse", "mirror", url=address)
    syncer = SourceSyncer(store, [spec], fetcher=Fetcher(clock=clock, retries=0), clock=clock)
    try:
        (outcome,) = syncer.run_once() or []
        recorded = statuses(store.engine)[spec.key].last_error or ""
    finally:
        syncer.close()
        store.close()
    assert "answered HTTP 500" in recorded
    assert "api_key=***" in recorded
    for secret in ("s3cr3t-value", "hunter2"):
        assert secret not in recorded
        assert secret not in (outcome.error or "")
        ours = [r.getMessage() for r in caplog.records if r.name.startswith(("jobbot", "httpx"))]
        assert not [line for line in ours if secret in line]
    assert any("api_key=***" in r.getMessage() for r in caplog.records if r.name == "httpx")
