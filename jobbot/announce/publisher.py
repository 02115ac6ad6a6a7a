"""What the scheduler needs from a platform to announce openings, exactly once, and to edit
them in place when a posting closes.

Each adapter offers a `Publisher`; the scheduler owns when and what to send, the publisher
only how. The protocol, in full (docs/announcements.md has the story):

- `publish(announcement)` sends it and returns a `Receipt`: the platform's ids for the
  message(s), which the scheduler stores so the message can be edited later. When
  `announcement.since` is set, an earlier attempt may have arrived (a crash or a timeout
  came between the platform accepting it and the store recording it): the publisher looks
  first and sends only what is not there yet.
- `find(announcement)` only looks: a `Receipt` for what of this announcement (recognised by
  `announcement.key`) arrived after `announcement.since`, `complete` when all of it did;
  None when nothing did.
- `edit(receipt, announcement)` redraws a sent message: postings in `announcement.closed`
  keep their title, say "No longer open" and lose their Apply button.

Publishers raise only `DeliveryError`. `find` and `edit` are optional: a publisher without
`find` (the console) cannot tell whether a crashed send arrived, so it is sent again (at
least once); one without `edit` leaves closed announcements as they were.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, Field

from jobbot.models import Posting


class Announcement(BaseModel):
    """Openings for one channel: one posting is a card, several are a digest."""

    channel: str
    postings: list[Posting] = Field(min_length=1)
    query: str = Field(default="", description="the subscription query that matched")
    member: str | None = Field(
        default=None,
        description="a personal alert: send it as a direct message to this member "
        "(`channel` is then the delivery key, `dm:<member>`)",
    )
    digest: str | None = Field(
        default=None, description="`daily` or `weekly` when it is an alert's scheduled digest"
    )
    key: str = Field(
        default="",
        description="names this very message across retries and restarts (Slack message "
        "metadata, Discord nonce): a look for an earlier attempt matches on it",
    )
    since: datetime | None = Field(
        default=None,
        description="set when an earlier attempt may have arrived after this time: look "
        "before sending again",
    )
    closed: list[str] = Field(
        default_factory=list, description="ids of postings to show as no longer open"
    )

    @property
    def is_digest(self) -> bool:
        return len(self.postings) > 1

    def is_closed(self, posting: Posting) -> bool:
        return posting.id in self.closed


class Receipt(BaseModel):
    """Where an announcement landed, so it can be edited later."""

    channel: str
    messages: list[str] = Field(
        default_factory=list,
        description="the platform's ids of its message(s), in order (Slack `ts`, Discord ids)",
    )
    found: bool = Field(default=False, description="an earlier attempt had arrived")
    complete: bool = Field(
        default=True, description="False when `find` saw only some of a multi-part message"
    )


class DeliveryError(Exception):
    """A send failed. `retry_after` (seconds) when the platform said when to retry;
    `permanent` when retrying cannot help (unknown channel, bot not in channel);
    `uncertain` when the platform may have accepted it anyway (a timeout, a dropped
    connection, a server error), so the next attempt looks before it sends."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        uncertain: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.uncertain = uncertain


class RecipientUnreachableError(DeliveryError):
    """The member cannot be sent a direct message (DMs closed, bot blocked, account gone):
    permanent, and their alerts are paused until they turn them back on."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


CREDENTIALS_RETRY_SECONDS = 600.0
"""How long deliveries wait after the platform refused the bot's token."""


class CredentialsError(DeliveryError):
    """The platform refused the bot's token (revoked, expired, the app uninstalled). No
    message can go out on that platform until an operator fixes it, and it is no fault of
    the delivery: it waits (`retry_after`), uncounted, instead of failing for good, so
    nothing is lost once the token works again."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_after=CREDENTIALS_RETRY_SECONDS)


class Publisher(Protocol):
    """Sends announcements to one platform's channels (see the module docstring)."""

    platform: str

    def publish(self, announcement: Announcement) -> Receipt | None:
        """Send it (with `since`: only what an earlier attempt did not deliver), or raise
        `DeliveryError`. None when the platform gives nothing to edit later."""
        ...


class FindingPublisher(Publisher, Protocol):
    """A publisher that can tell whether an earlier attempt arrived."""

    def find(self, announcement: Announcement) -> Receipt | None:
        """What of `announcement` arrived after `announcement.since`, or None."""
        ...


class EditingPublisher(Publisher, Protocol):
    """A publisher that can redraw a message it sent."""

    def edit(self, receipt: Receipt, announcement: Announcement) -> None:
        """Redraw the message(s) in `receipt`, or raise `DeliveryError` (`permanent` when
        the message or channel is gone)."""
        ...
