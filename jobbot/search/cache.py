"""An on-disk cache of built snapshots, so `jobbot ask` starts in well under a second.

The key is every knowledge file's (path, size, mtime) plus the size and mtime of the code that
reads and indexes them: touch a file, or upgrade jobbot, and the cache is rebuilt. A cache
that cannot be read or written is ignored; it only ever costs a rebuild.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from jobbot.search.snapshot import Snapshot

log = logging.getLogger(__name__)

CACHE_VERSION = 1
_CODE_ROOT = Path(__file__).resolve().parent.parent


def _code_stamp() -> list[tuple[str, int, int]]:
    stamp = []
    for folder in (_CODE_ROOT / "search", _CODE_ROOT / "ingest"):
        for path in sorted(folder.rglob("*.py")):
            st = path.stat()
            stamp.append((path.name, st.st_size, st.st_mtime_ns))
    for name in ("models.py", "engine.py"):
        st = (_CODE_ROOT / name).stat()
        stamp.append((name, st.st_size, st.st_mtime_ns))
    return stamp


def fingerprint(directories: Iterable[Path]) -> tuple[str, str]:
    """(cache file name, content key) for these knowledge directories as they are now."""
    dirs = [Path(d).resolve() for d in directories]
    name = hashlib.sha256("\0".join(map(str, dirs)).encode()).hexdigest()[:24]
    digest = hashlib.sha256(repr((CACHE_VERSION, _code_stamp())).encode())
    for root in dirs:
        entries = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                entries.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
        entries.sort()
        digest.update("\n".join(entries).encode("utf-8", "surrogateescape"))
    return name, digest.hexdigest()


def load_or_build(
    directories: Iterable[Path], cache_dir: Path, build: Callable[[], Snapshot]
) -> Snapshot:
    """The cached snapshot if the files are unchanged, else `build()` (and cache it)."""
    dirs = list(directories)
    name, key = fingerprint(dirs)
    path = Path(cache_dir) / f"index-{name}.pickle"
    try:
        with path.open("rb") as handle:
            stored_key, snapshot = pickle.load(handle)
        if stored_key == key and isinstance(snapshot, Snapshot):
            return snapshot
    except FileNotFoundError:
        pass
    except Exception as exc:  # a corrupt or foreign cache only costs a rebuild
        log.warning("ignoring unreadable index cache %s: %s", path, exc)
    snapshot = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as tmp:
            pickle.dump((key, snapshot), tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError as exc:
        log.warning("could not write index cache %s: %s", path, exc)
    return snapshot
