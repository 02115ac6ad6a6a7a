"""Channel subscriptions as a chat command, independent of the platform.

Adapters decide who may manage a channel (Slack: workspace admin/owner or JOBBOT_SLACK_ADMINS;
Discord: Manage Channels) and pass that as `can_manage`; this module does the rest and answers
in markdown, so `/jobs subscribe` in Slack, `/subscribe` in Discord and the console chat all
behave alike.
"""

from __future__ import annotations

import logging
from typing import Final

from jobbot.announce.commands import (
    Asker,
    current_matches,
    matching_now,
    nothing_to_match,
    record_number,
    starts_with_verb,
    too_long,
    which_one,
)
from jobbot.announce.database import StoreError
from jobbot.announce.store import Store, Subscription
from jobbot.clock import Clock, SystemClock
from jobbot.models import CommandSyntax, Request
from jobbot.present import DEFAULT_SYNTAX, code

log = logging.getLogger(__name__)

VERBS: Final = ("subscribe", "subscriptions", "unsubscribe")
MAX_PER_CHANNEL: Final = 25
UNAVAILABLE_NO_DATABASE: Final = (
    "Subscriptions are unavailable: this bot has no working database "
    "(JOBBOT_DATABASE_URL). Searching with `/jobs` still works."
)
UNAVAILABLE: Final = (
    "Subscriptions are unavailable right now (the database did not answer). Try again later."
)


def is_subscription_command(text: str) -> bool:
    """True when `/jobs <text>` is about subscriptions rather than a search."""
    return starts_with_verb(text, VERBS)


class Subscriptions:
    """Subscribe, list and unsubscribe a channel; every method returns a markdown reply."""

    def __init__(
        self,
        store: Store,
        clock: Clock | None = None,
        engine: Asker | None = None,
        *,
        syntax: CommandSyntax = DEFAULT_SYNTAX,
        max_per_channel: int = MAX_PER_CHANNEL,
    ) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.engine = engine
        self.spell = syntax.spell
        self.max_per_channel = max_per_channel

    def handle(
        self, platform: str, channel: str, user: str | None, can_manage: bool, text: str
    ) -> str:
        """Run `subscribe <query>`, `subscriptions` or `unsubscribe <id>` given as text."""
        verb, _, rest = text.strip().partition(" ")
        verb = verb.casefold()
        if verb == "subscribe":
            return self.subscribe(platform, channel, user, rest, can_manage=can_manage)
        if verb == "subscriptions":
            return self.list(platform, channel)
        if verb == "unsubscribe":
            return self.unsubscribe(platform, channel, rest, can_manage=can_manage)
        return (
            f"Subscription commands: `{self.spell('subscribe', '<query>')}`, "
            f"`{self.spell('subscriptions')}`, `{self.spell('unsubscribe', '<number>')}`."
        )

    def subscribe(
        self, platform: str, channel: str, user: str | None, query: str, *, can_manage: bool
    ) -> str:
        """Announce new postings matching `query` in this channel from now on."""
        if not can_manage:
            return self._refusal()
        query = " ".join(query.split())
        if not query:
            return (
                "Tell me what to watch for, e.g. "
                f"`{self.spell('subscribe', 'backend remote')}` or "
                f"`{self.spell('subscribe', 'python 150k+')}`."
            )
        if refused := too_long(query):
            return refused
        request = Request(
            text=query, command="jobs", page_size=1, platform=platform, channel=channel, user=user
        )
        current = current_matches(self.engine, request, "a subscription")
        if current is False:
            return nothing_to_match(query)
        try:
            if len(self.store.subscriptions(platform, channel)) >= self.max_per_channel:
                return (
                    f"This channel already has {self.max_per_channel} subscriptions; remove one "
                    f"with `{self.spell('unsubscribe', '<number>')}` first."
                )
            sub, created = self.store.add_subscription(
                platform, channel, query, user, self.clock.now()
            )
        except StoreError:
            log.exception("subscribe failed")
            return UNAVAILABLE
        if not created:
            return f"This channel is already subscribed to {code(sub.query)} (#{sub.id})."
        already = ""
        if isinstance(current, int) and current:
            already = (
                f" {matching_now(current)} already; only postings added from now on are announced."
            )
        return (
            f"Subscribed this channel to {code(sub.query)} (#{sub.id}). New postings that match "
            f"will be announced here.{already} "
            f"Stop with `{self.spell('unsubscribe', str(sub.id))}`."
        )

    def list(self, platform: str, channel: str) -> str:
        """The channel's subscriptions; anyone may look."""
        try:
            subs = self.store.subscriptions(platform, channel)
        except StoreError:
            log.exception("listing subscriptions failed")
            return UNAVAILABLE
        if not subs:
            return (
                "This channel has no subscriptions. Add one with "
                f"`{self.spell('subscribe', 'backend remote')}`."
            )
        lines = ["**Subscriptions in this channel**"]
        lines += [self._line(sub) for sub in subs]
        lines.append(f"Remove one with `{self.spell('unsubscribe', '<number>')}`.")
        return "\n".join(lines)

    def unsubscribe(
        self, platform: str, channel: str, subscription_id: int | str, *, can_manage: bool
    ) -> str:
        """Remove one of this channel's subscriptions by its number."""
        if not can_manage:
            return self._refusal()
        number = record_number(str(subscription_id))
        if number is None:
            return which_one(
                str(subscription_id),
                "a subscription number",
                self.spell("unsubscribe", "3"),
                self.spell("subscriptions"),
            )
        try:
            removed = self.store.remove_subscription(platform, channel, number)
        except StoreError:
            log.exception("unsubscribe failed")
            return UNAVAILABLE
        if removed is None:
            return (
                f"This channel has no subscription #{number}. "
                f"`{self.spell('subscriptions')}` lists them."
            )
        return (
            f"Unsubscribed #{removed.id} ({code(removed.query)}). "
            "No more announcements for it here."
        )

    def _refusal(self) -> str:
        return (
            "Only people who can manage this channel can change its subscriptions. "
            f"Anyone can see them with `{self.spell('subscriptions')}`."
        )

    def _line(self, sub: Subscription) -> str:
        since = sub.created_at.strftime("%Y-%m-%d")
        by = f" by {sub.created_by}" if sub.created_by else ""
        return f"• #{sub.id} {code(sub.query)} — since {since}{by}"
