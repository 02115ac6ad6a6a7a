"""Hacker News "Ask HN: Who is hiring?" threads, through the public HN API.

`GET /v0/item/{thread}.json` lists the thread's top-level comments (`kids`); each is read
from `/v0/item/{id}.json`, a few at a time. A comment is a posting when its first line is
the customary header, `Company | Role | Location | REMOTE | $150k–$190k | url`; others
(questions, meta comments), deleted and dead ones are skipped. Each comment is read by
`jobbot.ingest.hn`, the same reader knowledge files use. Comments older than the
edit window are not read again while the process lives.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.header import header_hints
from jobbot.ingest.hn import posting_from_hn_comment
from jobbot.ingest.html import html_to_text
from jobbot.models import Posting
from jobbot.sources.build import content_hash, day_of, posting_id
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import Harvest, ItemCache
from jobbot.sources.specs import SourceSpec

API: Final = "https://hacker-news.firebaseio.com/v0/item/{id}.json"
MAX_COMMENTS: Final = 2000
WORKERS: Final = 8
SETTLED_AFTER: Final = 3 * 3600
"""HN allows edits for two hours; a comment read later than this after it was written is
final (bar deletion, which removes it from the thread's `kids`)."""


def thread_url(spec: SourceSpec) -> str:
    return spec.url or API.format(id=spec.ident)


def item_url(spec: SourceSpec, item_id: int) -> str:
    parts = urlsplit(thread_url(spec))
    folder = parts.path.rsplit("/", 1)[0]
    return urlunsplit(parts._replace(path=f"{folder}/{item_id}.json", query=""))


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    thread = http.json(thread_url(spec))
    if not isinstance(thread, dict) or not isinstance(thread.get("kids", []), list):
        raise FetchError(f"{thread_url(spec)}: not a Hacker News item")
    kids = [k for k in thread.get("kids", []) if isinstance(k, int)][:MAX_COMMENTS]
    cache: dict[int, dict[str, Any]] = memo.setdefault("comments", {})
    now = http.clock.now().timestamp()
    wanted = [k for k in kids if k not in cache or _unsettled(cache[k], now)]
    result = Harvest()

    def read(kid: int) -> tuple[int, Any]:
        try:
            return kid, http.json(item_url(spec, kid))
        except FetchError as exc:
            return kid, exc

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for kid, item in pool.map(read, wanted):
            if isinstance(item, FetchError):
                result.problems.append(f"comment {kid}: {item}")
            elif isinstance(item, dict):
                cache[kid] = {**item, "_read_at": now}
            else:
                cache[kid] = {"id": kid, "deleted": True, "time": 0, "_read_at": now}
    built = ItemCache(memo)
    for kid in kids:
        item = cache.get(kid)
        if item is None:
            continue
        if item.get("deleted") or item.get("dead") or not isinstance(item.get("text"), str):
            result.skipped += 1
            continue
        raw = {k: v for k, v in item.items() if k != "_read_at"}
        posting = built.posting(raw, lambda item=item: to_posting(item, spec))
        if posting is None:
            result.skipped += 1
        else:
            result.postings.append(posting)
    built.done()
    for stale in set(cache) - set(kids):
        del cache[stale]
    return result


def _unsettled(item: dict[str, Any], now: float) -> bool:
    written = item.get("time")
    read_at = item.get("_read_at", 0)
    return not isinstance(written, int) or read_at - written < SETTLED_AFTER


def to_posting(item: dict[str, Any], spec: SourceSpec) -> Posting | None:
    """A top-level comment as a posting, or None when it is not a job post (its first line
    is no `Company | Role | ...` header). The comment itself is read by `jobbot.ingest`."""
    markup = item["text"]
    first = html_to_text(re.split(r"<p>|\n", markup, maxsplit=1)[0])
    if not header_hints(first):
        return None
    try:
        posting = posting_from_hn_comment(markup, f"{spec.kind}/{spec.ident}")
    except DocumentError:
        return None
    posting.id = posting_id(spec, item["id"])
    posting.origin = spec.key
    posting.date_posted = day_of(item.get("time")) or posting.date_posted
    posting.url = f"https://news.ycombinator.com/item?id={item['id']}"
    posting.content_hash = content_hash(posting)
    return posting
