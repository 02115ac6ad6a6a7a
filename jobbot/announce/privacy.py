"""`forget me`: what jobbot stores about one member, and deleting all of it.

A member is (platform, member id). Stored about them: their alerts and whether those are
paused, their saved / applied / not interested postings, the companies they hid, the record
of each alert DM sent to them (`deliveries` rows keyed `dm:<id>`), and their id as the
creator of a channel subscription. Forgetting deletes the first five and blanks the last
(the subscription belongs to the channel). docs/privacy.md says the same for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Table, and_, delete, func, select, update

from jobbot.announce.dm import dm_channel
from jobbot.announce.schema import (
    alert_members_table,
    alerts_table,
    deliveries_table,
    hidden_companies_table,
    member_postings_table,
    subscriptions_table,
)
from jobbot.announce.store import Store, guarded


@dataclass(frozen=True, slots=True)
class Footprint:
    """How much jobbot holds about one member."""

    alerts: int = 0
    items: int = 0
    companies: int = 0
    dms: int = 0
    subscriptions: int = 0
    paused: int = 0

    @property
    def empty(self) -> bool:
        return (
            not (self.alerts or self.items or self.companies or self.dms or self.subscriptions)
            and not self.paused
        )

    def describe(self) -> str:
        """`2 alerts, 5 postings on your list, 1 hidden company, a record of 3 DMs`."""
        parts = [
            _count(self.alerts, "alert"),
            _count(self.items, "posting on your list", "postings on your list"),
            _count(self.companies, "hidden company", "hidden companies"),
            _count(self.dms, "record of an alert DM", "records of alert DMs"),
            _count(
                self.subscriptions,
                "channel subscription you created (it stays, without your name)",
                "channel subscriptions you created (they stay, without your name)",
            ),
        ]
        return ", ".join(p for p in parts if p) or "only whether your alerts are paused"


def _count(n: int, one: str, many: str | None = None) -> str:
    if not n:
        return ""
    return f"1 {one}" if n == 1 else f"{n} {many or one + 's'}"


def _member_rows(platform: str, member: str) -> dict[str, tuple[Table, ColumnElement[bool]]]:
    """Every row stored about the member, by `Footprint` field: what `footprint` counts is
    exactly what `forget` deletes (subscriptions only lose the member's name)."""
    rows = {
        name: (table, and_(table.c.platform == platform, table.c.member == member))
        for name, table in (
            ("alerts", alerts_table),
            ("items", member_postings_table),
            ("companies", hidden_companies_table),
            ("paused", alert_members_table),
        )
    }
    d, s = deliveries_table, subscriptions_table
    rows["dms"] = (d, and_(d.c.platform == platform, d.c.channel == dm_channel(member)))
    rows["subscriptions"] = (s, and_(s.c.platform == platform, s.c.created_by == member))
    return rows


def _counts(conn: Connection, platform: str, member: str) -> dict[str, int]:
    return {
        name: int(conn.execute(select(func.count()).select_from(table).where(where)).scalar() or 0)
        for name, (table, where) in _member_rows(platform, member).items()
    }


@guarded
def footprint(store: Store, platform: str, member: str) -> Footprint:
    """What `forget` would delete, for the confirmation."""
    with store.engine.connect() as conn:
        return Footprint(**_counts(conn, platform, member))


@guarded
def forget(store: Store, platform: str, member: str) -> Footprint:
    """Delete everything stored about the member, in one transaction; what was deleted."""
    with store.engine.begin() as conn:
        found = Footprint(**_counts(conn, platform, member))
        for name, (table, where) in _member_rows(platform, member).items():
            if name == "subscriptions":  # the channel's: it stays, without the member's name
                conn.execute(update(table).where(where).values(created_by=None))
            else:
                conn.execute(delete(table).where(where))
    return found
