"""Job feeds: RSS 2.0 and Atom (read by feedparser), JSON Feed, and JSON job boards that page
with `links.next` (Arbeitnow) or answer a bare array (Remote OK).

Which one a response is, is read from the response itself, so `kind = "feed"` takes any of
them. A title written `Company: Role` (We Work Remotely) gives both. Next pages are followed
only on the feed's own host, and never past `MAX_PAGES`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting
from jobbot.sources.build import (
    Hints,
    assemble,
    day_of,
    employment_of,
    listed,
    salary_of,
    text_of,
    workplace_of,
)
from jobbot.sources.fetch import HTML_PAGE, Fetcher, FetchError, Page, looks_like_html
from jobbot.sources.harvest import MAX_PAGES, Harvest
from jobbot.sources.specs import SourceSpec

ACCEPT = "application/feed+json, application/json, application/rss+xml, application/atom+xml, */*"


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    result = Harvest(unchanged=True)
    url: str | None = spec.url or ""
    seen: set[str] = set()
    home = urlsplit(url).netloc
    while url and url not in seen and len(seen) < MAX_PAGES:
        seen.add(url)
        page = http.get(url, accept=ACCEPT)
        result.unchanged = result.unchanged and page.not_modified
        parsed, next_url = parse_page(page, spec)
        result.extend(parsed)
        url = urljoin(page.url, next_url) if next_url else None
        if url and urlsplit(url).netloc != home:
            result.problems.append(f"next page {url} is on another host; not followed")
            url = None
    return result


def parse_page(page: Page, spec: SourceSpec) -> tuple[Harvest, str | None]:
    """The postings on one page of a feed, and the next page's URL when it names one."""
    head = page.body.lstrip()[:1]
    if head in (b"{", b"["):
        return parse_json(page.json(), spec, page.url)
    return parse_xml(page.body, spec, page.url), None


def parse_xml(body: bytes, spec: SourceSpec, where: str = "") -> Harvest:
    feed = feedparser.parse(body)
    if not feed.entries and not feed.get("version"):
        if looks_like_html(body):
            raise FetchError(f"{where or spec.key}: {HTML_PAGE}, not an RSS or Atom feed")
        reason = getattr(feed, "bozo_exception", None) or "no entries"
        raise FetchError(f"{where or spec.key}: not an RSS or Atom feed ({reason})")
    result = Harvest()
    for number, entry in enumerate(feed.entries, start=1):
        result.add_item(None, lambda entry=entry: _from_entry(entry, spec), f"item {number}")
    return result


def _from_entry(entry: Any, spec: SourceSpec) -> Posting | None:
    company, title = split_title(text_of(entry.get("title")) or "")
    detail = entry.get("author_detail")
    author = text_of(detail.get("name")) if isinstance(detail, dict) else None
    company = company or _organisation(author or text_of(entry.get("author")))
    content = entry.get("content")
    markup = content[0].get("value") if isinstance(content, list) and content else None
    markup = markup or entry.get("summary") or entry.get("description") or ""
    region = text_of(entry.get("region")) or text_of(entry.get("location"))
    hints = Hints(
        title=title,
        company=spec.company or company,
        location=region,
        employment=employment_of(entry.get("type")),
        date_posted=_day(entry.get("published_parsed") or entry.get("updated_parsed")),
        url=text_of(entry.get("link")),
    )
    ident = entry.get("id") or entry.get("guid") or entry.get("link") or title
    return assemble(spec, ident, hints, html_text(str(markup)))


def split_title(title: str) -> tuple[str | None, str]:
    """`Acme Analytics: Senior Backend Engineer` → company and role (We Work Remotely's way
    of titling items); any other title is the role alone."""
    head, sep, rest = title.partition(": ")
    if sep and rest.strip() and len(head) <= 80:
        return head.strip(), rest.strip()
    return None, title


