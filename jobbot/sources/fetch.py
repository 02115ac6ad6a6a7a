"""HTTP for every remote source, done once: timeouts, retries, rate limits, caching, a size cap.

Job boards are other people's servers. Each request has a connect and read timeout and an
overall deadline (a server dripping one byte at a time cannot hold a sync), is retried with
exponential backoff on connection errors, timeouts and 5xx, waits out a 429's `Retry-After`
(up to a cap, else the source is postponed), and stops reading at `max_bytes`. Responses
carrying an `ETag` or `Last-Modified` are remembered, so the next request is conditional and
a 304 hands back the remembered body: an unchanged board costs one small round trip. Waits go
through the injectable clock, so tests never sleep.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

import httpx

from jobbot.clock import Clock, SystemClock
from jobbot.sources.base import SourceError
from jobbot.sources.deadline import deadline
from jobbot.sources.deadline import transport as bounded_transport
from jobbot.untrusted import is_web_url


def _version() -> str:
    try:
        return metadata.version("jobbot")
    except metadata.PackageNotFoundError:
        return "dev"


USER_AGENT: Final = f"jobbot/{_version()} (job discovery chat bot; polls public job boards)"
MAX_BYTES: Final = 16 * 1024 * 1024
RETRY_STATUSES: Final = frozenset({500, 502, 503, 504, 429, 408})


class FetchError(SourceError):
    """A request failed for good this time; the message names the URL and the reason.

    `retry_after` is set when the server asked us to wait (429/503 with Retry-After) longer
    than we are willing to wait inline: the caller should not ask again before then."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Page:
    """One response body, and whether it is the remembered body of a 304."""

    url: str
    body: bytes
    not_modified: bool = False
    content_type: str = ""

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body as JSON; `FetchError` naming the URL when it is not (saying so when it is
        an HTML page: a login wall, a bot check or an error page served with status 200)."""
        try:
            return json.loads(self.body.removeprefix(b"\xef\xbb\xbf"))  # a BOM some servers send
        except RecursionError:
            raise FetchError(f"{self.url} sent JSON nested too deeply to read") from None
        except ValueError as exc:
            if looks_like_html(self.body, self.content_type):
                raise FetchError(f"{self.url} {HTML_PAGE}, not JSON") from None
            raise FetchError(f"{self.url} did not return valid JSON ({exc})") from None


HTML_PAGE: Final = "sent an HTML page (an error, login or bot-check page?)"


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    """Whether a response is a web page rather than the data asked for."""
    head = body[:512].lstrip().lower()
    if not head.startswith(b"<"):
        return False
    tags = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")
    return "html" in content_type.lower() or head.startswith(tags)


@dataclass(slots=True)
class _Validators:
    etag: str | None
    last_modified: str | None
    body: bytes
    content_type: str


@dataclass
class Fetcher:
    """One HTTP client shared by every source of a process; safe to use from threads."""

    timeout: float = 10.0
    deadline: float = 60.0
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 30.0
    max_retry_after: float = 60.0
    max_bytes: int = MAX_BYTES
    clock: Clock = field(default_factory=SystemClock)
    monotonic: Callable[[], float] = time.monotonic
    transport: httpx.BaseTransport | None = None
    requests: int = 0
    """How many HTTP requests were sent (retries included): for logs, tests and the bench."""

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0)),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=True,
            max_redirects=5,
            transport=self.transport or bounded_transport(),
        )
        self._cache: dict[str, _Validators] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.get(url, params=params, accept="application/json").json()

    def get(
        self, url: str, *, params: Mapping[str, Any] | None = None, accept: str | None = None
    ) -> Page:
        """GET `url` (with `params` added to its query), following the rules above."""
        full = with_query(url, params)
        if not is_web_url(full):
            raise FetchError(f"{full}: only http and https URLs can be fetched")
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(full, accept)
            except _RetryableError as retry:
                if attempt > self.retries:
                    asks = retry.retry_after
                    wish = f"; the server asks to wait {asks:.0f} s" if asks else ""
                    tries = f"{attempt} attempts" if attempt > 1 else "1 attempt"
                    raise FetchError(
                        f"{retry.reason} (gave up after {tries}){wish}",
                        retry_after=asks,
                    ) from None
                wait = retry.retry_after
                if wait is None:
                    wait = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
                elif wait > self.max_retry_after:
                    raise FetchError(
                        f"{retry.reason}; the server asks to wait {wait:.0f} s",
                        retry_after=wait,
                    ) from None
                self.clock.sleep(wait)

    def _once(self, url: str, accept: str | None) -> Page:
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        with self._lock:
            remembered = self._cache.get(url)
            self.requests += 1
        if remembered is not None:
            if remembered.etag:
                headers["If-None-Match"] = remembered.etag
            if remembered.last_modified:
                headers["If-Modified-Since"] = remembered.last_modified
        started = self.monotonic()
        try:
            with (
                deadline(self.deadline) as bound,
                self._client.stream("GET", url, headers=headers) as response,
            ):
                status = response.status_code
                if status == 304 and remembered is not None:
                    return Page(url, remembered.body, True, remembered.content_type)
                if status in RETRY_STATUSES:
                    raise _RetryableError(
                        f"{url} answered HTTP {status} {response.reason_phrase}".rstrip(),
                        retry_after(response.headers.get("Retry-After"), self.clock.now()),
                    )
                if status >= 400 or status == 304:
                    raise FetchError(f"{url} answered HTTP {status} {response.reason_phrase}")
                body = self._read(response, url, started)
                content_type = response.headers.get("Content-Type", "")
                etag = response.headers.get("ETag")
                modified = response.headers.get("Last-Modified")
        except httpx.TimeoutException:
            if bound.expired:
                raise _RetryableError(_too_slow(url, self.deadline), None) from None
            raise _RetryableError(f"{url} timed out after {self.timeout:g} s", None) from None
        except httpx.TooManyRedirects:
            raise FetchError(f"{url} redirects too many times") from None
        except httpx.HTTPError as exc:
            reason = str(exc) or type(exc).__name__
            raise _RetryableError(f"cannot reach {url}: {reason}", None) from None
        with self._lock:
            if etag or modified:
                self._cache[url] = _Validators(etag, modified, body, content_type)
            else:
                self._cache.pop(url, None)
        return Page(url, body, False, content_type)

    def _read(self, response: httpx.Response, url: str, started: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url} sent {int(declared) // 1024} KiB, {self._limit()}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url} sent more than {self._limit()}")
            if self.monotonic() - started > self.deadline:
                raise _RetryableError(_too_slow(url, self.deadline), None)
            chunks.append(chunk)
        return b"".join(chunks)

    def _limit(self) -> str:
        return f"over the {self.max_bytes // 1024} KiB limit; not read"


def _too_slow(url: str, seconds: float) -> str:
    return f"{url} took longer than {seconds:g} s to send"


class _RetryableError(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


_SECRET_PARAM = re.compile(
    r"([?&;][\w.-]*(?:token|key|secret|passw(?:or)?d|signature|sig|auth|credential)[\w.-]*=)"
    r"[^&#\s]+",
    re.I,
)
_USERINFO = re.compile(r"(\bhttps?://)[^/@\s]+@", re.I)


def hide_secrets(text: str) -> str:
    """`text` (an error naming URLs) with credentials a `url` may carry masked: query values
    such as `?token=…` / `api_key=…` and a `user:password@` part. It is shown to operators
    and written to logs, where secrets never go."""
    return _USERINFO.sub(r"\1***@", _SECRET_PARAM.sub(r"\1***", text))


class _HideSecretsInLogs(logging.Filter):
    """httpx logs each request's URL (with `-v`): the same masking as in errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = hide_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


logging.getLogger("httpx").addFilter(_HideSecretsInLogs())


def with_query(url: str, params: Mapping[str, Any] | None) -> str:
    """`url` with `params` appended to whatever query it already has."""
    if not params:
        return url
    query = urlencode({k: v for k, v in params.items() if v is not None})
    if not query:
        return url
    return f"{url}{'&' if urlsplit(url).query else '?'}{query}"
