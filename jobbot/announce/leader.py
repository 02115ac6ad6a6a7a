"""The leader lock: at most one scheduler announces at a time.

PostgreSQL gives a session advisory lock, which the server drops when the holder's
connection dies, so nothing needs renewing. SQLite has no such lock, so a row in
`leader_locks` carries a lease: the holder renews it while it works, and a crashed
holder's lease simply runs out. The UNIQUE delivery claim backs the lock up either way.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from jobbot.announce.database import advisory_key, insert_ignore
from jobbot.announce.schema import leader_table

log = logging.getLogger(__name__)


class Leadership:
    """Held while one scheduler may announce; `renew` keeps a lease-based lock alive."""

    def __init__(self, engine: Engine, name: str, holder: str, lease: timedelta) -> None:
        self._engine = engine
        self._name = name
        self._holder = holder
        self._lease = lease

    def renew(self, now: datetime) -> bool:
        """Extend the lease; False if another scheduler took the lock meanwhile."""
        return _renew_lock(self._engine, self._name, self._holder, now + self._lease)


class _AdvisoryLeadership(Leadership):
    def renew(self, now: datetime) -> bool:
        return True  # a session lock lasts as long as its connection


@contextmanager
def leadership(
    engine: Engine, name: str, now: datetime, lease: timedelta, holder: str | None = None
) -> Iterator[Leadership | None]:
    """Be the one holder of lock `name`, or get None if another holds it.

    PostgreSQL uses a session advisory lock (released if the process dies); other
    databases use a lock row with a lease, renewed by `Leadership.renew`. A process passes
    the same `holder` every time, so a lock it failed to release (the database refused the
    delete) is its own to take again at once, not a rival's to wait out.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            key = advisory_key(name)
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            conn.commit()
            if not got:
                yield None
                return
            try:
                yield _AdvisoryLeadership(engine, name, "", lease)
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        return
    holder = holder or uuid.uuid4().hex
    if not _acquire_lock(engine, name, holder, now, now + lease):
        yield None
        return
    try:
        yield Leadership(engine, name, holder, lease)
    finally:
        try:
            with engine.begin() as conn:
                conn.execute(
                    delete(leader_table).where(
                        leader_table.c.name == name, leader_table.c.holder == holder
                    )
                )
        except SQLAlchemyError as exc:  # the lease runs out; this holder may take it again
            log.warning("could not release the %s lock: %s", name, exc)


def lock_expiry(engine: Engine, name: str) -> datetime | None:
    """When a lease-based lock runs out (None when free, or a PostgreSQL advisory lock,
    which a dead holder's server session drops at once)."""
    if engine.dialect.name == "postgresql":
        return None
    lt = leader_table
    with engine.connect() as conn:
        return conn.execute(select(lt.c.expires_at).where(lt.c.name == name)).scalar()


def _acquire_lock(engine: Engine, name: str, holder: str, now: datetime, expires: datetime) -> bool:
    lt = leader_table
    with engine.begin() as conn:
        taken = conn.execute(
            update(lt)
            .where(lt.c.name == name, or_(lt.c.expires_at <= now, lt.c.holder == holder))
            .values(holder=holder, expires_at=expires)
        ).rowcount
        if taken:
            return True
        return insert_ignore(conn, lt, {"name": name, "holder": holder, "expires_at": expires})


def _renew_lock(engine: Engine, name: str, holder: str, expires: datetime) -> bool:
    lt = leader_table
    with engine.begin() as conn:
        return bool(
            conn.execute(
                update(lt)
                .where(lt.c.name == name, lt.c.holder == holder)
                .values(expires_at=expires)
            ).rowcount
        )
