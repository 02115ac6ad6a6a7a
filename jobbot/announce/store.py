"""The announcement store: subscriptions, postings seen, and deliveries, and their row types.

SQLite by default, PostgreSQL when more than one process runs. The deliveries table is what
makes announcements exactly-once: a row `(posting_id, platform, channel)` is UNIQUE and is
*claimed* (inserted) before anything is sent, then marked done. A claim left behind by a crash
is taken over only after its lease expires, so a crash is retried rather than dropped, and a
second sender can never post while a claim stands.

The tables and their upgrades live in `jobbot.announce.schema`, opening a database (and
`StoreError`, the one error every store method raises) in `jobbot.announce.database`, the
leader lock in `jobbot.announce.leader`.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, Select, Table, and_, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from jobbot.announce.database import (
    StoreError,
    from_row,
    insert_ignore,
    open_engine,
    safe_url,
    scrub,
    take_row,
)
from jobbot.announce.leader import Leadership, leadership, lock_expiry
from jobbot.announce.schema import (
    CLAIMED,
    DONE,
    FAILED,
    RETRY,
    deliveries_table,
    ensure_schema,
    meta_table,
    postings_table,
    schema_version_table,
    subscriptions_table,
)
from jobbot.models import Posting

log = logging.getLogger(__name__)

MAX_ERROR_CHARS: Final = 500
DEFAULT_MISSES_TO_CLOSE: Final = 2
"""Successful syncs in a row a posting must be missing from before it closes, unless its
source says otherwise (a directory says 1: a file that is gone was removed)."""
EXPIRED: Final = "expired"
REMOVED: Final = "removed"
MISSING: Final = "missing"
_CHUNK: Final = 500

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's standing query."""

    id: int
    platform: str
    channel: str
    query: str
    created_by: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SeenPosting:
    """What the store remembers of a posting between polls."""

    posting_id: str
    content_hash: str
    title: str
    first_seen: datetime
    last_seen: datetime
    revision: int
    edited_at: datetime | None
    removed_at: datetime | None
    """When it closed (for any reason); None while it is open."""
    origin: str = ""
    valid_through: str | None = None
    missed_syncs: int = 0
    closed_reason: str | None = None
    """`expired` (its date passed), `removed` (its file went), `missing` (its source stopped
    listing it on successive syncs)."""

    @property
    def is_open(self) -> bool:
        return self.removed_at is None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One posting's announcement to one channel, and how it went."""

    id: int
    posting_id: str
    platform: str
    channel: str
    status: str
    revision: int
    attempts: int
    last_error: str | None
    claimed_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    message_id: int | None = None
    """The announcement message it went out in, or is being sent in (`jobbot.announce.messages`):
    set on a row that is not done means an earlier attempt may have arrived."""

    def due(self, now: datetime, *, lease: timedelta, revision: int, reannounce: bool) -> bool:
        """Whether this row may be claimed again now: the one rule `Store.claim` enforces and
        the scheduler plans by.

        A claim older than `lease` (its sender died), a retry whose time has come, or, with
        `reannounce`, a delivery of an older revision than `revision`; never a failed one.
        """
        if self.status == CLAIMED:
            return self.claimed_at + lease <= now
        if self.status == RETRY:
            return self.next_attempt_at is None or self.next_attempt_at <= now
        if self.status == DONE:
            return reannounce and self.revision < revision
        return False  # failed: recorded, not retried forever


@dataclass(frozen=True, slots=True)
class Claim:
    """Permission to send one posting to one channel; `token` proves it is still ours."""

    delivery_id: int
    posting_id: str
    token: str


