"""The send path, exactly once: claim → write ahead → publish → record, with a look before
any resend.

`Courier` is what the scheduler (and anything else that posts on a schedule, such as
personal alerts) uses once it holds claims (`Store.claim`):

1. `send` writes the message row first (`Messages.begin`), so a crash after the platform
   accepted the message leaves a record that it may have arrived;
2. publishes, retrying within limits (Retry-After honoured, backoff, one message per second
   per channel);
3. records the platform's message ids and finishes the deliveries in one transaction.

After an uncertain failure (a timeout, a dropped connection, a server error) the next
attempt asks the publisher to look for the message first (`Publisher.find`), and so does
`recover` for messages a dead process left behind. While a send is in progress a
`Heartbeat` renews the leader lock and the claims, so leases can be short (seconds) and a
restarted scheduler takes over quickly; claims are given back at once on a failed pass.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from jobbot.announce.database import StoreError
from jobbot.announce.dm import dm_member
from jobbot.announce.leader import Leadership
from jobbot.announce.messages import Message, Messages
from jobbot.announce.publisher import (
    Announcement,
    CredentialsError,
    DeliveryError,
    Publisher,
    Receipt,
)
from jobbot.announce.schema import CLAIMED, RETRY
from jobbot.announce.store import Claim, Store
from jobbot.clock import Clock
from jobbot.models import Posting

log = logging.getLogger("jobbot.announce.delivery")

Outcome = Literal["sent", "found", "deferred", "failed", "lost"]
"""What became of one message: sent now, found already there (an earlier attempt arrived),
deferred to a later pass, failed for good, or left claimed because the lead was lost."""

FIND_MARGIN: Final = timedelta(seconds=60)
"""How far before the write-ahead time a look for an earlier attempt reaches (clock skew)."""


@dataclass(slots=True)
class Sent:
    """One message (a card, or a digest of several postings) and what became of it."""

    platform: str
    channel: str
    posting_ids: list[str]


class ChannelPacer:
    """Keeps at least `min_interval` seconds between messages to the same channel."""

    def __init__(self, clock: Clock, min_interval: float) -> None:
        self.clock = clock
        self.min_interval = min_interval
        self._last: dict[tuple[str, str], datetime] = {}

    def wait(self, key: tuple[str, str]) -> None:
        last = self._last.get(key)
        if last is not None:
            gap = self.min_interval - (self.clock.now() - last).total_seconds()
            if gap > 0:
                self.clock.sleep(gap)

    def sent(self, key: tuple[str, str]) -> None:
        self._last[key] = self.clock.now()


class Heartbeat:
    """Renews the leader lock and every claim in flight every `interval` seconds (real time),
    from a thread, while a pass runs; `holding` registers claims for renewal."""

    def __init__(self, store: Store, clock: Clock, interval: float) -> None:
        self.store = store
        self.clock = clock
        self.interval = max(0.05, interval)
        self._claims: dict[int, Claim] = {}
        self._lock = threading.Lock()
        self._lead: Leadership | None = None

    @contextmanager
    def running(self, lead: Leadership | None) -> Iterator[Heartbeat]:
        stop = threading.Event()
        self._lead = lead
        thread = threading.Thread(target=self._loop, args=(stop,), name="jobbot-heartbeat")
        thread.daemon = True
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join(timeout=5)
            self._lead = None

    @contextmanager
    def holding(self, claims: Sequence[Claim]) -> Iterator[None]:
        """Renew `claims` while the block runs. If it raises, they stay listed (`held`) for
        the pass to give back; `forget` clears the list when the pass ends."""
        with self._lock:
            self._claims.update((c.delivery_id, c) for c in claims)
        yield
        with self._lock:
            for claim in claims:
                self._claims.pop(claim.delivery_id, None)

    def held(self) -> list[Claim]:
        with self._lock:
            return list(self._claims.values())

    def forget(self) -> None:
        with self._lock:
            self._claims.clear()

    def beat(self) -> None:
        now = self.clock.now()
        if self._lead is not None:
            self._lead.renew(now)
        claims = self.held()
        if claims:
            self.store.renew(claims, now)

    def _loop(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            try:
                self.beat()
            except StoreError as exc:
                log.warning("could not renew leases: %s", exc)
            except Exception:  # the heartbeat must never take the process down
                log.exception("renewing leases failed")


def finder(publisher: Publisher) -> Callable[[Announcement], Receipt | None] | None:
    find = getattr(publisher, "find", None)
    return find if callable(find) else None


class Courier:
    """Sends claimed postings through a publisher exactly once (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        heartbeat: Heartbeat,
        pacer: ChannelPacer,
        claim_lease: timedelta,
        dm_pacer: ChannelPacer | None = None,
        on_give_up: Callable[[str, str, DeliveryError], None] | None = None,
        tries_per_run: int = 3,
        max_attempts: int = 10,
        max_inline_wait: float = 60.0,
        backoff_base: float = 2.0,
        backoff_cap: float = 3600.0,
    ) -> None:
        self.store = store
        self.messages = Messages(store)
        self.clock = clock
        self.heartbeat = heartbeat
        self.pacer = pacer
        self.dm_pacer = dm_pacer or pacer
        self.on_give_up = on_give_up
        """Told (platform, channel, error) when a delivery is given up on."""
        self.claim_lease = claim_lease
        self.tries_per_run = max(1, tries_per_run)
        self.max_attempts = max(1, max_attempts)
        self.max_inline_wait = max_inline_wait
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap

    def send(
        self,
        lead: Leadership | None,
        publisher: Publisher,
        channel: str,
        batch: Sequence[tuple[Claim, Posting]],
        query: str,
        *,
        member: str | None = None,
        digest: str | None = None,
    ) -> tuple[Outcome, Sent]:
        """One announcement for claimed postings: written ahead, published, recorded. With
        `member` it is a personal alert's DM (`channel` is then `dm:<member>`)."""
        claims = [claim for claim, _ in batch]
        outcome = Sent(publisher.platform, channel, [c.posting_id for c in claims])
        with self.heartbeat.holding(claims):
            message = self.messages.begin(
                publisher.platform, channel, claims, query, self.clock.now(), digest=digest
            )
            announcement = Announcement(
                channel=channel,
                postings=[posting for _, posting in batch],
                query=query,
                key=message.key,
                member=member,
                digest=digest,
            )
            result = self._attempts(lead, publisher, message, claims, announcement, False)
        return result, outcome

    def recover(
        self,
        lead: Leadership | None,
        publishers: dict[str, Publisher],
        postings: Callable[[Sequence[str]], list[Posting]],
    ) -> Iterable[tuple[Outcome, Sent]]:
        """Settle messages a crash or a timeout left in doubt: found there → recorded as
        sent; partly there → the rest sent; not there → their postings go back to be
        planned again (so a posting that closed meanwhile is not sent)."""
        for message in self.messages.in_doubt(list(publishers)):
            rows = self.messages.deliveries_of(message)
            pending = [row for row in rows if row.status in (CLAIMED, RETRY)]
            if not pending:
                continue  # given up on (failed), or recorded by another scheduler
            now = self.clock.now()
            claims: list[Claim] = []
            for row in pending:
                claim = self.store.claim(
                    row.posting_id,
                    message.platform,
                    message.channel,
                    revision=row.revision,
                    now=now,
                    lease=self.claim_lease,
                )
                if claim is not None:
                    claims.append(claim)
            if len(claims) < len(pending):  # someone else holds it, or it is not due yet
                if claims:
                    self.store.release(claims, now)
                continue
            publisher = publishers[message.platform]
            outcome = Sent(message.platform, message.channel, [c.posting_id for c in claims])
            announcement = message.announcement(postings(message.posting_ids)).model_copy(
                update={"since": message.created_at - FIND_MARGIN}
            )
            with self.heartbeat.holding(claims):
                yield self._recover_one(lead, publisher, message, claims, announcement), outcome

    def _recover_one(
        self,
        lead: Leadership | None,
        publisher: Publisher,
        message: Message,
        claims: list[Claim],
        announcement: Announcement,
    ) -> Outcome:
        find = finder(publisher)
        try:
            found = find(announcement) if find is not None else None
        except Exception as exc:
            if not isinstance(exc, DeliveryError):
                log.exception("publisher %s raised looking for a message", publisher.platform)
            error = exc if isinstance(exc, DeliveryError) else DeliveryError(str(exc))
            gave_up, attempts = self._count_failure(message, claims, error, in_doubt=True)
            if gave_up:
                return "failed"
            return self._defer(message, claims, self._delay(error, attempts), in_doubt=True)
        now = self.clock.now()
        if found is not None and found.complete:
            log.info(
                "message %s to %s/%s had arrived before the crash; recorded, not resent",
                message.id,
                message.platform,
                message.channel,
            )
            self.messages.sent(message, claims, found.model_copy(update={"found": True}), now)
            return "found"
        if found is not None:  # part of it arrived: send the rest as the same message
            return self._attempts(lead, publisher, message, claims, announcement, True)
        # It never arrived: forget the attempt; its postings are planned afresh.
        self.messages.unsent(message, claims)
        self.store.release(claims, now)
        return "deferred"

    def _attempts(
        self,
        lead: Leadership | None,
        publisher: Publisher,
        message: Message,
        claims: list[Claim],
        announcement: Announcement,
        in_doubt: bool,
    ) -> Outcome:
        pacer, key = self._pace(publisher.platform, message.channel)
        delay = 0.0
        for attempt in range(1, self.tries_per_run + 1):
            if lead is not None and not lead.renew(self.clock.now()):
                log.warning("lost the leader lock; leaving message %s for later", message.id)
                return "lost"
            pacer.wait(key)
            error: DeliveryError
            try:
                receipt = self._deliver(publisher, announcement, message, in_doubt)
            except DeliveryError as exc:
                error = exc
            except Exception as exc:  # a publisher bug must not stop other channels
                log.exception("publisher %s raised", publisher.platform)
                error = DeliveryError(f"{type(exc).__name__}: {exc}", uncertain=True)
            else:
                pacer.sent(key)
                self.messages.sent(message, claims, receipt, self.clock.now())
                return "found" if receipt is not None and receipt.found else "sent"
            pacer.sent(key)
            in_doubt = in_doubt or error.uncertain
            gave_up, attempts = self._count_failure(message, claims, error, in_doubt)
            if gave_up:
                return "failed"
            delay = self._delay(error, attempts)
            if attempt < self.tries_per_run and delay <= self.max_inline_wait:
                log.info(
                    "retrying %s/%s in %.1fs: %s", publisher.platform, message.channel, delay, error
                )
                self.clock.sleep(delay)
                continue
            break
        return self._defer(message, claims, delay, in_doubt)

    def _deliver(
        self, publisher: Publisher, announcement: Announcement, message: Message, in_doubt: bool
    ) -> Receipt | None:
        """Publish; after an uncertain failure, look first and send only what is missing."""
        if not in_doubt:
            return publisher.publish(announcement)
        since = message.created_at - FIND_MARGIN
        doubtful = announcement.model_copy(update={"since": since})
        find = finder(publisher)
        if find is not None:
            found = find(doubtful)
            if found is not None and found.complete:
                return found.model_copy(update={"found": True})
            if found is None:
                return publisher.publish(announcement)
        return publisher.publish(doubtful)

    def _count_failure(
        self, message: Message, claims: list[Claim], error: DeliveryError, in_doubt: bool
    ) -> tuple[bool, int]:
        """Record a failed attempt; give up on a permanent error or too many attempts.
        Returns whether it was given up on, and the attempts so far."""
        now = self.clock.now()
        blameless = isinstance(error, CredentialsError)  # the token, not this delivery
        attempts = self.store.record_failure(
            claims, str(error) or type(error).__name__, now, count=not blameless
        )
        if blameless or not (error.permanent or attempts >= self.max_attempts):
            return False, attempts
        if not in_doubt:
            self.messages.unsent(message, claims)
        self.store.mark_failed(claims, now)
        if self.on_give_up is not None:
            self.on_give_up(message.platform, message.channel, error)
        log.warning(
            "giving up on %s/%s after %d attempt(s): %s",
            message.platform,
            message.channel,
            attempts,
            error,
        )
        return True, attempts

    def _defer(
        self, message: Message, claims: list[Claim], delay: float, in_doubt: bool
    ) -> Outcome:
        now = self.clock.now()
        if not in_doubt:  # it surely did not arrive: plan its postings afresh next time
            self.messages.unsent(message, claims)
        self.store.mark_retry(claims, now, now + timedelta(seconds=delay))
        return "deferred"

    def _pace(self, platform: str, channel: str) -> tuple[ChannelPacer, tuple[str, str]]:
        """Channels are paced one by one; all of a platform's DMs share one pace."""
        if dm_member(channel) is not None:
            return self.dm_pacer, (platform, "dm")
        return self.pacer, (platform, channel)

    def release(self, claims: Collection[Claim]) -> None:
        """Give claims back now (a failed pass or a clean exit), keeping any doubt."""
        if claims:
            self.store.release(list(claims), self.clock.now())

    def _delay(self, error: DeliveryError, attempts: int) -> float:
        if error.retry_after is not None:
            return error.retry_after
        return self._backoff(attempts)

    def _backoff(self, attempts: int) -> float:
        return min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1))
