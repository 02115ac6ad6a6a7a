"""Where the tests' temporary files go: memory (/dev/shm) when there is room for them.

The suite writes SQLite databases, PostgreSQL clusters, knowledge directories and a fresh
clone, and SQLite syncs every commit to disk. On a disk other jobs are writing to, those
syncs made tests wait many seconds (the exactly-once property: 16 s on disk, 7 s in
memory). Nothing a test asserts depends on the disk: a SIGKILLed process loses nothing that
was written, synced or not. Set TMPDIR to choose another place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SHM = Path("/dev/shm")
ROOM = 2 << 30  # bytes free it needs: a full run writes about 300 MB, kept if a test fails


def use_memory_for_temp_files(shm: Path = SHM, room: int = ROOM) -> Path | None:
    """Point TMPDIR (pytest's tmp_path, `tempfile`, every subprocess) at a directory in
    /dev/shm, unless TMPDIR is set already or there is no such room; the place, or None."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        stats = os.statvfs(shm)
    except OSError:
        return None
    if stats.f_bavail * stats.f_frsize < room or not os.access(shm, os.W_OK | os.X_OK):
        return None
    place = shm / f"jobbot-tests-{os.getuid()}"
    try:
        place.mkdir(exist_ok=True)
        if place.is_symlink() or place.stat().st_uid != os.getuid():
            return None  # someone else's: stay on the disk
        # Others may pass through, not list: the PostgreSQL tests run the server as the
        # `postgres` user in a directory of their own in here (tests/support/postgres_server.py).
        place.chmod(0o711)
    except OSError:
        return None
    os.environ["TMPDIR"] = str(place)
    tempfile.tempdir = None  # `tempfile.gettempdir()` reads TMPDIR again
    return place
