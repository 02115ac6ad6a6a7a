"""Knowledge from a directory of files (markdown, text, and the formats `jobbot.ingest` reads).

The fingerprint is every file's path, size and mtime: a stat walk, no reading. `load` parses
the files again only when it moved, so an idle poll over 100k postings costs a stat walk and
hands back the very same `Corpus` object; and then only the files whose size or mtime moved
are parsed again (`KnowledgeReader`), so one edited file in 100k costs one parse.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from jobbot.ingest import KnowledgeReader
from jobbot.ingest.reader import Listing
from jobbot.models import Corpus
from jobbot.sources.base import SourceError

MISSING = "missing"
_REUSE_S = 2.0  # a listing taken for `fingerprint` this recently serves the `load` after it


def tree_fingerprint(root: Path) -> str:
    """A digest of every file's (path, size, mtime) under `root`; `MISSING` if it is gone."""
    if not root.is_dir():
        return MISSING
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
    return hashlib.sha256("\n".join(entries).encode("utf-8", "surrogateescape")).hexdigest()


class DirectorySource:
    """One knowledge directory; a missing directory is a `SourceError`, never an empty corpus
    (which would make every posting look removed)."""

    missing_syncs_to_close = 1
    """A posting whose file is gone was removed: it closes on the first sync without it."""

    def __init__(
        self, path: Path | str, *, reader: Callable[[Sequence[Path]], Corpus] | None = None
    ) -> None:
        self.path = Path(path)
        self._knowledge = KnowledgeReader() if reader is None else None
        self._reader = reader or self._knowledge.read  # type: ignore[union-attr]
        self._last: tuple[str, Corpus] | None = None
        self._listing: tuple[float, Listing] | None = None
        self._origin = ""  # the key the reader last stamped on what it parsed

    @property
    def key(self) -> str:
        return f"dir:{self.path.resolve()}"

    def __repr__(self) -> str:
        return f"DirectorySource({str(self.path)!r})"

    def fingerprint(self) -> str:
        if self._knowledge is None:
            return tree_fingerprint(self.path)
        if not self.path.is_dir():
            self._listing = None
            return MISSING
        listing = self._knowledge.listing([self.path])  # kept: `load` right after reuses it
        self._listing = (time.monotonic(), listing)
        return listing.digest

    def load(self) -> Corpus:
        fresh = self._listing is not None and time.monotonic() - self._listing[0] < _REUSE_S
        stamp = self._listing[1].digest if fresh and self._listing else self.fingerprint()
        if stamp == MISSING:
            raise SourceError(f"knowledge directory not found: {self.path}")
        if self._last is None or self._last[0] != stamp:
            key = self.key
            if self._knowledge is not None and self._listing is not None:
                # The reader sets `origin` on what it parses; the rest it parsed for us before.
                corpus = self._knowledge.read([self.path], listing=self._listing[1], origin=key)
                stamped = self._origin == key
                self._origin = key
            else:
                corpus = self._reader([self.path])
                stamped = False
            if not stamped:
                for posting in corpus.postings:
                    if posting.origin != key:
                        posting.origin = key
            self._last = (stamp, corpus)
        self._listing = None
        return self._last[1]
