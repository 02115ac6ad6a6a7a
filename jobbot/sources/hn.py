"""Hacker News "Ask HN: Who is hiring?" threads, through the public HN API.

`GET /v0/item/{thread}.json` lists the thread's top-level comments (`kids`); each is read
from `/v0/item/{id}.json`, a few at a time. A comment is a posting when its first line is
the customary header, `Company | Role | Location | REMOTE | $150k–$190k | url`; others
(questions, meta comments), deleted and dead ones are skipped. Comments older than the
edit window are not read again while the process lives.
"""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from jobbot.ingest.fields import employment_from_text, workplace_from_text
from jobbot.ingest.salary import parse_salary
from jobbot.models import Posting
from jobbot.sources.build import Hints, assemble, day_of
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import Harvest
from jobbot.sources.markup import html_text
from jobbot.sources.specs import SourceSpec

API: Final = "https://hacker-news.firebaseio.com/v0/item/{id}.json"
MAX_COMMENTS: Final = 2000
WORKERS: Final = 8
SETTLED_AFTER: Final = 3 * 3600
"""HN allows edits for two hours; a comment read later than this after it was written is
final (bar deletion, which removes it from the thread's `kids`)."""

_ROLE = re.compile(
    r"\b(?:engineer|developer|programmer|designer|manager|scientist|researcher|analyst|"
    r"architect|lead|head of|director|cto|vp|sre|devops|founding|intern|specialist|"
    r"consultant|administrator|writer|recruiter|marketer|product|support|technician|"
    r"devrel|advocate|staff|principal|senior|junior|swe|ml|data)\b",
    re.I,
)
_SALARY_HINT = re.compile(r"[$€£¥₹]\s?\d|\d\s?[kK]\b|\b(?:USD|EUR|GBP|CAD|CHF)\b")
_URL = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|io|ai|co|dev|org|net)\b", re.I)
_NOT_PLACE = re.compile(r"\bvisa\b|\bsponsor|\bequity\b|\binterns?hip\b", re.I)


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
                cache[kid] = {"id": kid, "deleted": True, "_read_at": now}
    for kid in kids:
        item = cache.get(kid)
        if item is None:
            continue
        if item.get("deleted") or item.get("dead") or not isinstance(item.get("text"), str):
            result.skipped += 1
            continue
        posting = to_posting(item, spec)
        if posting is None:
            result.skipped += 1
        else:
            result.postings.append(posting)
    for stale in set(cache) - set(kids):
        del cache[stale]
    return result


def _unsettled(item: dict[str, Any], now: float) -> bool:
    written = item.get("time")
    read_at = item.get("_read_at", 0)
    return not isinstance(written, int) or read_at - written < SETTLED_AFTER


def to_posting(item: dict[str, Any], spec: SourceSpec) -> Posting | None:
    """A top-level comment as a posting, or None when it is not a job post."""
    markup = item["text"]
    first = html.unescape(re.split(r"<p>|\n", markup, maxsplit=1)[0])
    first = html_text(first)
    header = parse_header(first)
    if header is None:
        return None
    header.date_posted = day_of(item.get("time"))
    header.url = f"https://news.ycombinator.com/item?id={item['id']}"
    return assemble(spec, item["id"], header, html_text(markup))


def parse_header(line: str) -> Hints | None:
    """`Company | Role | Location | REMOTE | $150k` as hints; None without `|` fields."""
    parts = [" ".join(p.split()) for p in re.split(r"\s[|｜]\s|\s[|｜]|[|｜]\s", line)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or len(line) > 400:
        return None
    company, rest = parts[0], parts[1:]
    role = next((p for p in rest if _ROLE.search(p) and not _URL.fullmatch(p)), None)
    hints = Hints(title=role or rest[0], company=re.sub(r"\s*\(.*?\)\s*$", "", company) or company)
    places: list[str] = []
    for part in rest:
        if part == hints.title:
            continue
        if _URL.search(part) and len(part.split()) <= 2:
            continue
        kinds = workplace_from_text(part)
        if kinds:
            hints.workplace += [k for k in kinds if k not in hints.workplace]
            if re.search(r"\(|,", part):
                places.append(part)  # `Remote (US/Canada)` keeps its region
            continue
        if _SALARY_HINT.search(part):
            hints.salary = hints.salary or parse_salary(part)
            continue
        kinds_e = employment_from_text(part)
        if kinds_e:
            hints.employment += [k for k in kinds_e if k not in hints.employment]
            continue
        if _NOT_PLACE.search(part) or _ROLE.search(part):
            continue
        places.append(part)
    hints.location = "; ".join(places) or None
    return hints
