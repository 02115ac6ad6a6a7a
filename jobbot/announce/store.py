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
import logging
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Final, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, Select, Table, and_, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from jobbot.announce.database import StoreError, insert_ignore, open_engine, safe_url, scrub
from jobbot.announce.leader import Leadership, leadership
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

P = ParamSpec("P")
R = TypeVar("R")
_Row = TypeVar("_Row", "Subscription", "SeenPosting", "Delivery")


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
    restored: list[str] = field(default_factory=list)
    first_sync: bool = False


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
        return _from_row(Subscription, row), created

    @guarded
    def subscriptions(
        self, platform: str | None = None, channel: str | None = None
    ) -> list[Subscription]:
        """Subscriptions, oldest first, optionally for one platform or channel."""
        stmt = _by_place(subscriptions_table, platform, channel)
        with self.engine.connect() as conn:
            return [_from_row(Subscription, row) for row in conn.execute(stmt)]

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
            row = conn.execute(select(subscriptions_table).where(where)).one_or_none()
            if row is None:
                return None
            conn.execute(delete(subscriptions_table).where(where))
        return _from_row(Subscription, row)

    # -- postings -------------------------------------------------------------------------

    @guarded
    def sync_postings(self, postings: Iterable[Posting], now: datetime) -> SyncReport:
        """Record the postings present now; report what is new, edited, removed or back."""
        current = {p.id: p for p in postings}
        report = SyncReport()
        t = postings_table
        with self.engine.begin() as conn:
            if _get_meta(conn, "first_sync_at") is None:
                _set_meta(conn, "first_sync_at", now.isoformat())
                report.first_sync = True
            known = {row.posting_id: row for row in conn.execute(select(t))}
            # Every write is conditional, so two schedulers syncing at once (no leader lock,
            # PostgreSQL READ COMMITTED) neither fail nor count a change twice.
            for posting_id, posting in current.items():
                row = known.get(posting_id)
                if row is None:
                    values = {
                        "posting_id": posting_id,
                        "content_hash": posting.content_hash,
                        "title": posting.title,
                        "first_seen": now,
                        "last_seen": now,
                        "revision": 0,
                    }
                    if insert_ignore(conn, t, values):
                        report.new.append(posting_id)
                    continue
                mine = t.c.posting_id == posting_id
                if row.content_hash != posting.content_hash:
                    edited = conn.execute(
                        update(t)
                        .where(mine, t.c.content_hash == row.content_hash)
                        .values(
                            content_hash=posting.content_hash,
                            revision=t.c.revision + 1,
                            edited_at=now,
                        )
                    ).rowcount
                    if edited:
                        report.edited.append(posting_id)
                if row.removed_at is not None:
                    restored = conn.execute(
                        update(t).where(mine, t.c.removed_at.is_not(None)).values(removed_at=None)
                    ).rowcount
                    if restored:
                        report.restored.append(posting_id)
                conn.execute(update(t).where(mine).values(last_seen=now, title=posting.title))
            gone = [pid for pid, row in known.items() if pid not in current and not row.removed_at]
            for posting_id in gone:
                removed = conn.execute(
                    update(t)
                    .where(t.c.posting_id == posting_id, t.c.removed_at.is_(None))
                    .values(removed_at=now)
                ).rowcount
                if removed:
                    report.removed.append(posting_id)
        return report

    @guarded
    def seen_postings(self) -> dict[str, SeenPosting]:
        with self.engine.connect() as conn:
            return {
                row.posting_id: _from_row(SeenPosting, row)
                for row in conn.execute(select(postings_table))
            }

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
            return [_from_row(Delivery, row) for row in conn.execute(stmt)]

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
            if not _from_row(Delivery, row).due(
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
    def record_failure(self, claims: Sequence[Claim], error: str, now: datetime) -> int:
        """Count a failed send and keep its error; refreshes the claim. Returns most attempts."""
        message = error[:MAX_ERROR_CHARS]
        d = deliveries_table
        with self.engine.begin() as conn:
            for claim in claims:
                conn.execute(
                    update(d)
                    .where(*_owned(claim))
                    .values(
                        attempts=d.c.attempts + 1,
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
                    update(deliveries_table).where(*_owned(claim)).values(**values)
                ).rowcount
        return done

    # -- leader lock ----------------------------------------------------------------------

    def leader(
        self, name: str, now: datetime, lease: timedelta
    ) -> AbstractContextManager[Leadership | None]:
        """Be the one scheduler that announces, or get None if another holds the lock.

        See `jobbot.announce.leader`: an advisory lock on PostgreSQL, a renewed lease elsewhere.
        """
        return leadership(self.engine, name, now, lease)


def _by_place(table: Table, platform: str | None, channel: str | None) -> Select[Any]:
    """Every row of `table`, oldest first, narrowed to a platform and a channel when given."""
    stmt = select(table).order_by(table.c.id)
    if platform is not None:
        stmt = stmt.where(table.c.platform == platform)
    if channel is not None:
        stmt = stmt.where(table.c.channel == channel)
    return stmt


def _owned(claim: Claim) -> tuple[Any, ...]:
    d = deliveries_table
    return (d.c.id == claim.delivery_id, d.c.claim_token == claim.token, d.c.status == CLAIMED)


def _get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta_table.c.value).where(meta_table.c.key == key)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    insert_ignore(conn, meta_table, {"key": key, "value": value})


def _from_row(cls: type[_Row], row: Any) -> _Row:
    """One of this module's row dataclasses, filled from the database row's same-named columns."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
