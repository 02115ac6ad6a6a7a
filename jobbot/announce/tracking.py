"""Each member's own list: postings they saved, applied to, or are not interested in, and
companies they hid. Kept in the database, so it survives restarts and reaches every process.

An item keeps the posting's title, company and link as they were when marked, so "My jobs"
still shows it after the posting closes. "Not interested" postings and companies become the
`Hidden` part of the member's requests (`personalize`), which the engine leaves out of their
results and alerts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from sqlalchemy import Connection, and_, delete, select, update

from jobbot.announce.database import StoreError, from_row, insert_ignore, take_row
from jobbot.announce.schema import hidden_companies_table, member_postings_table
from jobbot.announce.store import Store, guarded
from jobbot.models import Hidden, Posting, Request, company_key

log = logging.getLogger(__name__)

Status = Literal["saved", "applied", "hidden"]
STATUSES: Final[tuple[Status, ...]] = ("saved", "applied", "hidden")
MAX_ITEMS: Final = 500
"""Per member; past it the oldest Not interested items make room (then the oldest saves)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One posting on a member's list, as it looked when they marked it."""

    posting_id: str
    status: Status
    title: str
    company: str | None
    url: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class HiddenCompany:
    key: str
    company: str


class Tracking:
    """Saved / applied / not interested, per member, over a `Store`'s database."""

    def __init__(self, store: Store, max_items: int = MAX_ITEMS) -> None:
        self.engine = store.engine
        self.max_items = max_items

    @guarded
    def mark(
        self, platform: str, member: str, posting: Posting, status: Status, now: datetime
    ) -> Item:
        """Put a posting on the member's list with this status (replacing its old one)."""
        t = member_postings_table
        snapshot = {
            "status": status,
            "title": posting.title[:1000],
            "company": (posting.company or None) and posting.company[:300],
            "url": posting.url if posting.url and len(posting.url) <= 2000 else None,
            "updated_at": now,
        }
        where = and_(t.c.platform == platform, t.c.member == member, t.c.posting_id == posting.id)
        with self.engine.begin() as conn:
            values = {"platform": platform, "member": member, "posting_id": posting.id}
            if not insert_ignore(conn, t, {**values, **snapshot, "created_at": now}):
                conn.execute(update(t).where(where).values(**snapshot))
            self._trim(conn, platform, member)
            row = conn.execute(select(t).where(where)).one()
        return from_row(Item, row)

    def _trim(self, conn: Connection, platform: str, member: str) -> None:
        t = member_postings_table
        mine = and_(t.c.platform == platform, t.c.member == member)
        rows = conn.execute(
            select(t.c.id, t.c.status).where(mine).order_by(t.c.updated_at, t.c.id)
        ).all()
        excess = len(rows) - self.max_items
        if excess <= 0:
            return
        order = {"hidden": 0, "saved": 1, "applied": 2}
        doomed = sorted(rows, key=lambda r: order.get(r.status, 0))[:excess]
        conn.execute(delete(t).where(t.c.id.in_([r.id for r in doomed])))

    @guarded
    def clear(self, platform: str, member: str, posting_id: str) -> Item | None:
        """Take a posting off the member's list; the item it was, or None."""
        t = member_postings_table
        where = and_(t.c.platform == platform, t.c.member == member, t.c.posting_id == posting_id)
        with self.engine.begin() as conn:
            row = take_row(conn, t, where)
        return from_row(Item, row) if row is not None else None

    @guarded
    def items(self, platform: str, member: str, status: Status | None = None) -> list[Item]:
        """The member's list, most recently changed first."""
        t = member_postings_table
        stmt = (
            select(t)
            .where(t.c.platform == platform, t.c.member == member)
            .order_by(t.c.updated_at.desc(), t.c.id.desc())
        )
        if status is not None:
            stmt = stmt.where(t.c.status == status)
        with self.engine.connect() as conn:
            return [from_row(Item, row) for row in conn.execute(stmt)]

    @guarded
    def item(self, platform: str, member: str, posting_id: str) -> Item | None:
        t = member_postings_table
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t).where(
                    t.c.platform == platform, t.c.member == member, t.c.posting_id == posting_id
                )
            ).one_or_none()
        return from_row(Item, row) if row is not None else None

    @guarded
    def hide_company(self, platform: str, member: str, company: str, now: datetime) -> bool:
        """Hide every posting of this company from the member; False if already hidden."""
        key = company_key(company)[:256]
        if not key:
            return False
        with self.engine.begin() as conn:
            return insert_ignore(
                conn,
                hidden_companies_table,
                {
                    "platform": platform,
                    "member": member,
                    "company_key": key,
                    "company": company[:300],
                    "created_at": now,
                },
            )

    @guarded
    def unhide_company(self, platform: str, member: str, company: str) -> bool:
        h = hidden_companies_table
        key = company_key(company)[:256]
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    delete(h).where(
                        h.c.platform == platform, h.c.member == member, h.c.company_key == key
                    )
                ).rowcount
            )

    @guarded
    def hidden_companies(self, platform: str, member: str) -> list[HiddenCompany]:
        h = hidden_companies_table
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(h.c.company_key, h.c.company)
                .where(h.c.platform == platform, h.c.member == member)
                .order_by(h.c.id)
            )
            return [HiddenCompany(row.company_key, row.company) for row in rows]

    @guarded
    def hidden(self, platform: str, member: str) -> Hidden:
        """What the engine should leave out of this member's results and alerts."""
        t, h = member_postings_table, hidden_companies_table
        with self.engine.connect() as conn:
            postings = conn.execute(
                select(t.c.posting_id).where(
                    t.c.platform == platform, t.c.member == member, t.c.status == "hidden"
                )
            ).scalars()
            ids = list(postings)
            companies = conn.execute(
                select(h.c.company_key).where(h.c.platform == platform, h.c.member == member)
            ).scalars()
            return Hidden(postings=ids, companies=list(companies))

    def personalize(self, request: Request) -> Request:
        """The request with its member's hidden postings; unchanged when that cannot be read
        (a search must never fail because the list is unavailable)."""
        if not request.platform or not request.user:
            return request
        try:
            hidden = self.hidden(request.platform, request.user)
        except StoreError as exc:
            log.warning("could not read a member's hidden postings: %s", exc)
            return request
        return request.model_copy(update={"hidden": hidden}) if hidden else request
