"""Channel subscriptions as a chat command, independent of the platform.

Adapters decide who may manage a channel (Slack: workspace admin/owner or JOBBOT_SLACK_ADMINS;
Discord: Manage Channels) and pass that as `can_manage`; this module does the rest and answers
in markdown, so `/jobs subscribe` in Slack, `/subscribe` in Discord and the console chat all
behave alike.
"""

from __future__ import annotations

import logging
from typing import Final, Protocol

from jobbot.announce.database import StoreError
from jobbot.announce.store import Store, Subscription
from jobbot.clock import Clock, SystemClock
from jobbot.models import Answer, CommandSyntax, Query, Request
from jobbot.present import DEFAULT_SYNTAX, code
from jobbot.search.query import has_filters

log = logging.getLogger(__name__)

VERBS: Final = ("subscribe", "subscriptions", "unsubscribe")
MAX_QUERY_CHARS: Final = 300
MAX_PER_CHANNEL: Final = 25
UNAVAILABLE_NO_DATABASE: Final = (
    "Subscriptions are unavailable: this bot has no working database "
    "(JOBBOT_DATABASE_URL). Searching with `/jobs` still works."
)
UNAVAILABLE: Final = (
    "Subscriptions are unavailable right now (the database did not answer). Try again later."
)


class Asker(Protocol):
    """The part of `jobbot.engine.Engine` used here: the same query language as `/jobs`."""

    def ask(self, request: Request | str) -> Answer: ...


def is_subscription_command(text: str) -> bool:
    """True when `/jobs <text>` is about subscriptions rather than a search."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].casefold() in VERBS


def has_criteria(query: Query) -> bool:
    """A parsed query that could match something: keywords or at least one filter."""
    return bool(query.keywords) or has_filters(query)


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
        if len(query) > MAX_QUERY_CHARS:
            return (
                f"That query is too long ({len(query)} characters; at most {MAX_QUERY_CHARS}). "
                "A few words and filters work best."
            )
        current = self._current_matches(query, platform, channel, user)
        if current is False:
            return (
                f"I can't find anything to match in {code(query)}. Try a role, a skill, "
                "a place or a filter such as `remote` or `150k+`."
            )
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
            noun = "posting matches" if current == 1 else "postings match"
            already = (
                f" {current} current {noun} already; only postings added from now on are announced."
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
        raw = str(subscription_id).strip().lstrip("#")
        if not raw.isdecimal() or len(raw) > 12:
            given = f"{code(str(subscription_id))} is not a subscription number. " if raw else ""
            return (
                f"{given}Which one? Give its number, e.g. `{self.spell('unsubscribe', '3')}`; "
                f"`{self.spell('subscriptions')}` lists them."
            )
        try:
            removed = self.store.remove_subscription(platform, channel, int(raw))
        except StoreError:
            log.exception("unsubscribe failed")
            return UNAVAILABLE
        if removed is None:
            return (
                f"This channel has no subscription #{int(raw)}. "
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

    def _current_matches(
        self, query: str, platform: str, channel: str, user: str | None
    ) -> int | bool | None:
        """How many postings match today (int), False if the query has nothing to match on,
        None when there is no engine to ask."""
        if self.engine is None:
            return None
        request = Request(
            text=query, command="jobs", page_size=1, platform=platform, channel=channel, user=user
        )
        try:
            answer = self.engine.ask(request)
        except Exception:  # the engine promises not to raise; a bug must not block subscribing
            log.exception("engine failed on subscription query")
            return None
        if not has_criteria(answer.query):
            return False
        return answer.total
