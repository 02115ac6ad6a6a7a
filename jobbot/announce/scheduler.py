"""Announcing openings: poll → sync → recover → match → claim → send → record → edit.

`Announcer.run_once()` is one pass, with every dependency injected (store, publishers, clock,
knowledge source, engine factory) so tests drive it directly. `schedule()` wraps it in an
APScheduler interval job for `jobbot scheduler` and `jobbot run`.

Guarantees (see `jobbot.announce.store` for the claim protocol, `jobbot.announce.delivery`
for the send path, docs/announcements.md for the whole story):
- exactly once: a delivery row is claimed and the message written ahead before the send,
  and recorded after; when a crash, a timeout or a database error comes between the
  platform accepting it and the store recording it, the next attempt looks on the platform
  before sending again;
- one scheduler at a time announces (leader lock), and the UNIQUE claim backs that up;
  leases are short (`claim_lease`, `leader_lease`: seconds) and renewed by a heartbeat while
  a pass works, so a scheduler restarted after a SIGKILL takes over within a lease, and a
  pass that finds leases still standing asks to run again when they run out (`retry_in`);
  a failed pass gives its claims back at once;
- a subscription announces only postings first seen after it was created (and after the
  scheduler's first look at the sources, which is the back catalogue);
- postings end: past their `valid_through`, removed, or missing from their source on
  successive successful syncs (`Store.sync_postings`); a closed posting is not announced,
  and every message already sent for it is edited to say so (`jobbot.announce.edits`);
- edits are re-announced only with `reannounce_edits`;
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
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler

from jobbot import metrics
from jobbot.announce.alert_plan import AlertPlanner, MemberJob
from jobbot.announce.commands import Asker
from jobbot.announce.database import StoreError
from jobbot.announce.delivery import ChannelPacer, Courier, Heartbeat, Outcome, Sent
from jobbot.announce.dm import dm_member
from jobbot.announce.edits import Editor, EditReport
from jobbot.announce.leader import Leadership
from jobbot.announce.publisher import DeliveryError, Publisher, RecipientUnreachableError
from jobbot.announce.schema import DONE
from jobbot.announce.store import (
    DEFAULT_MISSES_TO_CLOSE,
    Claim,
    Delivery,
    SeenPosting,
    Store,
    SyncReport,
)
from jobbot.clock import Clock, SystemClock
from jobbot.engine import Engine
from jobbot.models import Corpus, Hidden, Posting, Request
from jobbot.settings import Settings
from jobbot.sources import Source

log = logging.getLogger(__name__)

LEADER_LOCK: Final = "announcer"
JOB_ID: Final = "announce"
RETRY_JOB_ID: Final = "announce-again"
MIN_RETRY_SECONDS: Final = 0.5
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


@dataclass(slots=True)
class RunReport:
    """What one pass did, for logs and tests."""

    skipped: str | None = None
    error: str | None = None
    sync: SyncReport | None = None
    sent: list[Sent] = field(default_factory=list)
    found: list[Sent] = field(default_factory=list)
    """Messages an earlier (crashed or timed-out) attempt had delivered: recorded, not resent."""
    deferred: list[Sent] = field(default_factory=list)
    failed: list[Sent] = field(default_factory=list)
    edits: EditReport = field(default_factory=EditReport)
    retry_in: float | None = None
    """Seconds until this pass should run again, when sooner than the poll interval helps:
    another holder's lease, or a claim left by a dead process, runs out then."""

    def record(self, outcome: Outcome, sent: Sent) -> None:
        {"sent": self.sent, "found": self.found, "deferred": self.deferred}.get(
            outcome, self.failed if outcome == "failed" else []
        ).append(sent)
        if outcome in (metrics.SENT, metrics.FAILED, metrics.DEFERRED):
            dm = dm_member(sent.channel) is not None
            metrics.delivered(sent.platform, outcome, len(sent.posting_ids), dm=dm)

    def summary(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        if self.error:
            return f"error: {self.error}"
        sync = self.sync or SyncReport()
        text = (
            f"{len(sync.new)} new, {len(sync.edited)} edited, {len(sync.closed)} closed, "
            f"{len(sync.restored)} reopened postings; {len(self.sent)} messages sent, "
            f"{len(self.deferred)} deferred, {len(self.failed)} failed"
        )
        if self.found:
            text += f", {len(self.found)} found already delivered"
        dms = [len([s for s in kind if dm_member(s.channel)]) for kind in (self.sent, self.failed)]
        if any(dms):
            text += f" (alert DMs: {dms[0]} sent, {dms[1]} failed)"
        if self.edits.edited or self.edits.failed:
            text += f"; {len(self.edits.edited)} edited, {len(self.edits.failed)} edits failed"
        for held in sync.held:
            text += f"; {held}"
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
        engine_factory: Callable[[Corpus], Asker] | None = None,
        on_reload: Callable[[Asker], None] | None = None,
        digest_threshold: int = 5,
        digest_max: int = 25,
        reannounce_edits: bool = False,
        claim_lease: timedelta = timedelta(seconds=15),
        leader_lease: timedelta = timedelta(seconds=15),
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
        self.engine_factory = engine_factory or self._engine_today
        self.on_reload = on_reload
        self.digest_threshold = digest_threshold
        self.digest_max = max(1, digest_max)
        self.reannounce_edits = reannounce_edits
        self.claim_lease = claim_lease
        self.leader_lease = leader_lease
        self.use_leader_lock = use_leader_lock
        self.holder = uuid.uuid4().hex
        """This process's name on the leader lock: the same for every pass."""
        self.pacer = ChannelPacer(self.clock, min_interval)
        # All of a platform's DMs share one pace: many members, one bot's rate limit.
        self.dm_pacer = ChannelPacer(self.clock, dm_interval)
        self.personal = AlertPlanner(store)
        beat = min(claim_lease, leader_lease).total_seconds() / 3
        self.heartbeat = Heartbeat(store, self.clock, beat)
        self.courier = Courier(
            store,
            self.clock,
            heartbeat=self.heartbeat,
            pacer=self.pacer,
            dm_pacer=self.dm_pacer,
            on_give_up=self._gave_up,
            claim_lease=claim_lease,
            tries_per_run=tries_per_run,
            max_attempts=max_attempts,
            max_inline_wait=max_inline_wait,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
        )
        self.editor = Editor(store, self.clock, self.pacer)
        self._engine: Asker | None = None
        self._fingerprint: str | None = None
        self._indexed: Corpus | None = None
        self._pass = threading.Lock()

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
            claim_lease=timedelta(seconds=settings.claim_lease_seconds),
            leader_lease=timedelta(seconds=settings.leader_lease_seconds),
            dm_interval=settings.dm_interval,
        )

    @property
    def engine(self) -> Asker | None:
        """The index the last pass matched with; None until the knowledge was first read."""
        return self._engine

    # -- one pass -------------------------------------------------------------------------

    def run_once(self) -> RunReport:
        """Poll the sources and announce what is new; returns what happened."""
        report = RunReport()
        if not self._pass.acquire(blocking=False):
            report.skipped = "a pass is already running in this process"
            return report
        try:
            now = self.clock.now()
            if not self.use_leader_lock:
                self._run(None, report)
                return report
            with self.store.leader(LEADER_LOCK, now, self.leader_lease, self.holder) as lead:
                if lead is None:
                    report.skipped = "another scheduler is announcing"
                    report.retry_in = self._until(self.store.leader_expiry(LEADER_LOCK))
                    return report
                self._run(lead, report)
            return report
        finally:
            self._pass.release()

    def run_safely(self) -> RunReport | None:
        """`run_once` for the APScheduler job: a failed pass is logged, the next one runs."""
        try:
            report = self.run_once()
        except StoreError as exc:
            log.error("announcement pass failed: database error: %s", exc)
            return None
        except Exception:
            log.exception("announcement pass failed")
            return None
        log.info("announcement pass: %s", report.summary())
        return report

    def close(self) -> None:
        """A clean exit: give back any claim still held (the leader lock is released by
        the pass that took it)."""
        held = self.heartbeat.held()
        if held:
            try:
                self.courier.release(held)
            except StoreError as exc:
                log.warning("could not give back %d claim(s): %s", len(held), exc)

    def _run(self, lead: Leadership | None, report: RunReport) -> None:
        began = self.clock.now()
        try:
            corpus = self.source.load()
        except Exception as exc:
            report.error = f"could not read knowledge: {exc}"
            log.error("%s", report.error)
            return
        with self.heartbeat.running(lead):
            try:
                self._work(lead, corpus, report)
            except (Exception, KeyboardInterrupt, SystemExit):
                # A failed pass, or the process stopping: give the claims back now, not after
                # the lease (what may have arrived stays marked for a look first).
                self.close()
                raise
            finally:
                self.heartbeat.forget()
        # A claim left by a dead scheduler whose lease runs out during or after this pass,
        # or a retry coming due, is worth a pass of its own before the next poll.
        report.retry_in = self._until(
            self.store.next_due(self.claim_lease, list(self.publishers), after=began)
        )

    def _work(self, lead: Leadership | None, corpus: Corpus, report: RunReport) -> None:
        now = self.clock.now()
        rules = closing_rules(self.source)
        report.sync = self.store.sync_postings(
            corpus.postings,
            now,
            failed=rules.failed,
            sources=rules.misses,
            unreadable=[error.source for error in corpus.errors],
            marks=rules.marks,
        )
        for held in report.sync.held:
            log.warning("%s", held)
        engine = self._engine_for(corpus)
        by_id = {p.id: p for p in corpus.postings}

        def postings(ids: Sequence[str]) -> list[Posting]:
            missing = [pid for pid in ids if pid not in by_id]
            stored = self.store.stored_postings(missing) if missing else {}
            return [
                by_id.get(pid) or stored.get(pid) or Posting(id=pid, title=pid, source="")
                for pid in ids
            ]

        for outcome, sent in self.courier.recover(lead, self.publishers, postings):
            report.record(outcome, sent)
        seen = self.store.seen_postings()
        baseline = self.store.first_sync_at()
        plan = self._plan(corpus, engine, seen, baseline)
        for (platform, channel), planned in plan.items():
            self._announce_channel(lead, self.publishers[platform], channel, planned, report)
        self._alert_members(lead, corpus, engine, seen, baseline, report)
        report.edits = self.editor.run(self.publishers, postings)

    def _engine_today(self, corpus: Corpus) -> Engine:
        """The default engine: "today" is the scheduler's clock, as for closing dates."""
        return Engine(corpus, today=lambda: self.clock.now().date())

    def _until(self, when: datetime | None) -> float | None:
        if when is None:
            return None
        wait = (when - self.clock.now()).total_seconds()
        return max(MIN_RETRY_SECONDS, wait + MIN_RETRY_SECONDS)

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
        """Whether a posting still needs sending to a channel, judged from its delivery row.

        A row tied to a message still in doubt is recovery's to settle, not the plan's."""
        if delivery is None:
            return True
        if delivery.message_id is not None and delivery.status != DONE:
            return False
        return delivery.due(
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
        """Publish one announcement for claimed postings (a DM when `member` is given)."""
        queries = list(dict.fromkeys(q for _, entry in batch for q in entry.queries))
        outcome, sent = self.courier.send(
            lead,
            publisher,
            channel,
            [(claim, entry.posting) for claim, entry in batch],
            ", ".join(queries),
            member=member,
            digest=digest,
        )
        report.record(outcome, sent)

    def _gave_up(self, platform: str, channel: str, error: DeliveryError) -> None:
        """A member who cannot be sent a DM has their alerts paused."""
        member = dm_member(channel)
        if member is not None and isinstance(error, RecipientUnreachableError):
            self.personal.refused(platform, member, str(error), self.clock.now())


def _live(corpus: Corpus, seen: dict[str, SeenPosting], baseline: datetime | None) -> list[Posting]:
    """Open postings listed now and first seen after the first look: only these are
    announced."""
    return [
        p
        for p in corpus.postings
        if p.id in seen
        and seen[p.id].is_open
        and (baseline is None or seen[p.id].first_seen > baseline)
    ]


@dataclass(slots=True)
class ClosingRules:
    """What the sync rule needs to know about each origin (a source's key, as postings
    carry it in `Posting.origin`)."""

    misses: dict[str, int] = field(default_factory=dict)
    """Successful syncs in a row without a posting that close it."""
    failed: dict[str, str] = field(default_factory=dict)
    """Origins whose last sync failed (served from their last good postings), and why."""
    marks: dict[str, int] = field(default_factory=dict)
    """Origins whose syncs are counted apart from passes: a number that moves per sync."""


def closing_rules(source: Source) -> ClosingRules:
    """Read from the sources themselves, so the rule works for any kind of source.

    Every part may say (all optional): `origins` (the keys its postings carry, when it
    serves several, as the stored job boards do; else its own `key`),
    `missing_syncs_to_close` (2 when it does not say; a directory says 1), `failures`
    (origin → why, for origins it serves from their last good sync) and `sync_marks()`
    (origin → a number that moves once per successful sync)."""
    rules = ClosingRules()
    children = getattr(source, "sources", None)
    parts = list(children) if children else [source]
    # A composite lists the children it served from their last good load by child key.
    down = dict(getattr(source, "failures", None) or {}) if children else {}
    for part in parts:
        try:
            origins = list(getattr(part, "origins", None) or [part.key])
            limit = int(getattr(part, "missing_syncs_to_close", DEFAULT_MISSES_TO_CLOSE))
            failures = dict(getattr(part, "failures", None) or {})
            marks = part.sync_marks() if callable(getattr(part, "sync_marks", None)) else {}
        except Exception as exc:  # a source that cannot describe itself judges nothing
            log.warning("cannot read the closing rules of %r: %s", part, exc)
            continue
        for origin in origins:
            rules.misses[origin] = limit
            why = failures.get(origin) or down.get(getattr(part, "key", ""))
            if why:
                rules.failed[origin] = why
        rules.marks.update({k: int(v) for k, v in marks.items()})
    return rules


def schedule(scheduler: BaseScheduler, announcer: Announcer, seconds: float) -> Job:
    """Add the announcement pass as an interval job; the first pass runs at once.

    `max_instances=1` and `coalesce=True`: a slow pass never overlaps the next, and passes
    missed while busy collapse into one. A pass that reports `retry_in` shorter than the
    interval (a dead scheduler's lease runs out then) gets one extra run at that time.
    """

    def run() -> None:
        report = announcer.run_safely()
        wait = report.retry_in if report is not None else None
        if wait is not None and wait < seconds:
            scheduler.add_job(
                run,
                "date",
                run_date=SystemClock().now() + timedelta(seconds=wait),
                id=RETRY_JOB_ID,
                name="announce again when a lease runs out",
                replace_existing=True,
                misfire_grace_time=None,
            )

    return scheduler.add_job(
        run,
        "interval",
        seconds=seconds,
        id=JOB_ID,
        name="announce new postings",
        max_instances=1,
        coalesce=True,
        next_run_time=SystemClock().now(),
        replace_existing=True,
        misfire_grace_time=None,
    )
