"""The real job-board payloads in ../shared/real/ats, and helpers to serve them locally."""

from __future__ import annotations

import pytest

from tests.support.paths import SHARED

ATS = SHARED / "real" / "ats"
POSTINGS = SHARED / "real" / "postings"


def payload(name: str) -> bytes:
    """One saved response, as served; skips the test where ../shared is not present."""
    path = ATS / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path.read_bytes()


def real_posting(prefix: str) -> str:
    """One saved posting from ../shared/real/postings whose file name starts with `prefix`."""
    found = sorted(POSTINGS.glob(f"{prefix}*")) if POSTINGS.is_dir() else []
    if not found:
        pytest.skip(f"no {prefix}* in {POSTINGS}")
    return found[0].read_text(encoding="utf-8")


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
