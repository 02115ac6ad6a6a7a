"""An overall deadline on every socket operation of a request, headers and TLS included.

httpx's timeouts bound each read, so a server that sends a byte every few seconds, in its
headers as well as its body, could hold a sync for hours. This network backend gives every
read, write and handshake at most the time left before the current thread's deadline (set
by `Fetcher` around each request), then fails the request as a timeout.
"""

from __future__ import annotations

import threading
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager

import httpcore  # httpx's own transport layer (a dependency of httpx)
import httpx

_current = threading.local()


@contextmanager
def deadline(seconds: float) -> Iterator[DeadlineState]:
    """Bound the socket operations this thread runs inside the block to `seconds` in all."""
    state = DeadlineState(time.monotonic() + seconds)
    previous = getattr(_current, "state", None)
    _current.state = state
    try:
        yield state
    finally:
        _current.state = previous


class DeadlineState:
    """When the current request must be done, and whether it ran out of time."""

    def __init__(self, ends: float) -> None:
        self.ends = ends

    @property
    def expired(self) -> bool:
        """The deadline has passed (a timeout now is the deadline's, not one read's)."""
        return time.monotonic() >= self.ends


def _bounded(timeout: float | None) -> float | None:
    state: DeadlineState | None = getattr(_current, "state", None)
    if state is None:
        return timeout
    left = state.ends - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _bounded(timeout), local_address, socket_options
        )
        return _Stream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def transport() -> httpx.HTTPTransport:
    """httpx's own transport, its sockets bounded by the current thread's deadline."""
    made = httpx.HTTPTransport()
    pool = getattr(made, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:  # httpx / httpcore 1.x; otherwise per-read timeouts still hold
        pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
    return made
