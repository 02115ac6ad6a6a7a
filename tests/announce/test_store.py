"""The store: schema and upgrades, the claim protocol, posting diffs, the leader lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    insert,
)

from jobbot.announce.database import StoreError, normalize_url
from jobbot.announce.schema import DONE, FAILED, SCHEMA_VERSION
from jobbot.announce.store import Store
from jobbot.models import Posting
from tests.support.announce_doubles import START

LEASE = timedelta(minutes=10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.close()


def posting(pid: str, content_hash: str = "h1") -> Posting:
    return Posting(id=pid, title=pid.title(), source=pid, content_hash=content_hash)


def claim(store: Store, pid: str, *, minutes: float = 0, revision: int = 0, **kw: bool):
    return store.claim(
        pid,
        "slack",
        "C1",
        revision=revision,
        now=START + timedelta(minutes=minutes),
        lease=LEASE,
        **kw,
    )


def test_fresh_database_gets_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "fresh.db"
    store = Store(f"sqlite:///{path}")
    assert path.exists()
    assert store.schema_version() == SCHEMA_VERSION
    store.close()
    # Opening again is a no-op, not a second create.
    again = Store(f"sqlite:///{path}")
    assert again.schema_version() == SCHEMA_VERSION
    again.close()


V1_SCHEMA = """
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform VARCHAR(32) NOT NULL, channel VARCHAR(128) NOT NULL,
    query TEXT NOT NULL, query_key VARCHAR(512) NOT NULL,
    created_by VARCHAR(128), created_at DATETIME NOT NULL,
    CONSTRAINT uq_subscription UNIQUE (platform, channel, query_key));
CREATE TABLE seen_postings (
    posting_id VARCHAR(512) PRIMARY KEY, content_hash VARCHAR(128) NOT NULL,
    title TEXT NOT NULL DEFAULT '', first_seen DATETIME NOT NULL, last_seen DATETIME NOT NULL);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    posting_id VARCHAR(512) NOT NULL, platform VARCHAR(32) NOT NULL,
    channel VARCHAR(128) NOT NULL, status VARCHAR(16) NOT NULL,
    claimed_at DATETIME NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    delivered_at DATETIME,
    CONSTRAINT uq_delivery UNIQUE (posting_id, platform, channel));
INSERT INTO subscriptions (platform, channel, query, query_key, created_by, created_at)
    VALUES ('slack', 'C1', 'backend remote', 'backend remote', 'U1', '2026-01-05 10:00:00.000000');
INSERT INTO seen_postings VALUES
    ('old.md', 'aaa', 'Old Job', '2026-01-01 08:00:00.000000', '2026-01-06 08:00:00.000000');
INSERT INTO deliveries (posting_id, platform, channel, status, claimed_at, created_at,
                        updated_at, delivered_at)
    VALUES ('old.md', 'slack', 'C1', 'done', '2026-01-06 08:00:00.000000',
            '2026-01-06 08:00:00.000000', '2026-01-06 08:00:01.000000',
            '2026-01-06 08:00:01.000000');
