"""What the scheduler's leader fetched from each remote source, kept for every process.

One row per source in `source_status` (last successful sync, postings, last error, and the
`revision` bots watch), and its postings in `source_postings`. A failed sync leaves the
postings as they were; so does an empty one where there were postings before, which is
recorded as a problem instead (a board answering `[]` for a moment must not look like
every opening closed). `claim_due` is how several schedulers on one database fetch each
source once per interval: only the conditional update that moves `next_due_at` wins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Engine, and_, delete, insert, or_, select, update

from jobbot.announce.database import from_row, insert_ignore
from jobbot.announce.schema import source_postings_table, source_status_table
from jobbot.announce.store import guarded
from jobbot.models import Posting
from jobbot.sources.specs import SourceSpec

MAX_ERROR_CHARS: Final = 500
FIRST_RETRY: Final = 60.0


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """How one source's syncs went."""

    key: str
    kind: str
    ident: str
    revision: int
    syncs: int
    failures: int
    postings: int
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_changed_at: datetime | None
    next_due_at: datetime | None
    last_error: str | None

    @property
    def failing(self) -> bool:
        """The last attempt failed (or came back empty): its postings are the last good ones."""
        return self.failures > 0


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What one sync of one source did."""

    key: str
    ok: bool
    changed: bool = False
    postings: int = 0
    error: str | None = None


@guarded
def statuses(engine: Engine, keys: Sequence[str] | None = None) -> dict[str, SourceStatus]:
    """Every source's status row (only `keys` when given)."""
    t = source_status_table
    stmt = select(t)
    if keys is not None:
        stmt = stmt.where(t.c.key.in_(list(keys)))
    with engine.connect() as conn:
        return {row.key: from_row(SourceStatus, row) for row in conn.execute(stmt)}


@guarded
def revisions(engine: Engine, keys: Sequence[str]) -> str:
    """A digest of the sources' revisions: moves exactly when their stored postings do."""
    t = source_status_table
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.key, t.c.revision).where(t.c.key.in_(list(keys)))).all()
    text = "\n".join(f"{key}\0{revision}" for key, revision in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()


@guarded
def claim_due(engine: Engine, spec: SourceSpec, now: datetime, *, force: bool = False) -> bool:
    """Take this source's fetch for the interval starting now; False when another process
    already has (or it is not due yet and `force` is not set)."""
    t = source_status_table
    with engine.begin() as conn:
        insert_ignore(conn, t, {"key": spec.key, "kind": spec.kind, "ident": spec.ident})
        due = or_(t.c.next_due_at.is_(None), t.c.next_due_at <= now)
        where = t.c.key == spec.key if force else and_(t.c.key == spec.key, due)
        taken = conn.execute(
            update(t)
            .where(where)
            .values(next_due_at=now + timedelta(seconds=spec.every), last_attempt_at=now)
        ).rowcount
    return bool(taken)


@guarded
def record_success(
    engine: Engine,
    spec: SourceSpec,
    postings: Sequence[Posting],
    now: datetime,
    *,
    unchanged: bool = False,
) -> SyncOutcome:
    """Store what a sync read; an empty read where there were postings is a problem."""
    t, p = source_status_table, source_postings_table
    mine = t.c.key == spec.key
    with engine.begin() as conn:
        row = conn.execute(select(t).where(mine)).one_or_none()
        if row is None:
            insert_ignore(conn, t, {"key": spec.key, "kind": spec.kind, "ident": spec.ident})
            row = conn.execute(select(t).where(mine)).one()
        if not postings and row.postings and not unchanged:
            message = (
                f"returned no postings where it had {row.postings}; kept them "
                "(an empty answer is not taken as every opening closing)"
            )
            _failed(conn, spec, message, now, row.failures, None)
            return SyncOutcome(spec.key, False, error=message)
        values: dict[str, Any] = {
            "syncs": t.c.syncs + 1,
            "failures": 0,
            "last_error": None,
            "last_success_at": now,
        }
        changed = False
        if not unchanged:
            stored = [
                (r.posting_id, r.content_hash)
                for r in conn.execute(
                    select(p.c.posting_id, p.c.content_hash)
                    .where(p.c.origin == spec.key)
                    .order_by(p.c.position)
                )
            ]
            unique = _unique(postings)
            fresh = [(posting.id, posting.content_hash) for posting in unique]
            if stored != fresh:
                changed = True
                conn.execute(delete(p).where(p.c.origin == spec.key))
                rows = [
                    {
                        "origin": spec.key,
                        "posting_id": posting.id,
                        "position": position,
                        "content_hash": posting.content_hash,
                        "data": posting.model_dump_json(),
                    }
                    for position, posting in enumerate(unique)
                ]
                if rows:
                    conn.execute(insert(p), rows)
                values.update(revision=t.c.revision + 1, last_changed_at=now, postings=len(rows))
        conn.execute(update(t).where(mine).values(**values))
        count = conn.execute(select(t.c.postings).where(mine)).scalar() or 0
    return SyncOutcome(spec.key, True, changed=changed, postings=int(count))


@guarded
def record_failure(
    engine: Engine, spec: SourceSpec, error: str, now: datetime, retry_after: float | None = None
) -> SyncOutcome:
    """Keep the source's postings; note the error and when to try again (backing off)."""
    t = source_status_table
    with engine.begin() as conn:
        insert_ignore(conn, t, {"key": spec.key, "kind": spec.kind, "ident": spec.ident})
        failures = conn.execute(select(t.c.failures).where(t.c.key == spec.key)).scalar() or 0
        _failed(conn, spec, error, now, int(failures), retry_after)
    return SyncOutcome(spec.key, False, error=error[:MAX_ERROR_CHARS])


def _failed(
    conn: Any, spec: SourceSpec, error: str, now: datetime, failures: int, retry_after: float | None
) -> None:
    """Count the failure; retry after 1, 2, 4 … minutes, never later than the interval and
    never sooner than the server asked."""
    wait = min(spec.every, FIRST_RETRY * 2**failures)
    if retry_after is not None:
        wait = max(wait, retry_after)
    t = source_status_table
    conn.execute(
        update(t)
        .where(t.c.key == spec.key)
        .values(
            failures=t.c.failures + 1,
            last_error=error[:MAX_ERROR_CHARS],
            next_due_at=now + timedelta(seconds=wait),
        )
    )


@guarded
def stored_postings(engine: Engine, keys: Sequence[str]) -> list[Posting]:
    """The postings of the sources, in `keys` order and each source's own order."""
    p = source_postings_table
    with engine.connect() as conn:
        rows = conn.execute(
            select(p.c.origin, p.c.data)
            .where(p.c.origin.in_(list(keys)))
            .order_by(p.c.origin, p.c.position)
        ).all()
    by_origin: dict[str, list[Posting]] = {}
    for origin, data in rows:
        by_origin.setdefault(origin, []).append(Posting.model_validate_json(data))
    return [posting for key in keys for posting in by_origin.get(key, [])]


@guarded
def sync_counts(engine: Engine) -> dict[str, int]:
    """Successful syncs per source key: a posting missing from a source is missing "on two
    successful syncs" when this moved twice while it stayed away."""
    t = source_status_table
    with engine.connect() as conn:
        return {key: int(syncs) for key, syncs in conn.execute(select(t.c.key, t.c.syncs))}


def _unique(postings: Sequence[Posting]) -> list[Posting]:
    seen: set[str] = set()
    kept = []
    for posting in postings:
        if posting.id not in seen:
            seen.add(posting.id)
            kept.append(posting)
    return kept
