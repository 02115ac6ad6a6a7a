"""What reaches `/slack/events` unsigned, forged, replayed or garbled: refused before its body
is read, answered once, and never a traceback, over the real HTTP server."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from adapters.slack.server import HttpServer
from adapters.slack.signature import RequestCheck, Verdict, signature
from tests.adapters.slack.conftest import SlackHarness, settle
from tests.support.fake_slack import SIGNING_SECRET, FakeSlack, command_body, sign

FORM = "application/x-www-form-urlencoded"
GARBAGE = [
    b"\xff\xfe\x00garbage \xc3\x28",
    b"payload=[]",
    b"payload=null",
    b"payload=notjson",
    b"payload=%7B%22type%22%3A%20%22block_actions%22%7D",
    b"",
]


@pytest.fixture
def url(harness: SlackHarness) -> Iterator[str]:
    server = HttpServer(harness.app, signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0)
    port = server.start()
    yield f"http://127.0.0.1:{port}/slack/events"
    server.stop()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": FORM, **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def signed(body: bytes, timestamp: str | None = None) -> dict[str, str]:
    stamp = timestamp or str(int(time.time()))
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body),
    }


def assert_quiet(caplog: pytest.LogCaptureFixture, most_warnings: int = 1) -> None:
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) <= most_warnings, caplog.text


@pytest.mark.parametrize("body", GARBAGE)
def test_unsigned_garbage_is_refused_before_it_is_read(
    url: str, body: bytes, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    forged = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"}
    assert post(url, body, {}) == 401
    assert post(url, body, forged) == 401
    assert_quiet(caplog)
    assert [r.api for r in fake_slack.requests] == ["auth.test"]  # only the start-up check


def test_a_flood_of_unsigned_requests_logs_one_line(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for n in range(200):
        assert post(url, GARBAGE[n % len(GARBAGE)], {"X-Slack-Signature": "v0=bad"}) == 401
    assert_quiet(caplog)
    assert "refused 1 request(s)" in caplog.text


@pytest.mark.parametrize("stamp", ["soon", "1e9", "١٧٠٠٠٠٠٠٠٠", " 1700000000", "-5", "9" * 40])
def test_a_timestamp_that_is_not_a_number_is_401(
    url: str, stamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = command_body("/jobs", "backend", "http://127.0.0.1:1/response").encode()
    headers = signed(body, stamp) if stamp.isascii() else {"X-Slack-Signature": "v0=00"}
    headers["X-Slack-Request-Timestamp"] = stamp.encode().decode("latin-1")
    assert post(url, body, headers) == 401
    assert_quiet(caplog)


@pytest.mark.parametrize("body", GARBAGE[:4])
def test_signed_garbage_is_a_400_without_a_traceback(
    url: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    assert post(url, body, signed(body)) == 400
    assert_quiet(caplog)


def test_a_replayed_request_is_answered_once(url: str, fake_slack: FakeSlack) -> None:
    body = command_body("/jobs", "backend", fake_slack.response_url("once")).encode()
    headers = signed(body)
    assert post(url, body, headers) == 200
    assert post(url, body, headers) == 200  # acknowledged, not answered again
    fake_slack.wait_for("/response/once")
    settle()
    assert len(fake_slack.calls("/response/once")) == 1
    # The same command sent again by the user is a new request: answered again.
    again = str(int(headers["X-Slack-Request-Timestamp"]) - 1)
    assert post(url, body, signed(body, again)) == 200
    fake_slack.wait_for("/response/once", count=2)


def test_slacks_certificate_check_is_answered(url: str) -> None:
    assert post(url, b"ssl_check=1&token=legacy", {}) == 200


def test_replays_are_remembered_only_while_their_timestamp_is_valid() -> None:
    now = [1_700_000_000.0]
    check = RequestCheck(SIGNING_SECRET, clock=lambda: now[0])
    body = b"token=x&command=%2Fjobs"
    headers = sign(body.decode(), int(now[0]))
    stamp, given = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert check.check(body, stamp, given) is Verdict.FRESH
    assert check.check(body, stamp, given) is Verdict.REPLAY
    assert check.check(body + b"x", stamp, given) is Verdict.REFUSED
    now[0] += 301
    assert check.check(body, stamp, given) is Verdict.REFUSED  # stale now
    for n in range(1000):  # the memory of replays does not grow past the window
        check.check(body, str(int(now[0]) + n % 2), signature(SIGNING_SECRET, str(n), body))
    now[0] += 601
    check.check(body, str(int(now[0])), signature(SIGNING_SECRET, str(int(now[0])), body))
    assert len(check._seen) == 1


def test_url_verification_still_works_with_a_signature(url: str) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-9", "token": "t"}).encode()
    headers = {**signed(body), "Content-Type": "application/json"}
    assert post(url, body, headers) == 200
