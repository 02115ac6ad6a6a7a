"""Knowledge from a directory of files (markdown, text, and the formats `jobbot.ingest` reads).

The fingerprint is every file's path, size and mtime: a stat walk, no reading. `load` parses
the files again only when it moved, so an idle poll over 100k postings costs a stat walk and
hands back the very same `Corpus` object; and then only the files whose size or mtime moved
are parsed again (`KnowledgeReader`), so one edited file in 100k costs one parse.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from jobbot.ingest import KnowledgeReader
from jobbot.models import Corpus
from jobbot.sources.base import SourceError

MISSING = "missing"


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
        self._reader = reader or KnowledgeReader().read
        self._last: tuple[str, Corpus] | None = None

    @property
    def key(self) -> str:
        return f"dir:{self.path.resolve()}"

    def __repr__(self) -> str:
        return f"DirectorySource({str(self.path)!r})"

    def fingerprint(self) -> str:
        return tree_fingerprint(self.path)

    def load(self) -> Corpus:
        stamp = self.fingerprint()
        if stamp == MISSING:
            raise SourceError(f"knowledge directory not found: {self.path}")
        if self._last is None or self._last[0] != stamp:
            corpus = self._reader([self.path])
            for posting in corpus.postings:
                posting.origin = self.key
            self._last = (stamp, corpus)
        return self._last[1]
