"""Announcement messages: the write-ahead record that makes a send exactly once, and the
reference that lets a sent message be edited when one of its postings closes.

Before anything is sent, a row is written (`sending`) naming the postings it carries, and
its deliveries point at it. The platform accepting the message and the store recording
that are two steps, and a crash, a timeout or a full disk can come between them; the row
says an earlier attempt *may* have arrived, so the next attempt looks for it (by the
message's `key`) before it sends again. A sent row keeps the platform's message ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import func, insert, select, update

from jobbot.announce.dm import dm_member
from jobbot.announce.publisher import Announcement, Receipt
from jobbot.announce.schema import (
    DONE,
    MESSAGE_SENDING,
    MESSAGE_SENT,
    MESSAGE_UNSENT,
    deliveries_table,
    messages_table,
    postings_table,
)
from jobbot.announce.store import MAX_ERROR_CHARS, Claim, Delivery, Store, guarded, owned
from jobbot.models import Posting

MAX_EDIT_ATTEMPTS: Final = 5


@dataclass(frozen=True, slots=True)
class Message:
    """One announcement message: its postings, where it went, and how its edits went."""

    id: int
    platform: str
    channel: str
    status: str
    posting_ids: list[str]
    query: str
    ref: list[str] | None
    created_at: datetime
    sent_at: datetime | None
    shown_closed: frozenset[str]
    edited_at: datetime | None
    edit_attempts: int
    edit_error: str | None
    next_edit_at: datetime | None
    edit_failed_at: datetime | None
    digest: str | None = None
    receipt_channel: str | None = None
    """Where the platform put it (a DM's channel differs from its `dm:<member>` key)."""

    @property
    def key(self) -> str:
        """Names this message on the platform across retries: its id and what it carries."""
        digest = hashlib.sha256("\n".join(self.posting_ids).encode()).hexdigest()[:10]
        return f"{self.id}-{digest}"

    def receipt(self) -> Receipt:
        return Receipt(channel=self.receipt_channel or self.channel, messages=list(self.ref or []))

    def announcement(self, postings: list[Posting], **update: Any) -> Announcement:
        """This message drawn again (a look for it, an edit), from its postings' content."""
        return Announcement(
            channel=self.channel,
            postings=postings,
            query=self.query,
            key=self.key,
            member=dm_member(self.channel),
            digest=self.digest,
            **update,
        )


def _message(row: Any) -> Message:
    ref = json.loads(row.ref) if row.ref else None
    where = None
    if isinstance(ref, dict):  # {"channel": …, "messages": […]}
        where, ref = ref.get("channel"), ref.get("messages")
    return Message(
        id=row.id,
        platform=row.platform,
        channel=row.channel,
        status=row.status,
        posting_ids=list(json.loads(row.posting_ids)),
        query=row.query or "",
        ref=list(ref) if ref else None,
        created_at=row.created_at,
        sent_at=row.sent_at,
        shown_closed=frozenset(json.loads(row.shown_closed or "[]")),
        edited_at=row.edited_at,
        edit_attempts=row.edit_attempts,
        edit_error=row.edit_error,
        next_edit_at=row.next_edit_at,
        edit_failed_at=row.edit_failed_at,
        digest=row.digest,
        receipt_channel=where,
    )


@dataclass(frozen=True, slots=True)
class EditCounts:
    """Edits of sent announcements, for `jobbot scheduler --status`."""

    done: int
    failed: int
    failures: list[Message]


class Messages:
    """The `announcement_messages` table, beside the store's deliveries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- sending --------------------------------------------------------------------------

    @guarded
    def begin(
        self,
        platform: str,
        channel: str,
        claims: Sequence[Claim],
        query: str,
        now: datetime,
        *,
        digest: str | None = None,
    ) -> Message:
        """Record the message about to be sent, before it is: the write-ahead step."""
        m, d = messages_table, deliveries_table
        with self.engine.begin() as conn:
            message_id = conn.execute(
                insert(m)
                .values(
                    platform=platform,
                    channel=channel,
                    status=MESSAGE_SENDING,
                    posting_ids=json.dumps([c.posting_id for c in claims]),
                    query=query,
                    created_at=now,
                    digest=digest,
                )
                .returning(m.c.id)
            ).scalar_one()
            for claim in claims:
                conn.execute(update(d).where(*owned(claim)).values(message_id=message_id))
            row = conn.execute(select(m).where(m.c.id == message_id)).one()
        return _message(row)

    @guarded
    def sent(
        self, message: Message, claims: Sequence[Claim], receipt: Receipt | None, now: datetime
    ) -> int:
        """The platform has the message: record its ids and finish its deliveries, at once."""
        m, d = messages_table, deliveries_table
        ref = None
        if receipt is not None and receipt.messages:
            ref = json.dumps({"channel": receipt.channel, "messages": receipt.messages})
        done = 0
        with self.engine.begin() as conn:
            conn.execute(
                update(m)
                .where(m.c.id == message.id)
                .values(status=MESSAGE_SENT, ref=ref, sent_at=now)
            )
            for claim in claims:
                done += conn.execute(
                    update(d)
                    .where(*owned(claim))
                    .values(
                        status=DONE,
                        attempts=d.c.attempts + 1,
                        delivered_at=now,
                        updated_at=now,
                        next_attempt_at=None,
                        message_id=message.id,
                    )
                ).rowcount
        return done

    @guarded
    def unsent(self, message: Message, claims: Sequence[Claim]) -> None:
        """It never arrived (refused, or a look found nothing): its postings are free again."""
        m, d = messages_table, deliveries_table
        with self.engine.begin() as conn:
            conn.execute(
                update(m)
                .where(m.c.id == message.id, m.c.status == MESSAGE_SENDING)
                .values(status=MESSAGE_UNSENT)
            )
            for claim in claims:
                conn.execute(update(d).where(*owned(claim)).values(message_id=None))

    @guarded
    def in_doubt(self, platforms: Collection[str]) -> list[Message]:
        """Messages written before a send whose outcome was never recorded, oldest first."""
        m = messages_table
        stmt = (
            select(m)
            .where(m.c.status == MESSAGE_SENDING, m.c.platform.in_(list(platforms)))
            .order_by(m.c.id)
        )
        with self.engine.connect() as conn:
            return [_message(row) for row in conn.execute(stmt)]

    @guarded
    def deliveries_of(self, message: Message) -> list[Delivery]:
        """The deliveries that point at this message."""
        rows = self.store.deliveries(message.platform, message.channel, message.posting_ids)
        return [row for row in rows if row.message_id == message.id]

    @guarded
    def get(self, message_id: int) -> Message | None:
        m = messages_table
        with self.engine.connect() as conn:
            row = conn.execute(select(m).where(m.c.id == message_id)).one_or_none()
        return _message(row) if row is not None else None

    # -- edits ----------------------------------------------------------------------------

    @guarded
    def editable(self, platforms: Collection[str]) -> list[Message]:
        """Sent messages (with the platform's ids, edits not given up on) showing a posting
        that closed or reopened since the message was sent or last edited: the ones that may
        need redrawing. Found from the postings' side, so a pass costs one look per change,
        not one per message ever sent."""
        m, d, p = messages_table, deliveries_table, postings_table
        stmt = (
            select(m)
            .distinct()
            .select_from(
                p.join(d, d.c.posting_id == p.c.posting_id).join(m, m.c.id == d.c.message_id)
            )
            .where(
                p.c.state_changed_at.is_not(None),
                p.c.state_changed_at > func.coalesce(m.c.checked_at, m.c.sent_at),
                m.c.status == MESSAGE_SENT,
                m.c.ref.is_not(None),
                m.c.edit_failed_at.is_(None),
                m.c.platform.in_(list(platforms)),
            )
            .order_by(m.c.id)
        )
        with self.engine.connect() as conn:
            return [_message(row) for row in conn.execute(stmt)]

    @guarded
    def edited(self, message: Message, shown_closed: Collection[str], now: datetime) -> None:
        m = messages_table
        with self.engine.begin() as conn:
            conn.execute(
                update(m)
                .where(m.c.id == message.id)
                .values(
                    shown_closed=json.dumps(sorted(shown_closed)),
                    edited_at=now,
                    checked_at=now,
                    edit_error=None,
                    next_edit_at=None,
                )
            )

    @guarded
    def in_step(self, message: Message, now: datetime) -> None:
        """It already shows its postings as they stand: nothing to edit for now."""
        m = messages_table
        with self.engine.begin() as conn:
            conn.execute(update(m).where(m.c.id == message.id).values(checked_at=now))

    @guarded
    def edit_failed(
        self, message: Message, error: str, now: datetime, *, retry_at: datetime | None
    ) -> bool:
        """Count a failed edit; with no `retry_at` (or too many attempts) it is given up on,
        recorded once. True when it was given up on."""
        m = messages_table
        attempts = message.edit_attempts + 1
        final = retry_at is None or attempts >= MAX_EDIT_ATTEMPTS
        with self.engine.begin() as conn:
            conn.execute(
                update(m)
                .where(m.c.id == message.id)
                .values(
                    edit_attempts=attempts,
                    edit_error=error[:MAX_ERROR_CHARS],
                    next_edit_at=None if final else retry_at,
                    edit_failed_at=now if final else None,
                )
            )
        return final

    @guarded
    def edit_later(self, message: Message, error: str, retry_at: datetime) -> None:
        """An edit that could not be made for a reason outside the message (the platform
        refused the bot's token): tried again at `retry_at`, not counted as an attempt."""
        m = messages_table
        with self.engine.begin() as conn:
            conn.execute(
                update(m)
                .where(m.c.id == message.id)
                .values(edit_error=error[:MAX_ERROR_CHARS], next_edit_at=retry_at)
            )

    @guarded
    def edit_counts(self, failures: int = 20) -> EditCounts:
        m = messages_table
        with self.engine.connect() as conn:
            done = conn.execute(
                select(func.count())
                .select_from(m)
                .where(m.c.edited_at.is_not(None), m.c.edit_failed_at.is_(None))
            ).scalar_one()
            failed_rows = conn.execute(
                select(m).where(m.c.edit_failed_at.is_not(None)).order_by(m.c.id.desc())
            ).all()
        return EditCounts(
            done=int(done),
            failed=len(failed_rows),
            failures=[_message(row) for row in failed_rows[:failures]],
        )