def _organisation(author: str | None) -> str | None:
    """An item's author as the hiring company (Atom `<author><name>`, RSS `dc:creator`, JSON
    Feed `authors`), unless it is an e-mail address: a job feed's author is its employer."""
    if not author or "@" in author:
        return None
    return author


def _day(parsed: Any) -> date | None:
    """feedparser's `*_parsed` (a UTC `time.struct_time`) as a date."""
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (AttributeError, ValueError):
        return None


def parse_json(payload: Any, spec: SourceSpec, where: str = "") -> tuple[Harvest, str | None]:
    """A JSON Feed (`items`, `next_url`), a `data` + `links.next` board, or a bare array."""
    result = Harvest()
    if isinstance(payload, dict) and isinstance(payload.get("items"), list):
        for number, item in enumerate(payload["items"], start=1):
            if isinstance(item, dict):
                result.add_item(
                    None, lambda item=item: _from_json_feed(item, spec), f"item {number}"
                )
            else:
                result.problems.append(f"item {number}: not a JSON Feed item; skipped")
        return result, text_of(payload.get("next_url"))
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        items = payload["data"]
        links = payload.get("links") if isinstance(payload.get("links"), dict) else {}
        next_url = text_of(links.get("next"))
    elif isinstance(payload, list):
        items, next_url = payload, None
    else:
        raise FetchError(f"{where or spec.key}: not a job feed (no items, data or list of jobs)")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.problems.append(f"job {number}: not a job; skipped")
        elif not (item.get("title") or item.get("position")):
            result.skipped += 1  # Remote OK's first element is its terms of use
        else:
            result.add_item(None, lambda item=item: _from_board_job(item, spec), f"job {number}")
    return result, next_url


def _from_json_feed(item: dict[str, Any], spec: SourceSpec) -> Posting | None:
    markup = item.get("content_html") or item.get("summary")
    text = html_text(markup) if isinstance(markup, str) else text_of(item.get("content_text"))
    authors = list(item["authors"]) if isinstance(item.get("authors"), list) else []
    authors.append(item.get("author"))  # JSON Feed 1.0 has one `author`, 1.1 `authors`
    author = next((a.get("name") for a in authors if isinstance(a, dict)), None)
    company, title = split_title(text_of(item.get("title")) or "")
    hints = Hints(
        title=title,
        company=spec.company or company or _organisation(text_of(author)),
        date_posted=day_of(item.get("date_published") or item.get("date_modified")),
        url=text_of(item.get("url")) or text_of(item.get("external_url")),
    )
    ident = item.get("id") or item.get("url") or item.get("title")
    return assemble(spec, ident, hints, text or "")


def _from_board_job(item: dict[str, Any], spec: SourceSpec) -> Posting | None:
    tags = [t for t in listed(item.get("tags")) if isinstance(t, str)]
    types = [t for t in listed(item.get("job_types")) if isinstance(t, str)]
    workplace = workplace_of(item.get("remote") if isinstance(item.get("remote"), str) else None)
    if item.get("remote") is True:
        workplace = ["remote"]
    hints = Hints(
        title=text_of(item.get("title")) or text_of(item.get("position")) or "",
        company=spec.company or text_of(item.get("company_name")) or text_of(item.get("company")),
        location=text_of(item.get("location")),
        workplace=workplace,
        employment=employment_of(*types),
        salary=salary_of(
            item.get("salary_min"),
            item.get("salary_max"),
            item.get("salary_currency") or "USD",  # Remote OK states pay in US dollars
            item.get("salary_period") or "year",
        ),
        date_posted=day_of(item.get("created_at") or item.get("epoch") or item.get("date")),
        url=text_of(item.get("url")) or text_of(item.get("apply_url")),
    )
    description = item.get("description")
    text = html_text(description) if isinstance(description, str) else ""
    if tags:
        text = f"{text}\n\nTags: {', '.join(tags)}"
    ident = (
        item.get("slug")
        or item.get("id")
        or item.get("url")
        or json.dumps(item, sort_keys=True)[:200]
    )
    return assemble(spec, ident, hints, text)
