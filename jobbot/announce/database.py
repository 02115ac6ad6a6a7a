"""Opening the database and the few places SQLite and PostgreSQL differ.

Kept apart from the tables and the operations so that every module speaks to the database
the same way: one URL rule (Heroku-style `postgres://` accepted, psycopg 3 used), SQLite
writes serialised, one portable "insert unless it exists", and errors whose message never
carries the password.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, unquote_plus

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError

T = TypeVar("T")


class StoreError(Exception):
    """The database cannot be opened or used; the message is safe to show (no password)."""


# `scheme://user:password@host`: the password runs to the last `@` before the path.
_USERINFO = re.compile(r"(?P<head>\b[a-z][\w+.-]*://[^/:@\s]*:)(?P<password>[^/\s]*)@", re.I)
# `?password=…`, `&sslpassword=…`, libpq's `password=… ` (also passwd, pwd, passphrase).
_SECRET_PARAM = re.compile(
    r"(?P<key>\b(?:ssl)?pass(?:word|wd|phrase)?|\bpwd)=(?P<value>[^&;\s]*)", re.I
)
MASK = "***"


def safe_url(url: str) -> str:
    """`url` as it may be shown (logs, `scheduler --status`, errors): the password of
    `user:password@` and every password parameter (`?password=`, `?sslpassword=`) masked.
    Works on text that is not a valid URL too, and on messages that contain one."""
    masked = _USERINFO.sub(lambda m: f"{m['head']}{MASK}@", url)
    return _SECRET_PARAM.sub(lambda m: f"{m['key']}={MASK}", masked)


def _secrets(url: str) -> list[str]:
    """The secret values in `url`, as written and decoded, longest first; pieces of a
    password with an unescaped `@` too, since a driver may echo them as a host name."""
    found: list[str] = []
    for match in _USERINFO.finditer(url):
        password = match["password"]
        found += [password, unquote(password), *password.split("@")]
    for match in _SECRET_PARAM.finditer(url):
        found += [match["value"], unquote_plus(match["value"])]
    return sorted({s for s in found if len(s) >= 3}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (a driver's error message) with every secret of `url` masked."""
    for secret in _secrets(url):
        text = text.replace(secret, MASK)
    return safe_url(text)


def normalize_url(url: str) -> str:
    """Accept Heroku-style `postgres://` URLs and use psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def open_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url` (normalised); a bad URL or missing driver is a `StoreError`.

    A SQLite file's folder is created, and SQLite connections may be shared between threads
    and wait up to 30 s for a writer instead of failing at once.
    """
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {safe_url(url)}: {scrub(str(exc), url)}") from None
    kwargs: dict[str, Any] = {"echo": echo}
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {database}: {exc}") from None
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database {safe_url(url)}: {scrub(str(exc), url)}") from None
    if sqlite:
        _serialize_sqlite_writes(engine)
    return engine


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


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
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


def take_row(conn: Connection, table: Table, where: ColumnElement[bool]) -> Any | None:
    """Delete the row `where` picks and return it as it was; None when there is none
    (a member's alert, a channel's subscription, an item on a list, removed by its id)."""
    row = conn.execute(select(table).where(where)).one_or_none()
    if row is not None:
        conn.execute(delete(table).where(where))
    return row


def from_row(cls: type[T], row: Any) -> T:
    """A row dataclass (`Subscription`, `Alert`, …) filled from the database row's
    same-named columns: every store module reads its rows the same way."""
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})  # type: ignore[arg-type]


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's `pg_*advisory*lock` functions."""
    digest = hashlib.sha256(f"jobbot:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
