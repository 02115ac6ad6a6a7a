"""👍/👎 on FAQ answers, the "did you mean" teach menu, and `/faq teach` in Slack.

The core `Learning` service stores ratings and phrasings and words every reply; this module
only reads clicks and decides who may teach: the same rule as for subscriptions (a workspace
admin or owner per `users.info`, or a member listed in `JOBBOT_SLACK_ADMINS`). Every reply
is private to the person who clicked. Registered with `build_app(listeners=[feedback.
register], faq_subcommands=feedback.subcommands())`; every listener goes through `listen`,
so Slack is acked before the database or `users.info` is touched.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Final

from slack_bolt import App, Respond
from slack_sdk import WebClient

from adapters.slack import blocks
from adapters.slack.app import SlashContext, Subcommand, checked, friendly, listen
from adapters.slack.subscriptions import SlackSubscriptions
from jobbot.announce.learning import UNAVAILABLE, Learning

log = logging.getLogger("jobbot.slack.feedback")

PLATFORM: Final = "slack"


class SlackFeedback:
    """The listeners for ratings and teaching, over a `Learning` service."""

    def __init__(self, learning: Learning | None, admins: frozenset[str] | tuple[str, ...] = ()):
        """`learning` None (or without a database) makes every click say so."""
        self.learning = learning
        # Who counts as an admin is the subscriptions' rule, checked the same way.
        self.roles = SlackSubscriptions(None, admins)

    def register(self, app: App) -> None:
        listen(app.action(blocks.ACTION_RATE_UP), self.on_rate_up)
        listen(app.action(blocks.ACTION_RATE_DOWN), self.on_rate_down)
        listen(app.action(blocks.ACTION_TEACH), self.on_teach)

    def subcommands(self) -> dict[str, Subcommand]:
        return {"teach": self.on_teach_command}

    # -- ratings ---------------------------------------------------------------------------

    def on_rate_up(self, body: dict[str, Any], action: dict, respond: Respond) -> None:
        self._rate(body, action, checked(respond), helpful=True)

    def on_rate_down(self, body: dict[str, Any], action: dict, respond: Respond) -> None:
        self._rate(body, action, checked(respond), helpful=False)

    def _rate(self, body: dict[str, Any], action: dict, respond: Respond, helpful: bool) -> None:
        with friendly(respond):
            try:
                value = json.loads(action.get("value") or "{}")
                entry = str(value["e"])
                question = str(value.get("q", ""))
            except (ValueError, KeyError, TypeError):
                _tell(respond, blocks_stale())
                return
            if self.learning is None:
                _tell(respond, UNAVAILABLE)
                return
            user = (body.get("user") or {}).get("id")
            _tell(respond, self.learning.rate(PLATFORM, user, entry, helpful, question))

    # -- teaching --------------------------------------------------------------------------

    def on_teach(
        self, body: dict[str, Any], action: dict, respond: Respond, client: WebClient
    ) -> None:
        """An admin picked an entry in a "did you mean" reply's menu."""
        respond = checked(respond)
        with friendly(respond):
            block_id = str(action.get("block_id") or "")
            entry = ((action.get("selected_option") or {}).get("value")) or ""
            if not block_id.startswith(blocks.TEACH_BLOCK) or not entry:
                _tell(respond, blocks_stale())
                return
            asked = block_id[len(blocks.TEACH_BLOCK) :]
            if self.learning is None:
                _tell(respond, UNAVAILABLE)
                return
            user = (body.get("user") or {}).get("id")
            permission = self.roles.permission(client, user)
            reply = self.learning.teach_entry(PLATFORM, user, permission.allowed, entry, asked)
            _tell(respond, reply, permission.problem)

    def on_teach_command(self, context: SlashContext) -> None:
        """`/faq teach <entry> <phrasing>` (no arguments lists the entries)."""
        if self.learning is None:
            _tell(context.respond, UNAVAILABLE)
            return
        permission = self.roles.permission(context.client, context.user)
        reply = self.learning.teach(PLATFORM, context.user, permission.allowed, context.args)
        _tell(context.respond, reply, permission.problem)


def blocks_stale() -> str:
    return "That button is from an older message; please ask again."


def _tell(respond: Respond, markdown: str, problem: str = "") -> None:
    """A private reply to the person who clicked, leaving the message they clicked alone."""
    respond(
        **blocks.reply_payload(markdown, problem),
        response_type="ephemeral",
        replace_original=False,
    )
