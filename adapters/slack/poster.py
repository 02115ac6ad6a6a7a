"""Announcing openings in Slack channels: the scheduler's `Publisher` for Slack.

The scheduler owns when to retry, so this client retries neither 429s nor dropped
connections itself (a resent `chat.postMessage` is a duplicate): it reports Slack's
Retry-After in a `DeliveryError`, marks errors no retry can fix as permanent, and marks
timeouts and server errors `uncertain`, since Slack may have posted the message anyway.

Exactly once: every announcement carries message `metadata` (event type
`jobbot_announcement`, payload `{"key": …}`); `find` pages `conversations.history` from
`announcement.since` with `include_all_metadata` for a message carrying that key (this needs
the `channels:history` and `groups:history` scopes, see manifest.yml). `edit` is
`chat.update` on the same channel and `ts`.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import announcement_blocks, announcement_text
from adapters.slack.client import (
    NOT_IN_CHANNEL,
    TOKEN_REFUSED,
    error_code,
    retry_after,
    token_refused,
    web_client,
)
from adapters.slack.direct import REFUSED, DirectChannels
from jobbot.announce.publisher import (
    Announcement,
    DeliveryError,
    Receipt,
    RecipientUnreachableError,
)
from jobbot.settings import Settings

log = logging.getLogger("jobbot.slack.poster")

EVENT_TYPE: Final = "jobbot_announcement"
HISTORY_PAGE: Final = 200
HISTORY_PAGES: Final = 10
"""A look for an earlier attempt reads at most this many pages of the channel's history."""

PERMANENT_ERRORS = NOT_IN_CHANNEL | {
    "channel_is_archived",
    "restricted_action",
    "missing_scope",
    "message_not_found",
    "cant_update_message",
    "msg_too_long",
    "invalid_blocks",
}
UNCERTAIN_ERRORS = frozenset(
    {"internal_error", "fatal_error", "request_timeout", "service_unavailable"}
)


class SlackPublisher:
    """Posts announcements with `chat.postMessage`, rendered like `/jobs` results."""

    platform = "slack"

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self.direct = DirectChannels(client)

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackPublisher:
        """Raises ValueError when SLACK_BOT_TOKEN is not set."""
        return cls(web_client(settings, retry_rate_limits=False, retry_connection_errors=False))

    def publish(self, announcement: Announcement) -> Receipt:
        """Post to the channel, or for a personal alert to the member's DM; with `since`,
        first look for an earlier attempt that arrived."""
        if announcement.since is not None and announcement.key:
            found = self.find(announcement)
            if found is not None:
                return found
        channel = self._target(announcement)
        response = self._call(
            "the announcement",
            announcement,
            self.client.chat_postMessage,
            channel=channel,
            text=announcement_text(announcement),
            blocks=announcement_blocks(announcement),
            unfurl_links=False,
            unfurl_media=False,
            **_metadata(announcement),
        )
        ts = str(response.get("ts") or "")
        return Receipt(channel=str(response.get("channel") or channel), messages=[ts])

    def find(self, announcement: Announcement) -> Receipt | None:
        """The message carrying `announcement.key` posted after `since`, or None."""
        if not announcement.key:
            return None
        channel = self._target(announcement)
        oldest = f"{announcement.since.timestamp():.6f}" if announcement.since else "0"
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            try:
                response = self.client.conversations_history(
                    channel=channel,
                    oldest=oldest,
                    limit=HISTORY_PAGE,
                    include_all_metadata=True,
                    cursor=cursor,
                )
            except SlackApiError as error:
                code = error_code(error)
                if code in ("missing_scope", *NOT_IN_CHANNEL):
                    # Without history we cannot tell; sending again is the lesser harm.
                    log.error(
                        "cannot read %s's history to check an earlier attempt (%s); add the "
                        "channels:history and groups:history scopes and invite the bot",
                        announcement.channel,
                        code,
                    )
                    return None
                raise _delivery_error(error, "reading channel history") from None
            except OSError as error:
                raise DeliveryError(
                    f"could not reach Slack: {type(error).__name__}", uncertain=True
                ) from None
            for message in response.get("messages") or []:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == EVENT_TYPE and payload.get("key") == (
                    announcement.key
                ):
                    return Receipt(channel=channel, messages=[str(message["ts"])], found=True)
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or not cursor:
                break
        return None

    def edit(self, receipt: Receipt, announcement: Announcement) -> None:
        """Redraw the sent message (`chat.update`): closed postings say so, without Apply."""
        for ts in receipt.messages:
            self._call(
                "the edit of an announcement",
                announcement,
                self.client.chat_update,
                channel=receipt.channel,
                ts=ts,
                text=announcement_text(announcement),
                blocks=announcement_blocks(announcement),
                **_metadata(announcement),
            )

    def _target(self, announcement: Announcement) -> str:
        """The channel to post in: the channel itself, or the member's DM channel."""
        if announcement.member is None:
            return announcement.channel
        return self.direct.channel(announcement.member)

    def _call(self, doing: str, announcement: Announcement, method: Any, **kwargs: Any) -> Any:
        try:
            return method(**kwargs)
        except SlackApiError as error:
            code = error_code(error)
            log.warning("%s in %s failed: %s", doing.capitalize(), announcement.channel, code)
            member = announcement.member
            if member is not None and code in REFUSED and retry_after(error) is None:
                self.direct.drop(member)
                raise RecipientUnreachableError(f"Slack refused the DM ({code})") from None
            raise _delivery_error(error, doing) from None
        except OSError as error:  # URLError, timeouts, refused connections
            log.warning("%s in %s failed: %s", doing.capitalize(), announcement.channel, error)
            raise DeliveryError(
                f"could not reach Slack: {type(error).__name__}", uncertain=True
            ) from None


def _metadata(announcement: Announcement) -> dict[str, Any]:
    if not announcement.key:
        return {}
    return {"metadata": {"event_type": EVENT_TYPE, "event_payload": {"key": announcement.key}}}


def _delivery_error(error: SlackApiError, doing: str) -> DeliveryError:
    code = error_code(error)
    if code in TOKEN_REFUSED:
        return token_refused(code)
    wait = retry_after(error)
    if wait is not None:
        return DeliveryError(f"Slack rate limit ({code})", retry_after=wait)
    status = getattr(error.response, "status_code", 200) or 200
    return DeliveryError(
        f"Slack refused {doing} ({code})",
        permanent=code in PERMANENT_ERRORS,
        uncertain=code in UNCERTAIN_ERRORS or status >= 500,
    )
