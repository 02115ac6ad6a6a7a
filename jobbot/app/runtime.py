"""Opening a running bot's services in one place, for every front end.

`services(...)` loads the knowledge (from the index cache when it is fresh), opens the
store, and starts the watcher that reloads changed knowledge; leaving the block stops the
watcher and closes the store. One rule for an unusable database everywhere: the bot keeps
answering, subscriptions say they are unavailable, and one clear warning is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from jobbot.announce.database import StoreError
from jobbot.announce.feedback import Feedback
from jobbot.announce.learning import Learning, MissRecorder
from jobbot.announce.store import Store
from jobbot.engine import Engine
from jobbot.settings import Settings
from jobbot.sources import Source
from jobbot.watcher import KnowledgeWatcher

log = logging.getLogger("jobbot")


@dataclass
class Services:
    """What a bot process answers with."""

    settings: Settings
    source: Source
    engine: Engine
    store: Store | None
    """None when the database cannot be used; `store_problem` says why."""
    store_problem: str | None = None
    learning: Learning | None = None
    """FAQ ratings and taught phrasings (its `feedback` is None without a database)."""


def open_store(settings: Settings) -> tuple[Store | None, str | None]:
    """The store, or None and the reason (safe to show: no password)."""
    try:
        return Store(settings.database_url), None
    except StoreError as exc:
        return None, str(exc)


@contextmanager
def services(
    settings: Settings, source: Source, *, watch: bool = True, store: bool = True
) -> Iterator[Services]:
    """Engine, store and watcher for a bot process; everything is released on exit."""
    engine = Engine.from_source(source, cache_dir=settings.cache_dir)
    opened, problem = open_store(settings) if store else (None, None)
    if problem:
        log.warning("subscriptions are unavailable: %s", problem)
    learning = Learning(Feedback(opened) if opened is not None else None, engine)
    learning.sync()  # phrasings taught earlier, on any platform
    recorder = MissRecorder(learning, sync_seconds=settings.reload_seconds)
    if opened is not None:
        engine.observe(recorder.observe)
        recorder.start()
    watcher = KnowledgeWatcher(
        engine,
        source,
        interval=settings.reload_seconds,
        closed=opened.closed_ids if opened is not None else None,
    )
    watcher.hide_closed()
    if watch:
        watcher.start()
    try:
        yield Services(settings, source, engine, opened, problem, learning)
    finally:
        watcher.stop()
        recorder.stop()
        if opened is not None:
            opened.close()
