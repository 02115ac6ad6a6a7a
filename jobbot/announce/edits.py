"""Editing sent announcements in place when their postings close (or reopen).

Each pass compares, for every sent message showing a posting that closed or reopened since
the message was last looked at, the postings it shows as closed with the postings the
store holds closed. Where they differ the message is
redrawn through `Publisher.edit` (Slack `chat.update` on the same channel and `ts`, a
Discord message edit) and the new state is recorded. The comparison is made from the store
every pass, so a restart between a posting closing and its edit still edits, once. An edit
that cannot be made (the message or channel is gone, the bot lost access) is recorded once
and never tried again; other failures are retried with backoff a few times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from jobbot.announce.delivery import ChannelPacer
from jobbot.announce.messages import Message, Messages
from jobbot.announce.publisher import CredentialsError, DeliveryError, Publisher
from jobbot.announce.store import Store
from jobbot.clock import Clock
from jobbot.models import Posting

log = logging.getLogger("jobbot.announce.edits")


@dataclass(slots=True)
class EditReport:
    """Edits made in one pass: message ids edited, given up on, or left for a later pass."""

    edited: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)


class Editor:
    """Keeps sent announcements in step with their postings' open/closed state."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        pacer: ChannelPacer,
        *,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
    ) -> None:
        self.store = store
        self.messages = Messages(store)
        self.clock = clock
        self.pacer = pacer
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap

    def run(
        self,
        publishers: dict[str, Publisher],
        postings: Callable[[Sequence[str]], list[Posting]],
    ) -> EditReport:
        report = EditReport()
        editors = {name: p for name, p in publishers.items() if callable(getattr(p, "edit", None))}
        if not editors:
            return report
        candidates = self.messages.editable(list(editors))
        closed = self.store.closed_among({pid for m in candidates for pid in m.posting_ids})
        for message in candidates:
            wanted = frozenset(pid for pid in message.posting_ids if pid in closed)
            if wanted == message.shown_closed:
                self.messages.in_step(message, self.clock.now())
                continue
            if message.next_edit_at is not None and message.next_edit_at > self.clock.now():
                report.deferred.append(message.id)
                continue
            self._edit(editors[message.platform], message, wanted, postings, report)
        return report

    def _edit(
        self,
        publisher: Publisher,
        message: Message,
        wanted: frozenset[str],
        postings: Callable[[Sequence[str]], list[Posting]],
        report: EditReport,
    ) -> None:
        announcement = message.announcement(postings(message.posting_ids), closed=sorted(wanted))
        key = (message.platform, message.channel)
        self.pacer.wait(key)
        try:
            publisher.edit(message.receipt(), announcement)  # type: ignore[attr-defined]
        except Exception as exc:
            self.pacer.sent(key)
            error = exc if isinstance(exc, DeliveryError) else DeliveryError(str(exc))
            if not isinstance(exc, DeliveryError):
                log.exception("publisher %s raised editing a message", publisher.platform)
            now = self.clock.now()
            retry_at = None
            if not error.permanent:
                wait = error.retry_after
                if wait is None:
                    wait = min(self.backoff_cap, self.backoff_base * 2**message.edit_attempts)
                retry_at = now + timedelta(seconds=wait)
            reason = str(error) or type(error).__name__
            if isinstance(error, CredentialsError) and retry_at is not None:
                self.messages.edit_later(message, reason, retry_at)
                report.deferred.append(message.id)
                return
            if self.messages.edit_failed(message, reason, now, retry_at=retry_at):
                log.warning(
                    "cannot edit the announcement in %s/%s (message %s): %s; not trying again",
                    message.platform,
                    message.channel,
                    message.id,
                    reason,
                )
                report.failed.append(message.id)
            else:
                report.deferred.append(message.id)
            return
        self.pacer.sent(key)
        self.messages.edited(message, wanted, self.clock.now())
        report.edited.append(message.id)
