"""The store's tables, their schema version, and the in-code path from older versions.

One place says what the database looks like, so an upgrade step can be read next to the
tables it changes. Opening a database creates it at the current version, or upgrades an
older one in place, keeping its rows; a newer one is refused rather than misread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
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
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)

from jobbot.announce.database import StoreError, advisory_key

log = logging.getLogger(__name__)

SCHEMA_VERSION: Final = 2
"""v1 tracked postings and deliveries only; v2 adds revisions, removals, retry bookkeeping
(attempts, last error, next attempt), claim tokens, the leader lock and store metadata."""

DeliveryStatus = Literal["claimed", "done", "retry", "failed"]
"""The values of `deliveries.status`."""
CLAIMED: Final = "claimed"
DONE: Final = "done"
RETRY: Final = "retry"
FAILED: Final = "failed"


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
    Column("removed_at", UTCDateTime()),  # when it closed (any reason); None while open
    # Postings that end (issue 12): where it came from, when it says it closes, how many
    # successful syncs of its source in a row lacked it, why it closed, and its last content
    # (so an announcement can be edited after the file is gone).
    Column("origin", String(512), nullable=False, server_default=""),
    Column("valid_through", String(10)),
    Column("missed_syncs", Integer, nullable=False, server_default="0"),
    Column("closed_reason", String(16)),
    Column("data", Text),
    # The source's sync mark when the last miss was counted: a miss counts once per sync.
    Column("missed_mark", Integer),
    # When it last closed or reopened: sent messages showing it may need an edit since.
    Column("state_changed_at", UTCDateTime()),
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
    # The announcement message this delivery went out in (or is being sent in): see
    # `announcement_messages` below.
    Column("message_id", Integer),
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


UPGRADES: Final[dict[int, Callable[[Connection], None]]] = {1: _upgrade_1_to_2}
"""`UPGRADES[n]` turns a version-n database into version n+1."""


def ensure_schema(engine: Engine, safe_url: str) -> None:
    """Create the tables, or bring an older database up to `SCHEMA_VERSION` in place.

    `safe_url` (no password) names the database in the log and in the `StoreError` raised
    when the database is newer than this jobbot.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes starting together must not both create or upgrade.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": advisory_key("schema")})
        tables = set(inspect(conn).get_table_names())
        if "schema_version" in tables:
            version = schema_version(conn)
        elif tables & {"subscriptions", "deliveries", "seen_postings"}:
            version = 1  # v1 predates the version table
        else:
            version = None
        if version is None:
            metadata.create_all(conn)
            conn.execute(insert(schema_version_table).values(version=SCHEMA_VERSION))
            return
        if version == SCHEMA_VERSION:
            metadata.create_all(conn)
            add_missing_columns(conn)
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"database {safe_url} has schema v{version}, newer than this jobbot "
                f"(v{SCHEMA_VERSION}); upgrade jobbot"
            )
        start = version
        while version < SCHEMA_VERSION:
            UPGRADES[version](conn)
            version += 1
        metadata.create_all(conn)  # tables added since, e.g. leader_locks
        add_missing_columns(conn)
        conn.execute(delete(schema_version_table))
        conn.execute(insert(schema_version_table).values(version=SCHEMA_VERSION))
        if start != SCHEMA_VERSION:
            log.info("upgraded %s from schema v%d to v%d", safe_url, start, version)


def add_missing_columns(conn: Connection) -> list[str]:
    """Add every column the tables here declare that the database lacks; their names.

    Additive changes need no upgrade step and no version bump: a new table is created by
    `create_all`, a new column here. So a new column must be nullable or carry a
    `server_default`, which fills it on rows that already exist. Upgrades (`UPGRADES`) are
    for changes that move data.
    """
    inspector = inspect(conn)
    present_tables = set(inspector.get_table_names())
    added: list[str] = []
    for table in metadata.sorted_tables:
        if table.name not in present_tables:
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            ddl = f"{column.name} {column.type.compile(dialect=conn.dialect)}"
            default = column.server_default
            if default is not None:
                value = getattr(default, "arg", default)
                value = getattr(value, "text", value)
                ddl += f" DEFAULT {value if str(value).lstrip('-').isdigit() else repr(str(value))}"
                if not column.nullable:
                    ddl += " NOT NULL"
            elif not column.nullable:
                raise StoreError(
                    f"{table.name}.{column.name} is NOT NULL without a server_default, so it "
                    "cannot be added to existing rows; give it a server_default"
                )
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")
            added.append(f"{table.name}.{column.name}")
    if added:
        log.info("added columns %s", ", ".join(added))
    return added


def schema_version(conn: Connection) -> int | None:
    """The version recorded in the database (None in a `schema_version` table left empty)."""
    return conn.execute(select(func.max(schema_version_table.c.version))).scalar()


# -- Announcement messages (issues 12 and 15): exactly-once sends and edits in place -------

