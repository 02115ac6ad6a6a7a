"""Reloading a running engine when its knowledge changes, without a restart.

Every bot process runs one watcher beside its engine. It compares the source's fingerprint
(for directories: each file's path, size and mtime) and, only when it moved, loads the
source again and swaps the new index in; requests in flight finish on the old one. A reload
that fails (a directory gone, a disk error) keeps answering from the last good index.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection

from jobbot.engine import Engine
from jobbot.sources import Source, SourceError

log = logging.getLogger(__name__)


class KnowledgeWatcher:
    """Polls a source and reloads `engine` when it changes."""

    def __init__(
        self,
        engine: Engine,
        source: Source,
        *,
        interval: float = 30.0,
        closed: Callable[[], Collection[str]] | None = None,
    ) -> None:
        self.engine = engine
        self.source = source
        self.interval = interval
        self.closed = closed
        """Ids of postings the store holds closed (the scheduler judges that), hidden from
        search at every check; None without a store."""
        self._key = source.fingerprint()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._hide_failed = False

    def hide_closed(self) -> None:
        """Hide what the store holds closed; a database problem keeps the last set."""
        if self.closed is None:
            return
        try:
            self.engine.hide(self.closed())
        except Exception as exc:
            if not self._hide_failed:  # one warning, not one every interval
                log.warning("cannot read closed postings from the store: %s", exc)
            self._hide_failed = True
        else:
            self._hide_failed = False

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
            self.hide_closed()
            self.check()
