"""Announcing new openings into Slack channels: the scheduler's `Publisher` for Slack.

The scheduler owns when to retry, so this client does not retry 429s itself: it reports
Slack's Retry-After in a `DeliveryError`, and marks errors no retry can fix as permanent.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import announcement_blocks, announcement_text
from adapters.slack.client import NOT_IN_CHANNEL, error_code, retry_after, web_client
from adapters.slack.direct import REFUSED, DirectChannels
from jobbot.announce.publisher import Announcement, DeliveryError, RecipientUnreachableError
from jobbot.settings import Settings

log = logging.getLogger("jobbot.slack.poster")

PERMANENT_ERRORS = NOT_IN_CHANNEL | {
    "channel_is_archived",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "restricted_action",
    "missing_scope",
}


class SlackPublisher:
    """Posts announcements with `chat.postMessage`, rendered like `/jobs` results."""

    platform = "slack"

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self.direct = DirectChannels(client)

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackPublisher:
        """Raises ValueError when SLACK_BOT_TOKEN is not set."""
        return cls(web_client(settings, retry_rate_limits=False))

    def publish(self, announcement: Announcement) -> None:
        """Post to the channel, or for a personal alert to the member's DM."""
        member = announcement.member
        try:
            channel = announcement.channel if member is None else self.direct.channel(member)
            self.client.chat_postMessage(
                channel=channel,
                text=announcement_text(announcement),
                blocks=announcement_blocks(announcement),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as error:
            code = error_code(error)
            wait = retry_after(error)
            log.warning("announcement to %s failed: %s", announcement.channel, code)
            if wait is not None:
                raise DeliveryError(f"Slack rate limit ({code})", retry_after=wait) from None
            if member is not None and code in REFUSED:
                self.direct.drop(member)
                raise RecipientUnreachableError(f"Slack refused the DM ({code})") from None
            raise DeliveryError(
                f"Slack refused the announcement ({code})", permanent=code in PERMANENT_ERRORS
            ) from None
        except OSError as error:  # URLError, timeouts, refused connections
            log.warning("announcement to %s failed: %s", announcement.channel, error)
            raise DeliveryError(f"could not reach Slack: {type(error).__name__}") from None