MESSAGE_SENDING: Final = "sending"
"""Written before the send: if the process dies, the message may or may not have arrived."""
MESSAGE_SENT: Final = "sent"
MESSAGE_UNSENT: Final = "unsent"
"""The platform refused it, or a look showed it never arrived: its postings went back."""

messages_table = Table(
    "announcement_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("channel", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("posting_ids", Text, nullable=False),  # JSON list, in the order shown
    Column("query", Text, nullable=False, server_default=""),
    Column("ref", Text),  # JSON list of the platform's message ids (Slack ts, Discord ids)
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Column("shown_closed", Text, nullable=False, server_default="[]"),  # JSON list of ids
    Column("edited_at", UTCDateTime()),
    Column("checked_at", UTCDateTime()),  # last found in step with its postings (or edited)
    Column("edit_attempts", Integer, nullable=False, server_default="0"),
    Column("edit_error", Text),
    Column("next_edit_at", UTCDateTime()),
    Column("edit_failed_at", UTCDateTime()),
    # A personal alert's DM (issue 14): its scheduled digest kind, drawn again on recovery.
    Column("digest", String(16)),
)


# -- remote sources (issue 11): what the scheduler's leader read from each job board --------

source_status_table = Table(
    "source_status",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("ident", String(200), nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("syncs", Integer, nullable=False, server_default="0"),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("postings", Integer, nullable=False, server_default="0"),
    Column("last_attempt_at", UTCDateTime()),
    Column("last_success_at", UTCDateTime()),
    Column("last_changed_at", UTCDateTime()),
    Column("next_due_at", UTCDateTime()),
    Column("last_error", Text),
)
"""One row per source: `revision` moves whenever its stored postings change (the bots'
cheap reload check), `syncs` counts successful syncs, `failures` the failed ones in a row."""

source_postings_table = Table(
    "source_postings",
    metadata,
    Column("origin", String(200), primary_key=True),
    Column("posting_id", String(512), primary_key=True),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("content_hash", String(64), nullable=False, server_default=""),
    Column("data", Text, nullable=False),
)
"""The postings of each source's last good sync, as `Posting` JSON, in the source's order."""

# -- personal alerts and each member's own list (issue 14; jobbot/announce/alerts.py,
# tracking.py, privacy.py). A member is (platform, member id); their DMs are ordinary
# deliveries whose channel is `dm:<member id>` (jobbot/announce/dm.py).

alerts_table = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("member", String(128), nullable=False),
    Column("query", Text, nullable=False),
    Column("query_key", String(512), nullable=False),
    Column("frequency", String(16), nullable=False, server_default="instant"),
    Column("hour", Integer, nullable=False, server_default="9"),
    Column("weekday", Integer, nullable=False, server_default="0"),
    Column("tz", String(64), nullable=False, server_default="UTC"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_digest_at", UTCDateTime()),
    UniqueConstraint("platform", "member", "query_key", name="uq_alert"),
)

alert_members_table = Table(
    "alert_members",
    metadata,
    Column("platform", String(32), primary_key=True),
    Column("member", String(128), primary_key=True),
    Column("paused_at", UTCDateTime()),
    Column("paused_reason", Text),
    Column("notice_pending", Integer, nullable=False, server_default="0"),
)

member_postings_table = Table(
    "member_postings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("member", String(128), nullable=False),
    Column("posting_id", String(512), nullable=False),
    Column("status", String(16), nullable=False),
    Column("title", Text, nullable=False, server_default=""),
    Column("company", Text),
    Column("url", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("platform", "member", "posting_id", name="uq_member_posting"),
)

hidden_companies_table = Table(
    "hidden_companies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("member", String(128), nullable=False),
    Column("company_key", String(256), nullable=False),
    Column("company", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("platform", "member", "company_key", name="uq_hidden_company"),
)


# -- FAQ feedback (issue 13): questions the FAQ missed, ratings of its answers, and phrasings
# an admin taught. Additive tables: no upgrade step (see `add_missing_columns`).

faq_misses_table = Table(
    "faq_misses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_key", String(512), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("best_entry", String(128)),
    Column("count", Integer, nullable=False, server_default="0"),
    Column("first_asked", UTCDateTime(), nullable=False),
    Column("last_asked", UTCDateTime(), nullable=False),
    UniqueConstraint("question_key", "platform", name="uq_faq_miss"),
)

faq_ratings_table = Table(
    "faq_ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_id", String(128), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("rater", String(128), nullable=False),
    Column("question", Text, nullable=False, server_default=""),
    Column("helpful", Integer, nullable=False),
    Column("rated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("entry_id", "platform", "rater", name="uq_faq_rating"),
)

faq_phrasings_table = Table(
    "faq_phrasings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_id", String(128), nullable=False),
    Column("phrasing", Text, nullable=False),
    Column("phrasing_key", String(512), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("taught_by", String(128)),
    Column("taught_at", UTCDateTime(), nullable=False),
    UniqueConstraint("entry_id", "phrasing_key", name="uq_faq_phrasing"),
)
