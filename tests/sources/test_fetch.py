"""The shared HTTP client against a local server: retries, rate limits, conditional requests,
size caps, timeouts, and bad bodies, each a clear `FetchError` naming the URL."""

from __future__ import annotations

import email.utils
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jobbot.sources.fetch import USER_AGENT, Fetcher, FetchError, retry_after
from tests.support.announce_doubles import START, FakeClock
from tests.support.boards import closed_port


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def http(clock: FakeClock) -> Iterator[Fetcher]:
    with Fetcher(clock=clock, timeout=2.0, retries=2, backoff=1.0) as fetcher:
        yield fetcher


def test_a_request_names_jobbot_and_reads_json(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/jobs", headers={"User-Agent": USER_AGENT}).respond_with_json(
        {"jobs": []}
    )
    assert http.json(httpserver.url_for("/jobs")) == {"jobs": []}
    assert USER_AGENT.startswith("jobbot/")


def test_server_errors_are_retried_with_backoff(
    httpserver: HTTPServer, http: Fetcher, clock: FakeClock
) -> None:
    httpserver.expect_ordered_request("/jobs").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/jobs").respond_with_data("down", status=502)
    httpserver.expect_ordered_request("/jobs").respond_with_json([1])
    assert http.json(httpserver.url_for("/jobs")) == [1]
    assert clock.sleeps == [1.0, 2.0]  # exponential backoff, through the injected clock


