"""Announcing new openings: poll → reindex → diff → match → claim → send → mark done.

`Announcer.run_once()` is one pass, with every dependency injected (store, publishers, clock,
knowledge source, engine factory) so tests drive it directly. `schedule()` wraps it in an
APScheduler interval job for `jobbot scheduler` and `jobbot run`.

Guarantees (see `jobbot.announce.store` for the claim protocol):
- a delivery row is claimed before the send and marked done after, so a crash in between is
  retried after the claim lease, and a duplicate is impossible while the claim stands;
- one scheduler at a time announces (leader lock), and the UNIQUE claim backs that up;
- a subscription announces only postings first seen after it was created (and after the
  scheduler's first look at the sources, which is the back catalogue);
- edits are re-announced only with `reannounce_edits`; removed postings stop matching;
- more than `digest_threshold` postings for one channel in one run go out as one digest;
- about one message per second per channel, Retry-After honoured, failures retried with
  backoff and recorded; permanent errors and exhausted attempts end as `failed`;
- members' personal alerts go the same way as DMs (channel `dm:<member>`, planned by
  `jobbot.announce.alert_plan`), paced per platform; a member who cannot be messaged is
  paused.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler

from jobbot.announce.alert_plan import AlertPlanner, MemberJob
from jobbot.announce.database import StoreError
from jobbot.announce.dm import dm_member
from jobbot.announce.leader import Leadership
from jobbot.announce.publisher import (
    Announcement,
    DeliveryError,
    Publisher,
    RecipientUnreachableError,
)
from jobbot.announce.store import Claim, Delivery, SeenPosting, Store, SyncReport
from jobbot.announce.subscriptions import Asker
from jobbot.clock import Clock, SystemClock
from jobbot.engine import Engine
from jobbot.models import Corpus, Hidden, Posting, Request
from jobbot.settings import Settings
from jobbot.sources import Source

log = logging.getLogger(__name__)

LEADER_LOCK: Final = "announcer"
JOB_ID: Final = "announce"
MATCH_PAGE_SIZE: Final = 25
MAX_MATCH_PAGES: Final = 400


def matching_ids(
    engine: Asker, query: str, candidates: Collection[str], hidden: Hidden | None = None
) -> set[str]:
    """Which of `candidates` (posting ids) the engine returns for `query` as a `/jobs` search.

    This asks the engine exactly as `/jobs` does, so a subscription uses the same query
    language, filters and relevance cut-off; it pages until every candidate is found or the
    results end. `hidden` leaves out a member's Not interested postings (personal alerts).
    """
    wanted = set(candidates)
    found: set[str] = set()
    page = 1
    while wanted - found and page <= MAX_MATCH_PAGES:
        answer = engine.ask(
            Request(text=query, command="jobs", page=page, page_size=MATCH_PAGE_SIZE, hidden=hidden)
        )
        found.update(hit.id for hit in answer.jobs if hit.id in wanted)
        if not answer.jobs or page >= answer.pages:
            break
        page += 1
    return found


class ChannelPacer:
    """Keeps at least `min_interval` seconds between messages to the same channel."""

    def __init__(self, clock: Clock, min_interval: float) -> None:
        self.clock = clock
        self.min_interval = min_interval
        self._last: dict[tuple[str, str], datetime] = {}

    def wait(self, key: tuple[str, str]) -> None:
        last = self._last.get(key)
        if last is not None:
            gap = self.min_interval - (self.clock.now() - last).total_seconds()
            if gap > 0:
                self.clock.sleep(gap)

    def sent(self, key: tuple[str, str]) -> None:
        self._last[key] = self.clock.now()


@dataclass(slots=True)
class Sent:
    """One message that went out (a card, or a digest of several postings)."""

    platform: str
    channel: str
    posting_ids: list[str]


@dataclass(slots=True)
class RunReport:
    """What one pass did, for logs and tests."""

    skipped: str | None = None
    error: str | None = None
    sync: SyncReport | None = None
    sent: list[Sent] = field(default_factory=list)
    deferred: list[Sent] = field(default_factory=list)
    failed: list[Sent] = field(default_factory=list)

    def summary(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        if self.error:
            return f"error: {self.error}"
        sync = self.sync or SyncReport()
        text = (
            f"{len(sync.new)} new, {len(sync.edited)} edited, {len(sync.removed)} removed "
            f"postings; {len(self.sent)} messages sent, {len(self.deferred)} deferred, "
            f"{len(self.failed)} failed"
        )
        dms = [len([s for s in kind if dm_member(s.channel)]) for kind in (self.sent, self.failed)]
        if any(dms):
            text += f" (alert DMs: {dms[0]} sent, {dms[1]} failed)"
        return text


@dataclass(slots=True)
class _Planned:
    posting: Posting
    revision: int
    queries: list[str]


class Announcer:
    """Announces new postings to subscribed channels through the given publishers."""

    def __init__(
        self,
        store: Store,
        publishers: Iterable[Publisher],
        source: Source,
        *,
        clock: Clock | None = None,
        engine_factory: Callable[[Corpus], Asker] = Engine,
        on_reload: Callable[[Asker], None] | None = None,
        digest_threshold: int = 5,
        digest_max: int = 25,
        reannounce_edits: bool = False,
        claim_lease: timedelta = timedelta(minutes=10),
        leader_lease: timedelta = timedelta(minutes=5),
        min_interval: float = 1.0,
        dm_interval: float = 1.0,
        tries_per_run: int = 3,
        max_attempts: int = 10,
        max_inline_wait: float = 60.0,
        backoff_base: float = 2.0,
        backoff_cap: float = 3600.0,
        use_leader_lock: bool = True,
    ) -> None:
        self.store = store
        self.publishers = {p.platform: p for p in publishers}
        self.source = source
        self.clock = clock or SystemClock()
        self.engine_factory = engine_factory
        self.on_reload = on_reload
        self.digest_threshold = digest_threshold
        self.digest_max = max(1, digest_max)
        self.reannounce_edits = reannounce_edits
        self.claim_lease = claim_lease
        self.leader_lease = leader_lease
        self.tries_per_run = max(1, tries_per_run)
        self.max_attempts = max(1, max_attempts)
        self.max_inline_wait = max_inline_wait
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.use_leader_lock = use_leader_lock
        self.pacer = ChannelPacer(self.clock, min_interval)
        # All of a platform's DMs share one pace: many members, one bot's rate limit.
        self.dm_pacer = ChannelPacer(self.clock, dm_interval)
        self.personal = AlertPlanner(store)
        self._engine: Asker | None = None
        self._fingerprint: str | None = None
        self._indexed: Corpus | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        store: Store,
        publishers: Iterable[Publisher],
        source: Source,
    ) -> Announcer:
        """The announcer `jobbot scheduler` runs: real clock, the configured knowledge."""
        return cls(
            store,
            publishers,
            source,
            digest_threshold=settings.digest_threshold,
            reannounce_edits=settings.reannounce_edits,
            dm_interval=settings.dm_interval,
        )

    # -- one pass -------------------------------------------------------------------------

    def run_once(self) -> RunReport:
        """Poll the sources and announce what is new; returns what happened."""
        report = RunReport()
        now = self.clock.now()
        if not self.use_leader_lock:
            self._run(None, report)
            return report
        with self.store.leader(LEADER_LOCK, now, self.leader_lease) as lead:
            if lead is None:
                report.skipped = "another scheduler is announcing"
                return report
            self._run(lead, report)
        return report

    def run_safely(self) -> None:
        """`run_once` for the APScheduler job: a failed pass is logged, the next one runs."""
        try:
            report = self.run_once()
        except StoreError as exc:
            log.error("announcement pass failed: database error: %s", exc)
            return
        except Exception:
            log.exception("announcement pass failed")
            return
        log.info("announcement pass: %s", report.summary())

    def _run(self, lead: Leadership | None, report: RunReport) -> None:
        try:
            corpus = self.source.load()
        except Exception as exc:
            report.error = f"could not read knowledge: {exc}"
            log.error("%s", report.error)
            return
        now = self.clock.now()
        report.sync = self.store.sync_postings(corpus.postings, now)
        engine = self._engine_for(corpus)
        seen = self.store.seen_postings()
        baseline = self.store.first_sync_at()
        plan = self._plan(corpus, engine, seen, baseline)
        for (platform, channel), planned in plan.items():
            self._announce_channel(lead, self.publishers[platform], channel, planned, report)
        self._alert_members(lead, corpus, engine, seen, baseline, report)

    def _engine_for(self, corpus: Corpus) -> Asker:
        """Reindex only when the sources changed; tell the chat side about the new index."""
        if self._engine is not None and corpus is self._indexed:
            return self._engine  # the source handed back what it read last time
        self._indexed = corpus
        digest = hashlib.sha256(
            corpus.model_dump_json(include={"postings", "faq"}).encode()
        ).hexdigest()
        if self._engine is None or digest != self._fingerprint:
            self._engine = self.engine_factory(corpus)
            self._fingerprint = digest
            if self.on_reload is not None:
                self.on_reload(self._engine)
        return self._engine

    # -- what to send ---------------------------------------------------------------------

    def _plan(
        self,
        corpus: Corpus,
        engine: Asker,
        seen: dict[str, SeenPosting],
        baseline: datetime | None,
    ) -> dict[tuple[str, str], list[_Planned]]:
        now = self.clock.now()
        live = _live(corpus, seen, baseline)
        plan: dict[tuple[str, str], dict[str, _Planned]] = {}
        deliveries: dict[tuple[str, str], dict[str, Delivery]] = {}
        for sub in self.store.subscriptions():
            if sub.platform not in self.publishers:
                continue
            key = (sub.platform, sub.channel)
            if key not in deliveries:
                rows = self.store.deliveries(sub.platform, sub.channel, [p.id for p in live])
                deliveries[key] = {d.posting_id: d for d in rows}
            floor = max(sub.created_at, baseline) if baseline else sub.created_at
            candidates = {
                p.id: p
                for p in live
                if seen[p.id].first_seen > floor
                and self._open(deliveries[key].get(p.id), seen[p.id], now)
            }
            if not candidates:
                continue
            channel_plan = plan.setdefault(key, {})
            for posting_id in matching_ids(engine, sub.query, candidates):
                entry = channel_plan.setdefault(
                    posting_id,
                    _Planned(candidates[posting_id], seen[posting_id].revision, []),
                )
                entry.queries.append(sub.query)
        return {
            key: sorted(
                entries.values(), key=lambda e: (seen[e.posting.id].first_seen, e.posting.id)
            )
            for key, entries in plan.items()
            if entries
        }

    def _alert_members(
        self,
        lead: Leadership | None,
        corpus: Corpus,
        engine: Asker,
        seen: dict[str, SeenPosting],
        baseline: datetime | None,
        report: RunReport,
    ) -> None:
        """Personal alerts: plan every member's DMs, then send each like an announcement."""
        now = self.clock.now()
        jobs = self.personal.plan(
            live=_live(corpus, seen, baseline),
            seen=seen,
            baseline=baseline,
            now=now,
            platforms=self.publishers,
            match=lambda query, ids, hidden: matching_ids(engine, query, ids, hidden),
            is_open=lambda delivery, posting: self._open(delivery, posting, now),
        )
        for job in jobs:
            self._alert_member(lead, job, report)

    def _alert_member(self, lead: Leadership | None, job: MemberJob, report: RunReport) -> None:
        publisher = self.publishers[job.platform]
        planned = [_Planned(e.posting, e.revision, e.queries) for e in job.entries]
        if job.digest is None:
            self._announce_channel(lead, publisher, job.channel, planned, report, job.member)
            return
        for start in range(0, len(planned), self.digest_max):
            chunk = planned[start : start + self.digest_max]
            claimed = [(c, e) for e in chunk if (c := self._claim(publisher, job.channel, e))]
            if claimed:
                self._send(lead, publisher, job.channel, claimed, report, job.member, job.digest)
        self.personal.served(job)

    def _open(self, delivery: Delivery | None, seen: SeenPosting, now: datetime) -> bool:
        """Whether a posting still needs sending to a channel, judged from its delivery row."""
        return delivery is None or delivery.due(
            now, lease=self.claim_lease, revision=seen.revision, reannounce=self.reannounce_edits
        )

    # -- sending --------------------------------------------------------------------------

    def _claim(self, publisher: Publisher, channel: str, entry: _Planned) -> Claim | None:
        return self.store.claim(
            entry.posting.id,
            publisher.platform,
            channel,
            revision=entry.revision,
            now=self.clock.now(),
            lease=self.claim_lease,
            reannounce=self.reannounce_edits,
        )

    def _announce_channel(
        self,
        lead: Leadership | None,
        publisher: Publisher,
        channel: str,
        planned: list[_Planned],
        report: RunReport,
        member: str | None = None,
    ) -> None:
        if len(planned) > self.digest_threshold:
            for start in range(0, len(planned), self.digest_max):
                chunk = planned[start : start + self.digest_max]
                claimed = [(c, e) for e in chunk if (c := self._claim(publisher, channel, e))]
                if claimed:
                    self._send(lead, publisher, channel, claimed, report, member)
            return
        for entry in planned:
            claim = self._claim(publisher, channel, entry)
            if claim is not None:
                self._send(lead, publisher, channel, [(claim, entry)], report, member)

    def _send(
        self,
        lead: Leadership | None,
        publisher: Publisher,
        channel: str,
        batch: list[tuple[Claim, _Planned]],
        report: RunReport,
        member: str | None = None,
        digest: str | None = None,
    ) -> None:
        """Publish one announcement for claimed postings (a DM when `member` is given),
        retrying within limits."""
        claims = [claim for claim, _ in batch]
        queries = list(dict.fromkeys(q for _, entry in batch for q in entry.queries))
        announcement = Announcement(
            channel=channel,
            postings=[entry.posting for _, entry in batch],
            query=", ".join(queries),
            member=member,
            digest=digest,
        )
        key = (publisher.platform, channel)
        pacer = self.pacer if member is None else self.dm_pacer
        if member is not None:
            key = (publisher.platform, "dm")
        outcome = Sent(publisher.platform, channel, [c.posting_id for c in claims])
        for attempt in range(1, self.tries_per_run + 1):
            if lead is not None and not lead.renew(self.clock.now()):
                log.warning("lost the leader lock; leaving %s claimed for a later run", outcome)
                return
            pacer.wait(key)
            error: DeliveryError
            try:
                publisher.publish(announcement)
            except DeliveryError as exc:
                error = exc
            except Exception as exc:  # a publisher bug must not stop other channels
                log.exception("publisher %s raised", publisher.platform)
                error = DeliveryError(f"{type(exc).__name__}: {exc}")
            else:
                pacer.sent(key)
                self.store.mark_done(claims, self.clock.now())
                report.sent.append(outcome)
                return
            pacer.sent(key)
            now = self.clock.now()
            attempts = self.store.record_failure(claims, str(error) or type(error).__name__, now)
            if error.permanent or attempts >= self.max_attempts:
                self.store.mark_failed(claims, now)
                report.failed.append(outcome)
                if member is not None and isinstance(error, RecipientUnreachableError):
                    self.personal.refused(publisher.platform, member, str(error), now)
                log.warning(
                    "giving up on %s/%s after %d attempt(s): %s",
                    publisher.platform,
                    channel,
                    attempts,
                    error,
                )
                return
            delay = error.retry_after if error.retry_after is not None else self._backoff(attempts)
            if attempt < self.tries_per_run and delay <= self.max_inline_wait:
                log.info("retrying %s/%s in %.1fs: %s", publisher.platform, channel, delay, error)
                self.clock.sleep(delay)
                continue
            self.store.mark_retry(claims, now, now + timedelta(seconds=delay))
            report.deferred.append(outcome)
            return

    def _backoff(self, attempts: int) -> float:
        return min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1))


def _live(corpus: Corpus, seen: dict[str, SeenPosting], baseline: datetime | None) -> list[Posting]:
    """Postings listed now and first seen after the first look: only these are announced."""
    return [
        p
        for p in corpus.postings
        if p.id in seen
        and seen[p.id].removed_at is None
        and (baseline is None or seen[p.id].first_seen > baseline)
    ]


def schedule(scheduler: BaseScheduler, announcer: Announcer, seconds: float) -> Job:
    """Add the announcement pass as an interval job; the first pass runs at once.

    `max_instances=1` and `coalesce=True`: a slow pass never overlaps the next, and passes
    missed while busy collapse into one.
    """
    return scheduler.add_job(
        announcer.run_safely,
        "interval",
        seconds=seconds,
        id=JOB_ID,
        name="announce new postings",
        max_instances=1,
        coalesce=True,
        next_run_time=SystemClock().now(),
        replace_existing=True,
    )
