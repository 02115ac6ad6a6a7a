"""An on-disk cache of built snapshots, so `jobbot ask` starts in well under a second.

A cache file is named by the source's key and valid for one content key: the source's
fingerprint plus a stamp of the installed jobbot code itself (every module's size and mtime,
found by walking the package, so no module can be left out of the key). Change a file, or
upgrade jobbot, and the cache is rebuilt. A cache that cannot be read or written is ignored;
it only ever costs a rebuild.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from jobbot.search.snapshot import Snapshot

log = logging.getLogger(__name__)

CACHE_VERSION = 2
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@cache
def code_stamp(root: Path = _PACKAGE_ROOT) -> str:
    """A digest of every `.py` file in the installed package: any code change moves it."""
    entries = []
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        entries.append(f"{path.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def cache_path(cache_dir: Path, source_key: str) -> Path:
    """Where the snapshot of the source with this key is kept."""
    name = hashlib.sha256(source_key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(cache_dir) / f"index-{name}.pickle"


def load_or_build(
    source_key: str, fingerprint: str, cache_dir: Path, build: Callable[[], Snapshot]
) -> Snapshot:
    """The cached snapshot if the source's fingerprint is unchanged, else `build()` (cached)."""
    key = f"{CACHE_VERSION}\0{code_stamp()}\0{fingerprint}"
    path = cache_path(cache_dir, source_key)
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