"""


def test_v1_database_upgrades_in_place_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as raw:
        raw.executescript(V1_SCHEMA)

    assert_upgraded_with_rows(Store(f"sqlite:///{path}"))


def create_v1_with_rows(url: str) -> None:
    """The v1 schema again, through SQLAlchemy Core so it works on any database."""
    md = MetaData()
    subs = Table(
        "subscriptions",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("platform", String(32), nullable=False),
        Column("channel", String(128), nullable=False),
        Column("query", Text, nullable=False),
        Column("query_key", String(512), nullable=False),
        Column("created_by", String(128)),
        Column("created_at", DateTime, nullable=False),
        UniqueConstraint("platform", "channel", "query_key"),
    )
    seen = Table(
        "seen_postings",
        md,
        Column("posting_id", String(512), primary_key=True),
        Column("content_hash", String(128), nullable=False),
        Column("title", Text, nullable=False),
        Column("first_seen", DateTime, nullable=False),
        Column("last_seen", DateTime, nullable=False),
    )
    deliveries = Table(
        "deliveries",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("posting_id", String(512), nullable=False),
        Column("platform", String(32), nullable=False),
        Column("channel", String(128), nullable=False),
        Column("status", String(16), nullable=False),
        Column("claimed_at", DateTime, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("updated_at", DateTime, nullable=False),
        Column("delivered_at", DateTime),
        UniqueConstraint("posting_id", "platform", "channel"),
    )
    engine = create_engine(normalize_url(url))
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(subs).values(
                platform="slack",
                channel="C1",
                query="backend remote",
                query_key="backend remote",
                created_by="U1",
                created_at=datetime(2026, 1, 5, 10, 0),
            )
        )
        conn.execute(
            insert(seen).values(
                posting_id="old.md",
                content_hash="aaa",
                title="Old Job",
                first_seen=datetime(2026, 1, 1, 8, 0),
                last_seen=datetime(2026, 1, 6, 8, 0),
            )
        )
        at = datetime(2026, 1, 6, 8, 0)
        conn.execute(
            insert(deliveries).values(
                posting_id="old.md",
                platform="slack",
                channel="C1",
                status="done",
                claimed_at=at,
                created_at=at,
                updated_at=at,
                delivered_at=at,
            )
        )
    engine.dispose()


def test_v1_postgresql_database_upgrades_in_place_and_keeps_rows(postgres_url: str) -> None:
    create_v1_with_rows(postgres_url)
    assert_upgraded_with_rows(Store(postgres_url))


def assert_upgraded_with_rows(store: Store) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    [sub] = store.subscriptions()
    assert (sub.id, sub.channel, sub.query, sub.created_by) == (1, "C1", "backend remote", "U1")
    assert sub.created_at.isoformat() == "2026-01-05T10:00:00+00:00"
    seen = store.seen_postings()["old.md"]
    assert (seen.content_hash, seen.revision, seen.removed_at) == ("aaa", 0, None)
    assert (seen.is_open, seen.origin, seen.missed_syncs) == (True, "", 0)
    [delivery] = store.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DONE, 1, None)
    assert delivery.message_id is None  # sent before message ids were recorded
    # What v1 delivered stays delivered: no second claim after the upgrade.
    assert claim(store, "old.md") is None
    # And the new columns work on old rows.
    report = store.sync_postings([posting("old.md", "bbb")], START)
    assert report.edited == ["old.md"]
    assert store.seen_postings()["old.md"].revision == 1
    fresh = claim(store, "new.md")
    assert fresh is not None
    assert store.record_failure([fresh], "HTTP 500", START) == 1
    store.close()


def test_database_from_a_newer_jobbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="v99, newer than this jobbot"):
        Store(f"sqlite:///{path}")


def test_unreachable_database_error_hides_the_password() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgresql://bot:hunter2secret@127.0.0.1:1/jobbot?connect_timeout=2")
    assert "hunter2secret" not in str(info.value)
    assert "cannot open database" in str(info.value)


def test_database_in_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store(f"sqlite:///{blocker / 'sub' / 'jobbot.db'}")


def test_invalid_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="invalid database URL"):
        Store("not a url")


def test_heroku_style_postgres_urls_use_psycopg() -> None:
    assert normalize_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_a_standing_claim_blocks_every_other_claim(store: Store) -> None:
    first = claim(store, "p1")
    assert first is not None
    assert claim(store, "p1", minutes=9) is None
    assert [d.status for d in store.deliveries()] == ["claimed"]


def test_an_abandoned_claim_is_taken_over_after_the_lease(store: Store) -> None:
    first = claim(store, "p1")
    second = claim(store, "p1", minutes=10)
    assert first is not None
    assert second is not None
    assert second.token != first.token
    # The crashed sender's token no longer counts: it cannot finish someone else's claim.
    assert store.mark_done([first], START) == 0
    assert store.mark_done([second], START + timedelta(minutes=11)) == 1
    [delivery] = store.deliveries()
    assert delivery.status == DONE
    assert delivery.attempts == 1
    assert claim(store, "p1", minutes=60) is None


def test_retry_waits_until_due_and_failed_is_final(store: Store) -> None:
    c = claim(store, "p1")
    store.record_failure([c], "server error 500", START)
    store.mark_retry([c], START, START + timedelta(minutes=5))
    assert claim(store, "p1", minutes=4) is None
    again = claim(store, "p1", minutes=5)
    assert again is not None
    store.record_failure([again], "channel_not_found", START + timedelta(minutes=5))
    store.mark_failed([again], START + timedelta(minutes=5))
    [delivery] = store.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        FAILED,
        2,
        "channel_not_found",
    )
    assert claim(store, "p1", minutes=500) is None


def test_long_errors_are_cut_when_recorded(store: Store) -> None:
    c = claim(store, "p1")
    store.record_failure([c], "x" * 5000, START)
    assert len(store.deliveries()[0].last_error or "") == 500


def test_edits_are_reclaimed_only_when_reannouncing(store: Store) -> None:
    store.mark_done([claim(store, "p1")], START)
    assert claim(store, "p1", minutes=1, revision=1) is None
    again = claim(store, "p1", minutes=1, revision=1, reannounce=True)
    assert again is not None
    store.mark_done([again], START + timedelta(minutes=1))
    assert claim(store, "p1", minutes=2, revision=1, reannounce=True) is None
    assert store.deliveries()[0].revision == 1


def test_sync_reports_new_edited_removed_and_restored(store: Store) -> None:
    directory = {"dir:/k": 1}  # a directory: a file gone was removed

    def sync(postings: list[Posting], at: datetime):
        for p in postings:
            p.origin = "dir:/k"
        return store.sync_postings(postings, at, sources=directory)

    first = sync([posting("a"), posting("b")], START)
    assert first.first_sync
    assert sorted(first.new) == ["a", "b"]

    later = START + timedelta(minutes=5)
    second = sync([posting("a", "h2"), posting("c")], later)
    assert not second.first_sync
    assert (second.new, second.edited, second.removed) == (["c"], ["a"], ["b"])
    seen = store.seen_postings()
    assert seen["a"].first_seen == START
    assert seen["a"].revision == 1
    assert seen["b"].removed_at == later

    third = sync([posting("a", "h2"), posting("b"), posting("c")], later)
    assert third.restored == ["b"]
    assert store.seen_postings()["b"].removed_at is None
    assert store.first_sync_at() == START


def test_duplicate_subscriptions_ignore_case_and_spacing(store: Store) -> None:
    sub, created = store.add_subscription("slack", "C1", "Backend  Remote", "U1", START)
    same, again = store.add_subscription("slack", "C1", "backend remote", "U2", START)
    other, elsewhere = store.add_subscription("slack", "C2", "backend remote", "U2", START)
    assert (created, again, elsewhere) == (True, False, True)
    assert same.id == sub.id
    assert other.id != sub.id


def test_unsubscribe_only_touches_the_same_channel(store: Store) -> None:
    sub, _ = store.add_subscription("slack", "C1", "python", "U1", START)
    assert store.remove_subscription("slack", "C2", sub.id) is None
    assert store.remove_subscription("discord", "C1", sub.id) is None
    assert store.remove_subscription("slack", "C1", sub.id) == sub
    assert store.subscriptions() == []


def test_leader_lock_is_exclusive_until_released_or_expired(store: Store) -> None:
    lease = timedelta(minutes=5)
    with store.leader("announcer", START, lease) as lead:
        assert lead is not None
        with store.leader("announcer", START + timedelta(minutes=4), lease) as other:
            assert other is None
        assert lead.renew(START + timedelta(minutes=4))
        with store.leader("announcer", START + timedelta(minutes=8), lease) as other:
            assert other is None  # renewed to 09:09
        with store.leader("announcer", START + timedelta(minutes=9), lease) as other:
            assert other is not None  # the first holder stopped renewing: taken over
        assert not lead.renew(START + timedelta(minutes=9))
    with store.leader("announcer", START, lease) as fresh:
        assert fresh is not None


def test_a_column_added_to_a_table_is_added_to_an_existing_database(tmp_path: Path) -> None:
    """Additive schema changes need no upgrade step: existing rows get the column's default."""
    from sqlalchemy import Column, Integer, Text

    from jobbot.announce import schema

    url = f"sqlite:///{tmp_path / 'grow.db'}"
    store = Store(url)
    store.add_subscription("slack", "C1", "golang", "U1", datetime.now(UTC))
    store.close()
    extra = [
        Column("note_for_test", Text),
        Column("count_for_test", Integer, nullable=False, server_default="7"),
    ]
    for column in extra:
        schema.subscriptions_table.append_column(column)
    try:
        reopened = Store(url)
        with reopened.engine.connect() as conn:
            row = conn.execute(schema.subscriptions_table.select()).one()
        reopened.close()
        assert (row.note_for_test, row.count_for_test) == (None, 7)
    finally:
        for column in extra:
            schema.subscriptions_table._columns.remove(column)
