"""Direct messages to Slack members, for personal alerts: `conversations.open`, then the
publisher's usual `chat.postMessage` into the returned DM channel.

The DM channel of each member is remembered for the life of the process (opening it again
returns the same one), because `conversations.open` is rate-limited to about 50 calls a
minute. Errors that mean the member cannot be messaged become `RecipientUnreachableError`,
so the scheduler pauses their alerts instead of retrying.
"""

from __future__ import annotations

import logging
import threading
from typing import Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack.client import TOKEN_REFUSED, error_code, retry_after, token_refused
from jobbot.announce.publisher import DeliveryError, RecipientUnreachableError

log = logging.getLogger("jobbot.slack.direct")

REFUSED: Final = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "user_not_visible",
        "cannot_dm_bot",
        "invalid_user_combination",
        "messages_tab_disabled",
        "channel_not_found",
        "is_archived",
    }
)
"""Slack's answers that mean this member cannot get a DM from the bot."""


class DirectChannels:
    """Finds (and remembers) the DM channel with each member."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._channels: dict[str, str] = {}
        self._lock = threading.Lock()

    def channel(self, member: str) -> str:
        """The member's DM channel id; `DeliveryError` (or `RecipientUnreachableError`)."""
        with self._lock:
            known = self._channels.get(member)
        if known is not None:
            return known
        try:
            response = self.client.conversations_open(users=member)
        except SlackApiError as error:
            code = error_code(error)
            wait = retry_after(error)
            if wait is not None:
                raise DeliveryError(f"Slack rate limit ({code})", retry_after=wait) from None
            if code in TOKEN_REFUSED:
                raise token_refused(code) from None
            if code in REFUSED:
                raise RecipientUnreachableError(f"Slack would not open a DM ({code})") from None
            raise DeliveryError(f"Slack would not open a DM ({code})") from None
        except OSError as error:
            raise DeliveryError(f"could not reach Slack: {type(error).__name__}") from None
        channel = (response.get("channel") or {}).get("id")
        if not channel:
            raise DeliveryError("Slack opened a DM without a channel id")
        with self._lock:
            self._channels[member] = str(channel)
        return str(channel)

    def drop(self, member: str) -> None:
        """Forget a member's channel (it refused a message; open it afresh next time)."""
        with self._lock:
            self._channels.pop(member, None)
