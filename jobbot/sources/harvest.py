"""What a connector hands back from one read of its source, and the contract it meets.

A connector is a function `(spec, http, memo) -> Harvest`: it builds its vendor's URLs from
the spec, pages through them with the shared `Fetcher`, and maps each item to a `Posting`
through `jobbot.sources.build`. `memo` is the source's own dict, kept between syncs in the
same process (Hacker News comments already read, SmartRecruiters details already fetched).
A malformed item is reported in `problems` and skipped; only a failure to read the source
as a whole raises.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from jobbot.models import Posting
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.specs import SourceSpec
from jobbot.untrusted import printable

log = logging.getLogger(__name__)

MAX_PAGES = 200
"""No paged API is followed further than this, whatever it says about its next page."""


@dataclass(slots=True)
class Harvest:
    """The postings read, what was left out on purpose, and what could not be read."""

    postings: list[Posting] = field(default_factory=list)
    skipped: int = 0
    """Items the vendor marks as not for publishing (Ashby `isListed: false`)."""
    problems: list[str] = field(default_factory=list)
    """Items or pages that could not be read, each with its reason; the rest still count."""
    unchanged: bool = False
    """Every response was a 304 (Not Modified)."""

    def add(self, posting: Posting | None, what: str) -> None:
        if posting is None:
            self.problems.append(f"{what}: no title; skipped")
        else:
            self.postings.append(posting)

    def add_item(
        self,
        raw: Any,
        build: Callable[[], Posting | None],
        what: str,
        cache: ItemCache | None = None,
    ) -> None:
        """The posting `build` makes of one vendor item; with a `cache`, built again only
        when the item changed since the last sync. An item that cannot be built is reported
        and skipped: one odd job never takes its whole board down."""
        try:
            posting = cache.posting(raw, build) if cache is not None else build()
        except Exception as exc:  # a shape no connector foresaw, in one item
            log.warning("%s could not be read", what, exc_info=True)
            self.problems.append(f"{what}: could not be read ({type(exc).__name__}); skipped")
            return
        self.add(posting, what)

    def extend(self, page: Harvest) -> None:
        """Take in what one page of a paged source read."""
        self.postings += page.postings
        self.skipped += page.skipped
        self.problems += page.problems


def item_list(payload: Any, key: str, where: str, what: str) -> list[Any]:
    """The list a vendor's JSON object holds under `key`; anything else is not `what` (the
    whole response is unusable: `FetchError` naming `where`)."""
    items = payload.get(key) if isinstance(payload, dict) else None
    if not isinstance(items, list):
        said = vendor_error(payload)
        reason = f"the server says: {said}" if said else f"no '{key}' list"
        raise FetchError(f"{where}: not {what} ({reason})")
    return items


def vendor_error(payload: Any) -> str | None:
    """The message of an error a vendor sends as data, often with status 200
    (`{"ok": false, "error": "Document not found"}`, `{"message": ...}`, `{"errors": [...]}`),
    cut short: it is shown to whoever runs `jobbot sources`."""
    if not isinstance(payload, dict):
        return None
    found: Any = None
    for key in ("error", "message", "errors", "error_description", "detail"):
        found = payload.get(key)
        if isinstance(found, list) and found:
            found = found[0]
        if isinstance(found, dict):
            found = found.get("message") or found.get("detail") or found.get("code")
        if isinstance(found, str | int) and not isinstance(found, bool) and str(found).strip():
            return " ".join(printable(str(found)).split())[:200]  # untrusted: no escapes
    return None


Connector: TypeAlias = Callable[[SourceSpec, Fetcher, dict[str, Any]], Harvest]


class ItemCache:
    """Postings already built from identical vendor items, kept in a source's `memo`.

    Reading a description costs milliseconds (every extractor runs over its text) while a
    board changes a few jobs a day, so a sync rebuilds only the items whose JSON changed.
    Items not seen in a sync are dropped from the cache when it ends (`done`)."""

    def __init__(self, memo: dict[str, Any]) -> None:
        self._old: dict[str, Posting | None] = memo.get("items", {})
        self._new: dict[str, Posting | None] = {}
        self._memo = memo

    def posting(self, raw: Any, build: Callable[[], Posting | None]) -> Posting | None:
        try:
            text = json.dumps(raw, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return build()
        key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key in self._new:
            return self._new[key]
        found = self._old[key] if key in self._old else build()
        self._new[key] = found
        return found

    def done(self) -> None:
        self._memo["items"] = self._new


BoardParser: TypeAlias = Callable[[Any, SourceSpec, str, ItemCache], Harvest]


def whole_board(
    spec: SourceSpec, http: Fetcher, memo: dict[str, Any], url: str, parse: BoardParser
) -> Harvest:
    """A board that answers with every job in one JSON response (no paging): read it once,
    build only the items that changed, and say whether the server answered 304."""
    page = http.get(url, accept="application/json")
    cache = ItemCache(memo)
    result = parse(page.json(), spec, page.url, cache)
    cache.done()
    result.unchanged = page.not_modified
    return result
