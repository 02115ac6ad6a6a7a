"""Reloading a running engine when its knowledge files change, without a restart.

Every chat adapter starts one watcher beside its engine. It compares the knowledge
directories' fingerprint (each file's path, size and mtime) and, only when it moved, reads
the files again and swaps the new index in; requests in flight finish on the old one. A
reload that fails (a directory gone, a disk error) keeps answering from the last good index.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from jobbot.engine import Engine
from jobbot.ingest import load_directories
from jobbot.models import Corpus
from jobbot.search.cache import fingerprint

log = logging.getLogger(__name__)


class KnowledgeWatcher:
    """Polls knowledge directories and reloads `engine` when they change."""

    def __init__(
        self,
        engine: Engine,
        directories: Sequence[Path],
        *,
        interval: float = 30.0,
        load: Callable[[Sequence[Path]], Corpus] = load_directories,
    ) -> None:
        self.engine = engine
        self.directories = [Path(d) for d in directories]
        self.interval = interval
        self._load = load
        self._key = self._fingerprint()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _fingerprint(self) -> str:
        return fingerprint(self.directories)[1]

    def check(self) -> bool:
        """Reload if the files changed since the last look; True when a new index went live."""
        key = self._fingerprint()
        if key == self._key:
            return False
        missing = [d for d in self.directories if not d.is_dir()]
        if missing:
            log.warning(
                "knowledge directory %s is gone; still answering from the last index", missing[0]
            )
            return False
        try:
            corpus = self._load(self.directories)
            self.engine.reload(corpus)
        except Exception:  # keep serving the last good index whatever went wrong
            log.exception("reloading knowledge failed; still answering from the last index")
            return False
        self._key = key
        log.info(
            "knowledge reloaded: %d postings, %d FAQ entries, %d file errors",
            len(corpus.postings),
            len(corpus.faq),
            len(corpus.errors),
        )
        return True

    def start(self) -> KnowledgeWatcher:
        """Check every `interval` seconds in a daemon thread until `stop()`."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._loop, name="knowledge-watcher", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()
