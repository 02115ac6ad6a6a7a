"""What the scheduler needs from a platform to announce new openings.

Each adapter offers a `Publisher`; the scheduler owns when and what to send, the publisher
only how. Publishers raise `DeliveryError` so the scheduler can retry or record the failure.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from jobbot.models import Posting


class Announcement(BaseModel):
    """New openings for one channel: one posting is a card, several are a digest."""

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

    @property
    def is_digest(self) -> bool:
        return len(self.postings) > 1


class DeliveryError(Exception):
    """A send failed. `retry_after` (seconds) when the platform said when to retry;
    `permanent` when retrying cannot help (unknown channel, bot not in channel)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, permanent: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class RecipientUnreachableError(DeliveryError):
    """The member cannot be sent a direct message (DMs closed, bot blocked, account gone):
    permanent, and their alerts are paused until they turn them back on."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


class Publisher(Protocol):
    """Sends announcements to one platform's channels."""

    platform: str

    def publish(self, announcement: Announcement) -> None:
        """Send it, or raise `DeliveryError`."""
        ...
