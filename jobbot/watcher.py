"""Reloading a running engine when its knowledge changes, without a restart.

Every bot process runs one watcher beside its engine. It compares the source's fingerprint
(for directories: each file's path, size and mtime) and, only when it moved, loads the
source again and swaps the new index in; requests in flight finish on the old one. A reload
that fails (a directory gone, a disk error) keeps answering from the last good index.
"""

from __future__ import annotations

import logging
import threading

from jobbot.engine import Engine
from jobbot.sources import Source, SourceError

log = logging.getLogger(__name__)


class KnowledgeWatcher:
    """Polls a source and reloads `engine` when it changes."""

    def __init__(self, engine: Engine, source: Source, *, interval: float = 30.0) -> None:
        self.engine = engine
        self.source = source
        self.interval = interval
        self._key = source.fingerprint()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """Reload if the source changed since the last look; True when a new index went live."""
        key = self.source.fingerprint()
        if key == self._key:
            return False
        try:
            corpus = self.source.load()
            if corpus is self.engine.corpus:  # served from the last good load: nothing new
                self._key = key
                return False
            self.engine.reload(corpus)
        except SourceError as exc:
            log.warning("%s; still answering from the last index", exc)
            return False
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