@dataclass(slots=True)
class SyncReport:
    """How the knowledge sources differ from what the store saw last time."""

    new: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Closed because their file was removed or their source stopped listing them."""
    expired: list[str] = field(default_factory=list)
    """Closed because their `valid_through` day passed."""
    restored: list[str] = field(default_factory=list)
    """Closed postings that came back: open again, with the same id."""
    held: list[str] = field(default_factory=list)
    """Why some missing postings were not closed: a source failed or came back empty."""
    first_sync: bool = False

    @property
    def closed(self) -> list[str]:
        return [*self.removed, *self.expired]


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Database failures leave the store as `StoreError`, never as SQLAlchemy's own errors,
    so callers handle one error type and no message carries the password."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            url = getattr(args[0], "_url", "") if args else ""
            text = scrub(str(reason), url) if url else safe_url(str(reason))
            raise StoreError(f"database error: {type(reason).__name__}: {text}") from None

    return wrapper


def query_key(query: str) -> str:
    """The form used to spot duplicate subscriptions: case and spacing do not count."""
    return " ".join(query.casefold().split())[:512]


class Store:
    """All announcement state behind one SQLAlchemy engine; safe to share between threads."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self._url = url  # kept only to mask its secrets in error messages
        self.engine: Engine = open_engine(url, echo=echo)
        self.safe_url = safe_url(self.engine.url.render_as_string(hide_password=False))
        self.dialect = self.engine.dialect.name
        try:
            ensure_schema(self.engine, self.safe_url)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            reason = scrub(str(getattr(exc, "orig", None) or exc), url)
            raise StoreError(f"cannot open database {self.safe_url}: {reason}") from None

    def close(self) -> None:
        self.engine.dispose()

    @guarded
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(schema_version_table.c.version))).scalar())

    # -- subscriptions --------------------------------------------------------------------

    @guarded
    def add_subscription(
        self, platform: str, channel: str, query: str, user: str | None, now: datetime
    ) -> tuple[Subscription, bool]:
        """Subscribe a channel; returns the subscription and whether it is new (not a duplicate)."""
        key = query_key(query)
        values = {
            "platform": platform,
            "channel": channel,
            "query": query,
            "query_key": key,
            "created_by": user,
            "created_at": now,
        }
        with self.engine.begin() as conn:
            created = insert_ignore(conn, subscriptions_table, values)
            row = conn.execute(
                select(subscriptions_table).where(
                    subscriptions_table.c.platform == platform,
                    subscriptions_table.c.channel == channel,
                    subscriptions_table.c.query_key == key,
                )
            ).one()
        return from_row(Subscription, row), created

    @guarded
    def subscriptions(
        self, platform: str | None = None, channel: str | None = None
    ) -> list[Subscription]:
        """Subscriptions, oldest first, optionally for one platform or channel."""
        stmt = _by_place(subscriptions_table, platform, channel)
        with self.engine.connect() as conn:
            return [from_row(Subscription, row) for row in conn.execute(stmt)]

    @guarded
    def remove_subscription(
        self, platform: str, channel: str, subscription_id: int
    ) -> Subscription | None:
        """Delete a subscription of this channel; None if it has no such id."""
        where = and_(
            subscriptions_table.c.id == subscription_id,
            subscriptions_table.c.platform == platform,
            subscriptions_table.c.channel == channel,
        )
        with self.engine.begin() as conn:
            row = take_row(conn, subscriptions_table, where)
        return from_row(Subscription, row) if row is not None else None

    # -- postings -------------------------------------------------------------------------

    @guarded
    def sync_postings(
        self,
        postings: Iterable[Posting],
        now: datetime,
        *,
        failed: Mapping[str, str] | None = None,
        sources: Mapping[str, int] | None = None,
        unreadable: Collection[str] = (),
        marks: Mapping[str, int] | None = None,
    ) -> SyncReport:
        """Record the postings present now; report what is new, edited, closed or back.

        A posting closes when its `valid_through` day has passed, or when it is missing from
        its source (`Posting.origin`) on `sources[origin]` successful syncs in a row (1 for a
        directory, where a missing file was removed; 2 by default, so one odd answer from a
        job board closes nothing). A source in `failed` (key → why) judges nothing, and one
        that returns no postings where it had some closes nothing either: both are reported
        in `held`. A posting whose file could not be read this time (`unreadable`: the
        `source` of each file error) is not missing. A closed posting that comes back
        reopens with the same id.

        `marks[origin]`, when a source gives one, moves once per successful sync of that
        source (a job board synced hourly, read by a scheduler every five minutes): a posting
        missing from it counts one miss per mark, not one per call. Without a mark every call
        is a sync (a directory is read afresh each time).
        """
        current = {p.id: p for p in postings}
        failed = dict(failed or {})
        today = now.astimezone(UTC).date()
        report = SyncReport()
        t = postings_table
        unread = set(unreadable)
        with self.engine.begin() as conn:
            if _get_meta(conn, "first_sync_at") is None:
                _set_meta(conn, "first_sync_at", now.isoformat())
                report.first_sync = True
            known = {row.posting_id: row for row in conn.execute(select(t))}
            # Every write is conditional, so two schedulers syncing at once (no leader lock,
            # PostgreSQL READ COMMITTED) neither fail nor count a change twice.
            seen_now: list[str] = []
            for posting_id, posting in current.items():
                row = known.get(posting_id)
                expired = not posting.open_on(today)
                until = posting.valid_through.isoformat() if posting.valid_through else None
                if row is None:
                    values = {
                        "posting_id": posting_id,
                        "content_hash": posting.content_hash,
                        "title": posting.title,
                        "first_seen": now,
                        "last_seen": now,
                        "revision": 0,
                        "origin": posting.origin,
                        "valid_through": until,
                        "data": _posting_data(posting),
                        "removed_at": now if expired else None,
                        "closed_reason": EXPIRED if expired else None,
                    }
                    if insert_ignore(conn, t, values):
                        report.new.append(posting_id)
                        if expired:
                            report.expired.append(posting_id)
                    continue
                seen_now.append(posting_id)
                mine = t.c.posting_id == posting_id
                if row.content_hash != posting.content_hash:
                    edited = conn.execute(
                        update(t)
                        .where(mine, t.c.content_hash == row.content_hash)
                        .values(
                            content_hash=posting.content_hash,
                            revision=t.c.revision + 1,
                            edited_at=now,
                            data=_posting_data(posting),
                        )
                    ).rowcount
                    if edited:
                        report.edited.append(posting_id)
                changes: dict[str, Any] = {}
                if row.title != posting.title:
                    changes["title"] = posting.title
                if row.origin != posting.origin:
                    changes["origin"] = posting.origin
                if row.valid_through != until:
                    changes["valid_through"] = until
                if row.missed_syncs or row.missed_mark is not None:
                    changes["missed_syncs"] = 0
                    changes["missed_mark"] = None
                if row.data is None and row.content_hash == posting.content_hash:
                    changes["data"] = _posting_data(posting)
                if changes:
                    conn.execute(update(t).where(mine).values(**changes))
                if expired and row.removed_at is None:
                    closed = conn.execute(
                        update(t)
                        .where(mine, t.c.removed_at.is_(None))
                        .values(removed_at=now, closed_reason=EXPIRED, state_changed_at=now)
                    ).rowcount
                    if closed:
                        report.expired.append(posting_id)
                elif expired and row.closed_reason != EXPIRED:
                    conn.execute(update(t).where(mine).values(closed_reason=EXPIRED))
                elif not expired and row.removed_at is not None:
                    restored = conn.execute(
                        update(t)
                        .where(mine, t.c.removed_at.is_not(None))
                        .values(removed_at=None, closed_reason=None, state_changed_at=now)
                    ).rowcount
                    if restored:
                        report.restored.append(posting_id)
            for start in range(0, len(seen_now), _CHUNK):
                chunk = seen_now[start : start + _CHUNK]
                conn.execute(update(t).where(t.c.posting_id.in_(chunk)).values(last_seen=now))
            self._sync_missing(
                conn, known, current, now, failed, sources, unread, marks or {}, report
            )
        return report

    @staticmethod
    def _sync_missing(
        conn: Connection,
        known: Mapping[str, Any],
        current: Mapping[str, Posting],
        now: datetime,
        failed: Mapping[str, str],
        sources: Mapping[str, int] | None,
        unreadable: Collection[str],
        marks: Mapping[str, int],
        report: SyncReport,
    ) -> None:
        """Count a miss for each open posting its source no longer lists; close at the limit."""
        t = postings_table
        present = Counter(p.origin for p in current.values())
        missing: dict[str, list[Any]] = {}
        for posting_id, row in known.items():
            if posting_id not in current and row.removed_at is None:
                missing.setdefault(row.origin, []).append(row)
        for origin, rows in missing.items():
            name = origin or "the knowledge sources"
            if origin in failed:
                report.held.append(
                    f"{name} failed ({failed[origin]}): none of its {len(rows)} missing "
                    "posting(s) closed"
                )
                continue
            configured = sources is None or origin in sources or not origin
            empty = not present.get(origin) if origin else not current
            if configured and empty:
                report.held.append(
                    f"{name} returned no postings where it had {len(rows)}: none closed"
                )
                continue
            limit = max(1, (sources or {}).get(origin, DEFAULT_MISSES_TO_CLOSE))
            mark = marks.get(origin)
            for row in rows:
                if unreadable and _source_of(row) in unreadable:
                    continue  # the file is there but could not be read this time
                if mark is not None and row.missed_mark == mark:
                    continue  # already counted against this sync of its source
                mine = t.c.posting_id == row.posting_id
                misses = row.missed_syncs + 1
                if misses < limit:
                    conn.execute(
                        update(t)
                        .where(mine, t.c.missed_syncs == row.missed_syncs)
                        .values(missed_syncs=misses, missed_mark=mark)
                    )
                    continue
                closed = conn.execute(
                    update(t)
                    .where(mine, t.c.removed_at.is_(None))
                    .values(
                        removed_at=now,
                        state_changed_at=now,
                        missed_syncs=misses,
                        missed_mark=mark,
                        closed_reason=REMOVED if limit == 1 else MISSING,
                    )
                ).rowcount
                if closed:
                    report.removed.append(row.posting_id)

    @guarded
    def seen_postings(self) -> dict[str, SeenPosting]:
        with self.engine.connect() as conn:
            return {
                row.posting_id: from_row(SeenPosting, row)
                for row in conn.execute(select(postings_table))
            }

    @guarded
    def closed_ids(self) -> set[str]:
        """Ids of the postings the store holds closed: search leaves them out too."""
        t = postings_table
        with self.engine.connect() as conn:
            return set(conn.scalars(select(t.c.posting_id).where(t.c.removed_at.is_not(None))))

    @guarded
    def closed_among(self, posting_ids: Collection[str]) -> set[str]:
        """Which of these postings the store holds closed."""
        t = postings_table
        ids = list(dict.fromkeys(posting_ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                found.update(
                    conn.scalars(
                        select(t.c.posting_id).where(
                            t.c.posting_id.in_(chunk), t.c.removed_at.is_not(None)
                        )
                    )
                )
        return found

    @guarded
    def stored_postings(self, posting_ids: Collection[str]) -> dict[str, Posting]:
        """The last content seen of these postings (a title only for rows kept before it was)."""
        t = postings_table
        found: dict[str, Posting] = {}
        ids = list(dict.fromkeys(posting_ids))
        with self.engine.connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                for row in conn.execute(select(t).where(t.c.posting_id.in_(chunk))):
                    found[row.posting_id] = _stored_posting(row)
        return found

    @guarded
    def first_sync_at(self) -> datetime | None:
        """When the scheduler first read the sources: everything seen then is back catalogue."""
        with self.engine.connect() as conn:
            value = _get_meta(conn, "first_sync_at")
        return datetime.fromisoformat(value) if value else None

    # -- deliveries -----------------------------------------------------------------------

    @guarded
    def deliveries(
        self,
        platform: str | None = None,
        channel: str | None = None,
        posting_ids: Collection[str] | None = None,
    ) -> list[Delivery]:
        """Delivery rows, optionally narrowed to a platform, a channel and some postings."""
        stmt = _by_place(deliveries_table, platform, channel)
        if posting_ids is not None:
            stmt = stmt.where(deliveries_table.c.posting_id.in_(list(posting_ids)))
        with self.engine.connect() as conn:
            return [from_row(Delivery, row) for row in conn.execute(stmt)]

    @guarded
    def claim(
        self,
        posting_id: str,
        platform: str,
        channel: str,
        *,
        revision: int,
        now: datetime,
        lease: timedelta,
        reannounce: bool = False,
    ) -> Claim | None:
        """Claim the right to send a posting to a channel, or None if that is not ours to do.

        A new row is inserted (the UNIQUE key makes only one claimer win). An existing row is
        taken over only when its claim is older than `lease` (its sender died), when it waits
        for a retry that is due, or when `reannounce` is set and it carries an older revision.
        """
        d = deliveries_table
        token = uuid.uuid4().hex
        with self.engine.begin() as conn:
            inserted = insert_ignore(
                conn,
                d,
                {
                    "posting_id": posting_id,
                    "platform": platform,
                    "channel": channel,
                    "status": CLAIMED,
                    "claimed_at": now,
                    "created_at": now,
                    "updated_at": now,
                    "revision": revision,
                    "claim_token": token,
                    "attempts": 0,
                },
            )
            row = conn.execute(
                select(d).where(
                    d.c.posting_id == posting_id, d.c.platform == platform, d.c.channel == channel
                )
            ).one()
            if inserted:
                return Claim(row.id, posting_id, token) if row.claim_token == token else None
            values: dict[str, Any] = {
                "status": CLAIMED,
                "claim_token": token,
                "claimed_at": now,
                "updated_at": now,
                "revision": revision,
            }
            if not from_row(Delivery, row).due(
                now, lease=lease, revision=revision, reannounce=reannounce
            ):
                return None
            if row.status == CLAIMED:
                log.warning(
                    "reclaiming %s for %s/%s: claimed at %s and never finished",
                    posting_id,
                    platform,
                    channel,
                    row.claimed_at.isoformat(),
                )
            elif row.status == RETRY:
                values["next_attempt_at"] = None
            else:  # done, an older revision to announce again
                values.update(attempts=0, last_error=None, delivered_at=None)
            taken = conn.execute(
                update(d)
                .where(
                    d.c.id == row.id, d.c.status == row.status, d.c.claim_token == row.claim_token
                )
                .values(**values)
            ).rowcount
        return Claim(row.id, posting_id, token) if taken == 1 else None

    @guarded
    def record_failure(
        self, claims: Sequence[Claim], error: str, now: datetime, *, count: bool = True
    ) -> int:
        """Count a failed send (unless `count` is False: not the delivery's fault) and keep
        its error; refreshes the claim. Returns most attempts."""
        message = error[:MAX_ERROR_CHARS]
        d = deliveries_table
        with self.engine.begin() as conn:
            for claim in claims:
                conn.execute(
                    update(d)
                    .where(*owned(claim))
                    .values(
                        attempts=d.c.attempts + (1 if count else 0),
                        last_error=message,
                        claimed_at=now,
                        updated_at=now,
                    )
                )
            ids = [c.delivery_id for c in claims]
            return int(
                conn.execute(select(func.max(d.c.attempts)).where(d.c.id.in_(ids))).scalar() or 0
            )

    @guarded
    def mark_done(self, claims: Sequence[Claim], now: datetime) -> int:
        """The platform accepted the message: these deliveries are finished."""
        d = deliveries_table
        return self._finish(
            claims,
            status=DONE,
            attempts=d.c.attempts + 1,
            delivered_at=now,
            updated_at=now,
            next_attempt_at=None,
        )

    @guarded
    def renew(self, claims: Sequence[Claim], now: datetime) -> int:
        """Keep claims alive while their send is in progress (the lease runs from `now`)."""
        d = deliveries_table
        renewed = 0
        with self.engine.begin() as conn:
            for claim in claims:
                renewed += conn.execute(
                    update(d).where(*owned(claim)).values(claimed_at=now)
                ).rowcount
        return renewed

    @guarded
    def release(self, claims: Sequence[Claim], now: datetime) -> int:
        """Give claims back at once (a failed pass, a clean exit): due again now, not after
        the lease. A delivery whose message may have arrived stays linked to it."""
        return self._finish(claims, status=RETRY, updated_at=now, next_attempt_at=now)

    @guarded
    def next_due(
        self, lease: timedelta, platforms: Collection[str], after: datetime
    ) -> datetime | None:
        """The soonest after `after` that a pending delivery can be claimed: a claim's lease
        running out or a retry coming due. Rows due at `after` or before are left out: a pass
        that began then saw them (and left them for a reason, such as a closed posting)."""
        d = deliveries_table
        where = d.c.platform.in_(list(platforms))
        with self.engine.connect() as conn:
            claimed = conn.execute(
                select(func.min(d.c.claimed_at)).where(
                    where, d.c.status == CLAIMED, d.c.claimed_at > after - lease
                )
            ).scalar()
            retry = conn.execute(
                select(func.min(d.c.next_attempt_at)).where(
                    where, d.c.status == RETRY, d.c.next_attempt_at > after
                )
            ).scalar()
        times = [t for t in (claimed + lease if claimed else None, retry) if t is not None]
        return min(times) if times else None

    @guarded
    def mark_retry(self, claims: Sequence[Claim], now: datetime, next_attempt_at: datetime) -> int:
        """Give the claim back for a later run, not before `next_attempt_at`."""
        return self._finish(claims, status=RETRY, updated_at=now, next_attempt_at=next_attempt_at)

    @guarded
    def mark_failed(self, claims: Sequence[Claim], now: datetime) -> int:
        """Stop trying: a permanent error, or too many attempts. `last_error` says why."""
        return self._finish(claims, status=FAILED, updated_at=now, next_attempt_at=None)

    def _finish(self, claims: Sequence[Claim], **values: Any) -> int:
        done = 0
        with self.engine.begin() as conn:
            for claim in claims:
                done += conn.execute(
                    update(deliveries_table).where(*owned(claim)).values(**values)
                ).rowcount
        return done

    # -- leader lock ----------------------------------------------------------------------

    def leader(
        self, name: str, now: datetime, lease: timedelta, holder: str | None = None
    ) -> AbstractContextManager[Leadership | None]:
        """Be the one scheduler that announces, or get None if another holds the lock.

        See `jobbot.announce.leader`: an advisory lock on PostgreSQL, a renewed lease elsewhere.
        """
        return leadership(self.engine, name, now, lease, holder)

    @guarded
    def leader_expiry(self, name: str) -> datetime | None:
        """When another holder's lease on `name` runs out, if it is a lease."""
        return lock_expiry(self.engine, name)


def _by_place(table: Table, platform: str | None, channel: str | None) -> Select[Any]:
    """Every row of `table`, oldest first, narrowed to a platform and a channel when given."""
    stmt = select(table).order_by(table.c.id)
    if platform is not None:
        stmt = stmt.where(table.c.platform == platform)
    if channel is not None:
        stmt = stmt.where(table.c.channel == channel)
    return stmt


def owned(claim: Claim) -> tuple[Any, ...]:
    """The WHERE clause of a write only the claim's holder may make."""
    d = deliveries_table
    return (d.c.id == claim.delivery_id, d.c.claim_token == claim.token, d.c.status == CLAIMED)


def _posting_data(posting: Posting) -> str:
    """The posting as stored for rendering later (an edit after its file is gone)."""
    return posting.model_dump_json(exclude={"content_hash"})


def _stored_posting(row: Any) -> Posting:
    if row.data:
        try:
            return Posting.model_validate_json(row.data)
        except ValueError:
            pass
    return Posting(id=row.posting_id, title=row.title or row.posting_id, source="")


def _source_of(row: Any) -> str | None:
    """The `source` (file) a stored posting was last read from, when its content is kept."""
    if not row.data:
        return None
    try:
        value = json.loads(row.data).get("source")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta_table.c.value).where(meta_table.c.key == key)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    insert_ignore(conn, meta_table, {"key": key, "value": value})
