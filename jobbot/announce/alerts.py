"""Personal alerts in the database: each member's standing queries and whether they can be
messaged at all.

Works beside `Store` on the same SQLAlchemy engine (tables in `schema.py`), and raises only
`StoreError`. A member who cannot be sent a DM is *paused* (all their alerts, since every
alert reaches them the same way) with a notice waiting to be shown the next time they use
the bot; they turn alerts back on with `alerts resume` or by setting a new alert.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, update

from jobbot.announce.database import from_row, insert_ignore, take_row
from jobbot.announce.digests import AlertSpec, Frequency
from jobbot.announce.dm import DM_PREFIX
from jobbot.announce.schema import (
    CLAIMED,
    DONE,
    FAILED,
    RETRY,
    alert_members_table,
    alerts_table,
    deliveries_table,
)
from jobbot.announce.store import Store, guarded, query_key


@dataclass(frozen=True, slots=True)
class Alert:
    """A member's standing query and when its matches reach them."""

    id: int
    platform: str
    member: str
    query: str
    frequency: Frequency
    hour: int
    weekday: int
    tz: str
    created_at: datetime
    last_digest_at: datetime | None


@dataclass(frozen=True, slots=True)
class MemberState:
    """Whether a member's alerts are paused, why, and whether they still need telling."""

    platform: str
    member: str
    paused_at: datetime | None
    paused_reason: str | None
    notice_pending: int


@dataclass(frozen=True, slots=True)
class AlertCounts:
    """For `jobbot scheduler --status`."""

    alerts: Counter[str]
    members: int
    paused: int
    dms: Counter[str]


