"""`/jobs subscribe`, `/jobs subscriptions` and `/jobs unsubscribe` in Slack.

The core `Subscriptions` service stores subscriptions and words every reply; this module only
decides who may change a channel's subscriptions and shows the reply. Slack has no per-channel
"manage" permission a bot can read cheaply, so the issue's rule applies: a workspace admin or
owner (`users.info`), or a user id listed in `JOBBOT_SLACK_ADMINS`. Listing is open to all.
The channel stored is the command's `channel_id`, which is where `SlackPublisher` posts.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import blocks
from adapters.slack.app import SlashContext, Subcommand
from adapters.slack.client import error_code
from adapters.slack.mrkdwn import escape
from jobbot.announce.commands import Asker
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import UNAVAILABLE_NO_DATABASE, VERBS, Subscriptions
from jobbot.clock import Clock
from jobbot.settings import Settings

log = logging.getLogger("jobbot.slack.subscriptions")

PLATFORM: Final = "slack"
MANAGING_VERBS: Final = frozenset({"subscribe", "unsubscribe"})
ROLE_FLAGS: Final = ("is_admin", "is_owner", "is_primary_owner")


@dataclass(frozen=True)
class Permission:
    """Whether a user may change subscriptions; `problem` says why we could not tell."""

    allowed: bool
    problem: str = ""


def role_check_failed(code: str) -> str:
    """Shown before the refusal when Slack would not tell us the user's role."""
    return (
        f":warning: I couldn't check your role in this workspace (Slack said `{escape(code)}`), "
        "so I can't treat you as an admin. Ask a workspace admin, or ask whoever runs jobbot "
        "to add your member ID to `JOBBOT_SLACK_ADMINS`."
    )


class SlackSubscriptions:
    """The subscription subcommands of `/jobs`, for `build_app(subcommands=...)`."""

    def __init__(self, service: Subscriptions | None, admins: Iterable[str] = ()) -> None:
        """`service` None means the database is unusable: every command says so."""
        self.service = service
        self.admins = frozenset(a.strip().upper() for a in admins if a.strip())

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        store: Store | None,
        engine: Asker | None = None,
        clock: Clock | None = None,
    ) -> SlackSubscriptions:
        """`engine` lets `subscribe` say how many postings already match (and reject queries
        with nothing to match on), exactly as `/jobs` would read them."""
        service = Subscriptions(store, clock, engine) if store is not None else None
        return cls(service, settings.slack_admins)

    def subcommands(self) -> dict[str, Subcommand]:
        return {verb: functools.partial(self.handle, verb) for verb in VERBS}

    def handle(self, verb: str, context: SlashContext) -> None:
        """Answer one subscription command, privately, to the person who ran it."""
        if context.channel is None:
            context.respond(text="I can't tell which channel this is.", response_type="ephemeral")
            return
        if self.service is None:
            context.respond(text=escape(UNAVAILABLE_NO_DATABASE), response_type="ephemeral")
            return
        permission = (
            self.permission(context.client, context.user)
            if verb in MANAGING_VERBS
            else Permission(False)
        )
        reply = self.service.handle(
            PLATFORM,
            context.channel,
            context.user,
            permission.allowed,
            f"{verb} {context.args}".strip(),
        )
        payload = blocks.reply_payload(reply, permission.problem)
        context.respond(**payload, response_type="ephemeral")

    def permission(self, client: WebClient, user: str | None) -> Permission:
        """Listed in JOBBOT_SLACK_ADMINS, or a workspace admin/owner per `users.info`."""
        if not user:
            return Permission(False)
        if user.upper() in self.admins:
            return Permission(True)
        try:
            response = client.users_info(user=user)
        except SlackApiError as error:
            code = error_code(error)
            log.warning("users.info failed for a subscription command: %s", code)
            return Permission(False, role_check_failed(code))
        except OSError as error:  # Slack unreachable: same answer, no traceback
            log.warning("users.info failed for a subscription command: %s", type(error).__name__)
            return Permission(False, role_check_failed("unreachable"))
        profile: Any = response.get("user") or {}
        if profile.get("deleted"):
            return Permission(False)
        return Permission(any(bool(profile.get(flag)) for flag in ROLE_FLAGS))
