"""What the channel and member commands share (`subscriptions.py`, `personal.py`): telling
a command from a search, reading a record's number, and checking a standing query before it
is kept, so `/jobs subscribe` and `/jobs alert` accept and refuse queries alike.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Final, Protocol

from jobbot.models import Answer, Query, Request
from jobbot.present import code
from jobbot.search.query import has_filters

log = logging.getLogger(__name__)

MAX_QUERY_CHARS: Final = 300
MAX_NUMBER_DIGITS: Final = 12


class Asker(Protocol):
    """The part of `jobbot.engine.Engine` used here: the same query language as `/jobs`."""

    def ask(self, request: Request | str) -> Answer: ...


def starts_with_verb(text: str, verbs: Collection[str]) -> bool:
    """True when the first word of `/jobs <text>` is one of `verbs` (any case)."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].casefold() in verbs


def record_number(text: str) -> int | None:
    """`3` or `#3` → 3; None for anything that is not a plausible id."""
    raw = text.strip().lstrip("#")
    return int(raw) if raw.isdecimal() and len(raw) <= MAX_NUMBER_DIGITS else None


def which_one(given: str, noun: str, example: str, listing: str) -> str:
    """The reply to a removal whose number could not be read (`given` empty: none given)."""
    said = f"{code(given)} is not {noun}. " if given.strip().lstrip("#") else ""
    return f"{said}Which one? Give its number, e.g. `{example}`; `{listing}` lists them."


def has_criteria(query: Query) -> bool:
    """A parsed query that could match something: keywords or at least one filter."""
    return bool(query.keywords) or has_filters(query)


def too_long(query: str) -> str | None:
    """Why a standing query is refused for its length, or None."""
    if len(query) <= MAX_QUERY_CHARS:
        return None
    return (
        f"That query is too long ({len(query)} characters; at most {MAX_QUERY_CHARS}). "
        "A few words and filters work best."
    )


def nothing_to_match(query: str) -> str:
    """The reply to a standing query that has no keyword and no filter."""
    return (
        f"I can't find anything to match in {code(query)}. Try a role, a skill, "
        "a place or a filter such as `remote` or `150k+`."
    )


def current_matches(engine: Asker | None, request: Request, what: str) -> int | bool | None:
    """How many postings match today (int), False if the query has nothing to match on,
    None when there is no engine to ask (or it failed: that must not block the command)."""
    if engine is None:
        return None
    try:
        answer = engine.ask(request)
    except Exception:  # the engine promises not to raise; a bug must not block the command
        log.exception("engine failed on %s query", what)
        return None
    if not has_criteria(answer.query):
        return False
    return answer.total


def matching_now(count: int) -> str:
    """`1 current posting matches`, `3 current postings match`."""
    return f"{count} current {'posting matches' if count == 1 else 'postings match'}"