class AlertStore:
    """Alerts and member state, over a `Store`'s database; safe to share between threads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- alerts ---------------------------------------------------------------------------

    @guarded
    def add(
        self, platform: str, member: str, spec: AlertSpec, tz: str, now: datetime
    ) -> tuple[Alert, bool]:
        """Save an alert; the same query again updates its timing. Returns (alert, is new)."""
        a = alerts_table
        key = query_key(spec.query)
        timing = {"frequency": spec.frequency, "hour": spec.hour, "weekday": spec.weekday, "tz": tz}
        values = {
            "platform": platform,
            "member": member,
            "query": spec.query,
            "query_key": key,
            "created_at": now,
            **timing,
        }
        mine = and_(a.c.platform == platform, a.c.member == member, a.c.query_key == key)
        with self.engine.begin() as conn:
            created = insert_ignore(conn, a, values)
            if not created:
                conn.execute(update(a).where(mine).values(**timing))
            row = conn.execute(select(a).where(mine)).one()
        return from_row(Alert, row), created

    @guarded
    def alerts(self, platform: str | None = None, member: str | None = None) -> list[Alert]:
        """Alerts, oldest first, optionally of one platform or member."""
        a = alerts_table
        stmt = select(a).order_by(a.c.id)
        if platform is not None:
            stmt = stmt.where(a.c.platform == platform)
        if member is not None:
            stmt = stmt.where(a.c.member == member)
        with self.engine.connect() as conn:
            return [from_row(Alert, row) for row in conn.execute(stmt)]

    @guarded
    def remove(self, platform: str, member: str, alert_id: int) -> Alert | None:
        """Delete one of this member's alerts; None if they have no such id."""
        a = alerts_table
        where = and_(a.c.id == alert_id, a.c.platform == platform, a.c.member == member)
        with self.engine.begin() as conn:
            row = take_row(conn, a, where)
        return from_row(Alert, row) if row is not None else None

    @guarded
    def digest_sent(self, alert_ids: Collection[int], slot: datetime) -> None:
        """These digests have had their turn at `slot` (even when nothing matched)."""
        if not alert_ids:
            return
        a = alerts_table
        with self.engine.begin() as conn:
            conn.execute(update(a).where(a.c.id.in_(list(alert_ids))).values(last_digest_at=slot))

    # -- member state ---------------------------------------------------------------------

    @guarded
    def state(self, platform: str, member: str) -> MemberState | None:
        m = alert_members_table
        with self.engine.connect() as conn:
            row = conn.execute(
                select(m).where(m.c.platform == platform, m.c.member == member)
            ).one_or_none()
        return from_row(MemberState, row) if row is not None else None

    @guarded
    def paused(self) -> set[tuple[str, str]]:
        """(platform, member) of everyone whose alerts are paused."""
        m = alert_members_table
        with self.engine.connect() as conn:
            rows = conn.execute(select(m.c.platform, m.c.member).where(m.c.paused_at.is_not(None)))
            return {(row.platform, row.member) for row in rows}

    @guarded
    def pause(self, platform: str, member: str, reason: str, now: datetime) -> bool:
        """Stop a member's alerts (they cannot be messaged) and leave them a notice.
        False when they were paused already."""
        m = alert_members_table
        values = {"paused_at": now, "paused_reason": reason[:500], "notice_pending": 1}
        with self.engine.begin() as conn:
            if insert_ignore(conn, m, {"platform": platform, "member": member, **values}):
                return True
            return bool(
                conn.execute(
                    update(m)
                    .where(m.c.platform == platform, m.c.member == member)
                    .where(m.c.paused_at.is_(None))
                    .values(**values)
                ).rowcount
            )

    @guarded
    def resume(self, platform: str, member: str) -> bool:
        """Turn a member's alerts back on; False when they were not paused."""
        m = alert_members_table
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    update(m)
                    .where(m.c.platform == platform, m.c.member == member)
                    .where(m.c.paused_at.is_not(None))
                    .values(paused_at=None, paused_reason=None, notice_pending=0)
                ).rowcount
            )

    @guarded
    def take_notice(self, platform: str, member: str) -> MemberState | None:
        """The member's state if a notice waits for them, clearing it (one process wins)."""
        m = alert_members_table
        where = and_(m.c.platform == platform, m.c.member == member, m.c.notice_pending == 1)
        with self.engine.begin() as conn:
            row = conn.execute(select(m).where(where)).one_or_none()
            if row is None:
                return None
            taken = conn.execute(update(m).where(where).values(notice_pending=0)).rowcount
        return from_row(MemberState, row) if taken else None

    @guarded
    def leave_notice(self, platform: str, member: str) -> None:
        """Put a taken notice back (it could not be shown after all)."""
        m = alert_members_table
        with self.engine.begin() as conn:
            conn.execute(
                update(m)
                .where(m.c.platform == platform, m.c.member == member)
                .where(m.c.paused_at.is_not(None))
                .values(notice_pending=1)
            )

    # -- for the operator -----------------------------------------------------------------

    @guarded
    def counts(self) -> AlertCounts:
        """Alerts by frequency, members with alerts, paused members, and DMs by status."""
        a, m, d = alerts_table, alert_members_table, deliveries_table
        with self.engine.connect() as conn:
            alerts = Counter(
                {
                    row.frequency: int(row.n)
                    for row in conn.execute(
                        select(a.c.frequency, func.count().label("n")).group_by(a.c.frequency)
                    )
                }
            )
            members = int(
                conn.execute(
                    select(func.count()).select_from(
                        select(a.c.platform, a.c.member).distinct().subquery()
                    )
                ).scalar()
                or 0
            )
            paused = int(
                conn.execute(
                    select(func.count()).select_from(m).where(m.c.paused_at.is_not(None))
                ).scalar()
                or 0
            )
            dms = Counter(
                {
                    row.status: int(row.n)
                    for row in conn.execute(
                        select(d.c.status, func.count().label("n"))
                        .where(d.c.channel.like(f"{DM_PREFIX}%"))
                        .group_by(d.c.status)
                    )
                }
            )
        for status in (DONE, CLAIMED, RETRY, FAILED):
            dms.setdefault(status, 0)
        return AlertCounts(alerts, members, paused, dms)