def test_a_server_that_stays_down_is_one_clear_error(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/jobs").respond_with_data("oops", status=500)
    with pytest.raises(FetchError) as caught:
        http.get(httpserver.url_for("/jobs"))
    assert "answered HTTP 500" in str(caught.value)
    assert "gave up after 3 attempts" in str(caught.value)
    assert http.requests == 3


def test_429_waits_as_long_as_retry_after_says(
    httpserver: HTTPServer, http: Fetcher, clock: FakeClock
) -> None:
    httpserver.expect_ordered_request("/jobs").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/jobs").respond_with_json({"ok": True})
    assert http.json(httpserver.url_for("/jobs")) == {"ok": True}
    assert clock.sleeps == [7.0]


def test_a_retry_after_beyond_the_cap_postpones_instead_of_waiting(
    httpserver: HTTPServer, http: Fetcher, clock: FakeClock
) -> None:
    httpserver.expect_request("/jobs").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(FetchError) as caught:
        http.get(httpserver.url_for("/jobs"))
    assert caught.value.retry_after == 3600
    assert clock.sleeps == []


def test_retry_after_as_an_http_date() -> None:
    assert retry_after("Mon, 02 Mar 2026 09:01:30 GMT", START) == 90
    assert retry_after("garbage", START) is None


def test_other_client_errors_are_not_retried(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/nope").respond_with_data("Not Found", status=404)
    with pytest.raises(FetchError, match=r"/nope answered HTTP 404"):
        http.get(httpserver.url_for("/nope"))
    assert http.requests == 1


def test_an_etag_makes_the_next_request_conditional(httpserver: HTTPServer, http: Fetcher) -> None:
    seen: list[str | None] = []

    def board(request: Request) -> Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response('{"jobs": [1, 2]}', headers={"ETag": '"v1"'})

    httpserver.expect_request("/jobs").respond_with_handler(board)
    first = http.get(httpserver.url_for("/jobs"))
    second = http.get(httpserver.url_for("/jobs"))
    assert seen == [None, '"v1"']
    assert (first.not_modified, second.not_modified) == (False, True)
    assert second.json() == {"jobs": [1, 2]}  # the remembered body


def test_last_modified_is_sent_back_as_if_modified_since(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    stamp = "Mon, 02 Mar 2026 08:00:00 GMT"
    httpserver.expect_ordered_request("/feed").respond_with_data(
        "<rss/>", headers={"Last-Modified": stamp}
    )
    httpserver.expect_ordered_request(
        "/feed", headers={"If-Modified-Since": stamp}
    ).respond_with_data("", status=304)
    http.get(httpserver.url_for("/feed"))
    assert http.get(httpserver.url_for("/feed")).text() == "<rss/>"


def test_a_huge_body_is_refused(httpserver: HTTPServer, clock: FakeClock) -> None:
    httpserver.expect_request("/declared").respond_with_data(b"x" * 5000)
    httpserver.expect_request("/streamed").respond_with_handler(
        lambda _r: Response((b"y" * 1024 for _ in range(8)), direct_passthrough=True)
    )
    with Fetcher(clock=clock, max_bytes=4096) as http:
        with pytest.raises(FetchError, match="over the 4 KiB limit"):
            http.get(httpserver.url_for("/declared"))
        with pytest.raises(FetchError, match="sent more than"):
            http.get(httpserver.url_for("/streamed"))


def test_a_slow_server_times_out_within_bounds(httpserver: HTTPServer, clock: FakeClock) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(0.6)
        return Response("{}")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with (
        Fetcher(clock=clock, timeout=0.2, retries=1) as http,
        pytest.raises(FetchError, match=r"timed out after 0\.2 s"),
    ):
        http.get(httpserver.url_for("/slow"))
    assert time.monotonic() - started < 5


def test_a_dripping_server_is_cut_off_at_the_deadline(
    httpserver: HTTPServer, clock: FakeClock
) -> None:
    httpserver.expect_request("/drip").respond_with_handler(
        lambda _r: Response((b"z" * 65536 for _ in range(16)), direct_passthrough=True)
    )
    ticks = itertools.count(step=10.0)  # every look at the time, ten seconds have passed
    with (
        Fetcher(clock=clock, deadline=25, retries=0, monotonic=lambda: next(ticks)) as http,
        pytest.raises(FetchError, match="took longer than 25 s"),
    ):
        http.get(httpserver.url_for("/drip"))


def test_malformed_json_names_the_url(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/jobs").respond_with_data("{not json", content_type="text/html")
    with pytest.raises(FetchError, match=r"/jobs did not return valid JSON"):
        http.json(httpserver.url_for("/jobs"))


def test_an_unreachable_host_is_an_error_not_a_hang(clock: FakeClock) -> None:
    with Fetcher(clock=clock, retries=1) as http, pytest.raises(FetchError, match="cannot reach"):
        http.get(f"http://127.0.0.1:{closed_port()}/jobs")
    assert clock.sleeps == [1.0]


def test_only_http_urls_are_fetched(http: Fetcher) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        http.get("file:///etc/passwd")


def test_429_with_an_http_date_waits_until_then(
    httpserver: HTTPServer, http: Fetcher, clock: FakeClock
) -> None:
    when = email.utils.format_datetime(clock.now() + timedelta(seconds=30), usegmt=True)
    httpserver.expect_ordered_request("/jobs").respond_with_data(
        "slow down", status=429, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/jobs").respond_with_json({"jobs": []})
    assert http.json(httpserver.url_for("/jobs")) == {"jobs": []}
    assert clock.sleeps == [30.0]


def test_a_503_asking_for_hours_postpones_the_source(
    httpserver: HTTPServer, http: Fetcher, clock: FakeClock
) -> None:
    when = email.utils.format_datetime(clock.now() + timedelta(hours=2), usegmt=True)
    httpserver.expect_request("/jobs").respond_with_data(
        "maintenance", status=503, headers={"Retry-After": when}
    )
    with pytest.raises(FetchError, match="asks to wait 7200 s") as caught:
        http.get(httpserver.url_for("/jobs"))
    assert caught.value.retry_after == 7200
    assert clock.sleeps == []


def test_redirects_are_followed_and_a_loop_is_an_error(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/new")}
    )
    httpserver.expect_request("/new").respond_with_json({"jobs": [1]})
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/loop")}
    )
    assert http.json(httpserver.url_for("/old")) == {"jobs": [1]}
    with pytest.raises(FetchError, match="redirects too many times"):
        http.get(httpserver.url_for("/loop"))


def test_an_html_page_with_status_200_is_named_for_what_it_is(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    httpserver.expect_request("/jobs").respond_with_data(
        "<!doctype html><html><body>Please sign in</body></html>", content_type="text/html"
    )
    with pytest.raises(FetchError, match=r"/jobs sent an HTML page .*, not JSON"):
        http.json(httpserver.url_for("/jobs"))


def test_a_body_dripping_in_real_time_is_cut_at_the_deadline(
    httpserver: HTTPServer, clock: FakeClock
) -> None:
    def drip(_request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(100):
                time.sleep(0.05)
                yield b" "

        return Response(body(), direct_passthrough=True)

    httpserver.expect_request("/drip").respond_with_handler(drip)
    started = time.monotonic()
    with (
        Fetcher(clock=clock, timeout=1.0, deadline=0.5, retries=0) as http,
        pytest.raises(FetchError, match=r"took longer than 0\.5 s"),
    ):
        http.get(httpserver.url_for("/drip"))
    assert time.monotonic() - started < 3


def test_headers_dripping_byte_by_byte_are_cut_at_the_deadline(clock: FakeClock) -> None:
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 1000:
                if stop.wait(0.05):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with (
            Fetcher(clock=clock, timeout=1.0, deadline=0.5, retries=0) as http,
            pytest.raises(FetchError, match=r"took longer than 0\.5 s"),
        ):
            http.get(f"http://127.0.0.1:{port}/jobs")
        assert time.monotonic() - started < 3
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=2)


def test_json_after_a_byte_order_mark_is_read(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/jobs").respond_with_data(b'\xef\xbb\xbf{"jobs": []}')
    assert http.json(httpserver.url_for("/jobs")) == {"jobs": []}
