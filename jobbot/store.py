"""The announcement store: subscriptions, postings seen, and deliveries, in SQLAlchemy 2.

SQLite by default, PostgreSQL when more than one process runs. The deliveries table is what
makes announcements exactly-once: a row `(posting_id, platform, channel)` is UNIQUE and is
*claimed* (inserted) before anything is sent, then marked done. A claim left behind by a crash
is taken over only after its lease expires, so a crash is retried rather than dropped, and a
second sender can never post while a claim stands.

The schema carries a version; opening an older database upgrades it in place, keeping rows.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from jobbot.models import Posting

log = logging.getLogger(__name__)

SCHEMA_VERSION: Final = 2
"""v1 tracked postings and deliveries only; v2 adds revisions, removals, retry bookkeeping
(attempts, last error, next attempt), claim tokens, the leader lock and store metadata."""

DeliveryStatus = Literal["claimed", "done", "retry", "failed"]
CLAIMED: Final = "claimed"
DONE: Final = "done"
RETRY: Final = "retry"
FAILED: Final = "failed"

MAX_ERROR_CHARS: Final = 500


class StoreError(Exception):
    """The database cannot be opened or used; the message is safe to show (no password)."""


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store times must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

schema_version_table = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
)

meta_table = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

subscriptions_table = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("channel", String(128), nullable=False),
    Column("query", Text, nullable=False),
    Column("query_key", String(512), nullable=False),
    Column("created_by", String(128)),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("platform", "channel", "query_key", name="uq_subscription"),
)

postings_table = Table(
    "seen_postings",
    metadata,
    Column("posting_id", String(512), primary_key=True),
    Column("content_hash", String(128), nullable=False),
    Column("title", Text, nullable=False, server_default=""),
    Column("first_seen", UTCDateTime(), nullable=False),
    Column("last_seen", UTCDateTime(), nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("edited_at", UTCDateTime()),
    Column("removed_at", UTCDateTime()),
)

deliveries_table = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("posting_id", String(512), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("channel", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("claimed_at", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("delivered_at", UTCDateTime()),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("claim_token", String(32), nullable=False, server_default=""),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("next_attempt_at", UTCDateTime()),
    UniqueConstraint("posting_id", "platform", "channel", name="uq_delivery"),
)

leader_table = Table(
    "leader_locks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(64), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
)


def _upgrade_1_to_2(conn: Connection) -> None:
    """Add what v2 tracks; existing rows keep their data and get neutral defaults."""
    columns = {
        "seen_postings": [
            ("revision", "INTEGER NOT NULL DEFAULT 0"),
            ("edited_at", "TIMESTAMP"),
            ("removed_at", "TIMESTAMP"),
        ],
        "deliveries": [
            ("revision", "INTEGER NOT NULL DEFAULT 0"),
            ("claim_token", "VARCHAR(32) NOT NULL DEFAULT ''"),
            ("attempts", "INTEGER NOT NULL DEFAULT 0"),
            ("last_error", "TEXT"),
            ("next_attempt_at", "TIMESTAMP"),
        ],
    }
    inspector = inspect(conn)
    for table, wanted in columns.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        for name, ddl in wanted:
            if name not in present:
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {ddl}")
    # v1 recorded a delivery only once it was sent, so its rows count as one attempt.
    conn.execute(
        update(deliveries_table)
        .where(deliveries_table.c.status == DONE, deliveries_table.c.attempts == 0)
        .values(attempts=1)
    )


UPGRADES: Final = {1: _upgrade_1_to_2}
"""`UPGRADES[n]` turns a version-n database into version n+1."""


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


def query_key(query: str) -> str:
    """The form used to spot duplicate subscriptions: case and spacing do not count."""
    return " ".join(query.casefold().split())[:512]


def normalize_url(url: str) -> str:
    """Accept Heroku-style `postgres://` URLs and use psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _lock_key(name: str) -> int:
    """A stable signed 64-bit key for `pg_try_advisory_lock`."""
    digest = hashlib.sha256(f"jobbot:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Leadership:
    """Held while one scheduler may announce; `renew` keeps a lease-based lock alive."""

    def __init__(self, store: Store, name: str, holder: str, lease: timedelta) -> None:
        self._store = store
        self._name = name
        self._holder = holder
        self._lease = lease

    def renew(self, now: datetime) -> bool:
        """Extend the lease; False if another scheduler took the lock meanwhile."""
        return self._store._renew_lock(self._name, self._holder, now + self._lease)


class _AdvisoryLeadership(Leadership):
    def renew(self, now: datetime) -> bool:
        return True  # a session lock lasts as long as its connection


class Store:
    """All announcement state behind one SQLAlchemy engine; safe to share between threads."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        url = normalize_url(url)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"invalid database URL: {exc}") from None
        self.safe_url = parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo}
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                try:
                    Path(database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create the folder for {database}: {exc}") from None
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database {self.safe_url}: {exc}") from None
        if self.dialect == "sqlite":
            _serialize_sqlite_writes(self.engine)
        try:
            self._ensure_schema()
        except SQLAlchemyError as exc:
            self.engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open database {self.safe_url}: {reason}") from None

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ---------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # Two processes starting together must not both create or upgrade.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key("schema")})
            tables = set(inspect(conn).get_table_names())
            if "schema_version" in tables:
                version = conn.execute(select(func.max(schema_version_table.c.version))).scalar()
            elif tables & {"subscriptions", "deliveries", "seen_postings"}:
                version = 1  # v1 predates the version table
            else:
                version = None
            if version is None:
                metadata.create_all(conn)
                conn.execute(insert(schema_version_table).values(version=SCHEMA_VERSION))
                return
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"database {self.safe_url} has schema v{version}, newer than this jobbot "
                    f"(v{SCHEMA_VERSION}); upgrade jobbot"
                )
            start = version
            while version < SCHEMA_VERSION:
                UPGRADES[version](conn)
                version += 1
            metadata.create_all(conn)  # tables added since, e.g. leader_locks
            conn.execute(delete(schema_version_table))
            conn.execute(insert(schema_version_table).values(version=SCHEMA_VERSION))
            if start != SCHEMA_VERSION:
                log.info("upgraded %s from schema v%d to v%d", self.safe_url, start, version)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(schema_version_table.c.version))).scalar())

    # -- subscriptions --------------------------------------------------------------------

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
            created = _insert_ignore(conn, subscriptions_table, values)
            row = conn.execute(
                select(subscriptions_table).where(
                    subscriptions_table.c.platform == platform,
                    subscriptions_table.c.channel == channel,
                    subscriptions_table.c.query_key == key,
                )
            ).one()
        return _subscription(row), created

    def subscriptions(
        self, platform: str | None = None, channel: str | None = None
    ) -> list[Subscription]:
        """Subscriptions, oldest first, optionally for one platform or channel."""
        stmt = select(subscriptions_table).order_by(subscriptions_table.c.id)
        if platform is not None:
            stmt = stmt.where(subscriptions_table.c.platform == platform)
        if channel is not None:
            stmt = stmt.where(subscriptions_table.c.channel == channel)
        with self.engine.connect() as conn:
            return [_subscription(row) for row in conn.execute(stmt)]

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
        return _subscription(row)

    # -- postings -------------------------------------------------------------------------

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
                    if _insert_ignore(conn, t, values):
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

    def seen_postings(self) -> dict[str, SeenPosting]:
        with self.engine.connect() as conn:
            return {
                row.posting_id: SeenPosting(
                    posting_id=row.posting_id,
                    content_hash=row.content_hash,
                    title=row.title,
                    first_seen=row.first_seen,
                    last_seen=row.last_seen,
                    revision=row.revision,
                    edited_at=row.edited_at,
                    removed_at=row.removed_at,
                )
                for row in conn.execute(select(postings_table))
            }

    def first_sync_at(self) -> datetime | None:
        """When the scheduler first read the sources: everything seen then is back catalogue."""
        with self.engine.connect() as conn:
            value = _get_meta(conn, "first_sync_at")
        return datetime.fromisoformat(value) if value else None

    # -- deliveries -----------------------------------------------------------------------

    def deliveries(
        self,
        platform: str | None = None,
        channel: str | None = None,
        posting_ids: Collection[str] | None = None,
    ) -> list[Delivery]:
        """Delivery rows, optionally narrowed to a platform, a channel and some postings."""
        stmt = select(deliveries_table).order_by(deliveries_table.c.id)
        if platform is not None:
            stmt = stmt.where(deliveries_table.c.platform == platform)
        if channel is not None:
            stmt = stmt.where(deliveries_table.c.channel == channel)
        if posting_ids is not None:
            stmt = stmt.where(deliveries_table.c.posting_id.in_(list(posting_ids)))
        with self.engine.connect() as conn:
            return [_delivery(row) for row in conn.execute(stmt)]

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
            inserted = _insert_ignore(
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
            if row.status == CLAIMED and row.claimed_at + lease <= now:
                log.warning(
                    "reclaiming %s for %s/%s: claimed at %s and never finished",
                    posting_id,
                    platform,
                    channel,
                    row.claimed_at.isoformat(),
                )
            elif row.status == RETRY and (
                row.next_attempt_at is None or row.next_attempt_at <= now
            ):
                values["next_attempt_at"] = None
            elif row.status == DONE and reannounce and row.revision < revision:
                values.update(attempts=0, last_error=None, delivered_at=None)
            else:
                return None
            taken = conn.execute(
                update(d)
                .where(
                    d.c.id == row.id, d.c.status == row.status, d.c.claim_token == row.claim_token
                )
                .values(**values)
            ).rowcount
        return Claim(row.id, posting_id, token) if taken == 1 else None

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

    def mark_retry(self, claims: Sequence[Claim], now: datetime, next_attempt_at: datetime) -> int:
        """Give the claim back for a later run, not before `next_attempt_at`."""
        return self._finish(claims, status=RETRY, updated_at=now, next_attempt_at=next_attempt_at)

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

    @contextmanager
    def leader(self, name: str, now: datetime, lease: timedelta) -> Iterator[Leadership | None]:
        """Be the one scheduler that announces, or get None if another holds the lock.

        PostgreSQL uses a session advisory lock (released if the process dies); other
        databases use a lock row with a lease, renewed by `Leadership.renew`.
        """
        if self.dialect == "postgresql":
            with self.engine.connect() as conn:
                key = _lock_key(name)
                got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
                conn.commit()
                if not got:
                    yield None
                    return
                try:
                    yield _AdvisoryLeadership(self, name, "", lease)
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
            return
        holder = uuid.uuid4().hex
        if not self._acquire_lock(name, holder, now, now + lease):
            yield None
            return
        try:
            yield Leadership(self, name, holder, lease)
        finally:
            with self.engine.begin() as conn:
                conn.execute(
                    delete(leader_table).where(
                        leader_table.c.name == name, leader_table.c.holder == holder
                    )
                )

    def _acquire_lock(self, name: str, holder: str, now: datetime, expires: datetime) -> bool:
        lt = leader_table
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(lt)
                .where(lt.c.name == name, or_(lt.c.expires_at <= now, lt.c.holder == holder))
                .values(holder=holder, expires_at=expires)
            ).rowcount
            if taken:
                return True
            return _insert_ignore(conn, lt, {"name": name, "holder": holder, "expires_at": expires})

    def _renew_lock(self, name: str, holder: str, expires: datetime) -> bool:
        lt = leader_table
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    update(lt)
                    .where(lt.c.name == name, lt.c.holder == holder)
                    .values(expires_at=expires)
                ).rowcount
            )


def _serialize_sqlite_writes(engine: Engine) -> None:
    """Start every SQLite transaction with BEGIN IMMEDIATE.

    pysqlite's default deferred transactions let two writers both read, then fail to upgrade
    their lock ("database is locked") without waiting; IMMEDIATE takes the write lock up
    front so concurrent schedulers queue on the busy timeout instead.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """INSERT unless a UNIQUE key already exists; True if this call inserted the row."""
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        try:
            with conn.begin_nested():
                conn.execute(insert(table).values(**values))
        except IntegrityError:
            return False
        return True
    stmt = dialect_insert(table).values(**values).on_conflict_do_nothing()
    # RETURNING tells inserted from skipped on every driver (rowcount is -1 with RETURNING).
    return conn.execute(stmt.returning(*table.primary_key.columns)).first() is not None


def _owned(claim: Claim) -> tuple[Any, ...]:
    d = deliveries_table
    return (d.c.id == claim.delivery_id, d.c.claim_token == claim.token, d.c.status == CLAIMED)


def _get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta_table.c.value).where(meta_table.c.key == key)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    _insert_ignore(conn, meta_table, {"key": key, "value": value})


def _subscription(row: Any) -> Subscription:
    return Subscription(
        id=row.id,
        platform=row.platform,
        channel=row.channel,
        query=row.query,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.id,
        posting_id=row.posting_id,
        platform=row.platform,
        channel=row.channel,
        status=row.status,
        revision=row.revision,
        attempts=row.attempts,
        last_error=row.last_error,
        claimed_at=row.claimed_at,
        next_attempt_at=row.next_attempt_at,
        delivered_at=row.delivered_at,
    )
