"""The scheduler's leader reads the remote sources into the database, each once per interval.

`SourceSyncer.run_once()` takes the `sources` leader lock, claims every source that is due
(a conditional update, so two schedulers on one database never fetch the same source in
the same interval even without the lock), reads the claimed ones a few at a time through
one shared `Fetcher`, and records each outcome: postings on success, the error and a
backed-off retry time on failure. One slow or broken board never holds up the others.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Final

from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler

from jobbot import metrics
from jobbot.announce.database import StoreError
from jobbot.announce.fetched import SyncOutcome, claim_due, record_failure, record_success
from jobbot.announce.store import Store
from jobbot.clock import Clock, SystemClock
from jobbot.sources import SourceError
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.remote import RemoteSource
from jobbot.sources.specs import SourceSpec

log = logging.getLogger(__name__)

LEADER_LOCK: Final = "sources"
JOB_ID: Final = "sync-sources"
WORKERS: Final = 4
TICK: Final = 30.0


class SourceSyncer:
    """Fetches due sources into the store."""

    def __init__(
        self,
        store: Store,
        specs: Sequence[SourceSpec],
        *,
        fetcher: Fetcher | None = None,
        clock: Clock | None = None,
        use_leader_lock: bool = True,
        leader_lease: timedelta = timedelta(minutes=5),
        workers: int = WORKERS,
    ) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.fetcher = fetcher or Fetcher(clock=self.clock)
        self.sources = [RemoteSource(spec, self.fetcher, clock=self.clock) for spec in specs]
        self.use_leader_lock = use_leader_lock
        self.leader_lease = leader_lease
        self.workers = max(1, workers)

    def close(self) -> None:
        self.fetcher.close()

    def run_once(self, *, force: bool = False) -> list[SyncOutcome] | None:
        """Sync what is due (everything with `force`); None when another process leads."""
        if not self.use_leader_lock:
            return self._sync(force)
        with self.store.leader(LEADER_LOCK, self.clock.now(), self.leader_lease) as lead:
            if lead is None:
                return None
            return self._sync(force)

    def run_safely(self) -> None:
        """`run_once` for the APScheduler job: a failed pass is logged, the next one runs."""
        try:
            outcomes = self.run_once()
        except StoreError as exc:
            log.error("source sync failed: database error: %s", exc)
            return
        except Exception:
            log.exception("source sync failed")
            return
        for outcome in outcomes or []:
            if outcome.ok:
                log.info(
                    "synced %s: %d postings%s",
                    outcome.key,
                    outcome.postings,
                    " (changed)" if outcome.changed else "",
                )
            else:
                log.warning("sync of %s failed: %s", outcome.key, outcome.error)

    def _sync(self, force: bool) -> list[SyncOutcome]:
        now = self.clock.now()
        due = [s for s in self.sources if claim_due(self.store.engine, s.spec, now, force=force)]
        if not due:
            return []
        with ThreadPoolExecutor(max_workers=min(self.workers, len(due))) as pool:
            return list(pool.map(self._sync_one, due))

    def _sync_one(self, source: RemoteSource) -> SyncOutcome:
        engine = self.store.engine
        try:
            harvest = source.harvest()
        except SourceError as exc:
            retry = exc.retry_after if isinstance(exc, FetchError) else None
            return record_failure(engine, source.spec, str(exc), self.clock.now(), retry)
        for problem in harvest.problems[:20]:
            log.info("%s: %s", source.key, problem)
        now = self.clock.now()
        outcome = record_success(
            engine, source.spec, harvest.postings, now, unchanged=harvest.unchanged
        )
        metrics.source_synced(source.key, now.timestamp())
        return outcome


def schedule_sync(scheduler: BaseScheduler, syncer: SourceSyncer, seconds: float = TICK) -> Job:
    """Check for due sources every `seconds`; each source keeps its own `every`."""
    return scheduler.add_job(
        syncer.run_safely,
        "interval",
        seconds=seconds,
        id=JOB_ID,
        name="sync remote sources",
        max_instances=1,
        coalesce=True,
        next_run_time=SystemClock().now(),
        replace_existing=True,
    )
