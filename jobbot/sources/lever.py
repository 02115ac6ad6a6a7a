"""Lever Postings API: `GET api.lever.co/v0/postings/{site}?mode=json`, paged by skip/limit.

Lever names no company (only the site), so the sources file's `company` or the site name is
used. `workplaceType` (`on-site`, `remote`, `hybrid`, `unspecified`) beats the text, whose
company boilerplate often talks about hybrid and remote work in general. `salaryRange` is
the pay when given; `createdAt` is epoch milliseconds.
"""

from __future__ import annotations

from typing import Any

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting
from jobbot.sources.build import (
    Hints,
    assemble,
    board_company,
    day_of,
    employment_of,
    joined,
    listed,
    name_of,
    salary_of,
    text_of,
    workplace_of,
)
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import MAX_PAGES, Harvest, ItemCache, vendor_error
from jobbot.sources.specs import SourceSpec

API = "https://api.lever.co/v0/postings/{site}?mode=json"
PAGE_SIZE = 100


def endpoint(spec: SourceSpec) -> str:
    return spec.url or API.format(site=spec.ident)


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    """Every page: `skip` moves by `limit` until a page comes back short."""
    result = Harvest(unchanged=True)
    cache = ItemCache(memo)
    seen: set[str] = set()
    for number in range(MAX_PAGES):
        params: dict[str, object] = {"skip": number * PAGE_SIZE, "limit": PAGE_SIZE}
        if "mode=" not in endpoint(spec):
            params["mode"] = "json"  # a `url` without it (the EU host) would answer HTML
        page = http.get(endpoint(spec), params=params, accept="application/json")
        result.unchanged = result.unchanged and page.not_modified
        items = page.json()
        if not isinstance(items, list):
            said = vendor_error(items)
            raise FetchError(
                f"{page.url}: not a Lever postings list"
                + (f" (the server says: {said})" if said else "")
            )
        fresh = [i for i in items if not (isinstance(i, dict) and i.get("id") in seen)]
        if items and not fresh:
            break  # the server ignores `skip`: this page repeats the last one
        for item in fresh:
            if isinstance(item, dict) and item.get("id"):
                seen.add(str(item["id"]))
        result.extend(parse_postings(fresh, spec, cache))
        if len(items) < PAGE_SIZE:
            break
    cache.done()
    return result


def parse_postings(items: list[Any], spec: SourceSpec, cache: ItemCache | None = None) -> Harvest:
    result = Harvest()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("id"):
            result.problems.append(f"posting {number}: not a Lever posting; skipped")
            continue
        build = lambda item=item: to_posting(item, spec)  # noqa: E731
        result.add_item(item, build, f"posting {item['id']}", cache)
    return result


def to_posting(item: dict[str, Any], spec: SourceSpec) -> Posting | None:
    """One Lever posting as a posting."""
    categories = item.get("categories") if isinstance(item.get("categories"), dict) else {}
    locations = categories.get("allLocations")
    location = text_of(categories.get("location"))
    if isinstance(locations, list) and len(locations) > 1:
        location = joined(locations)
    pay = item.get("salaryRange") if isinstance(item.get("salaryRange"), dict) else {}
    hints = Hints(
        title=text_of(item.get("text")) or "",
        company=board_company(spec),
        location=location,
        workplace=workplace_of(item.get("workplaceType")),
        employment=employment_of(categories.get("commitment")),
        salary=salary_of(pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("interval")),
        department=name_of(categories.get("department")) or name_of(categories.get("team")),
        date_posted=day_of(item.get("createdAt")),
        url=text_of(item.get("hostedUrl")) or text_of(item.get("applyUrl")),
    )
    return assemble(spec, item["id"], hints, description(item))


def description(item: dict[str, Any]) -> str:
    """Opening and description, each list under its heading, then the closing text."""
    parts = [_plain(item, "description")]
    for entry in listed(item.get("lists")):
        if isinstance(entry, dict):
            heading = text_of(entry.get("text"))
            content = entry.get("content")
            body = html_text(f"<ul>{content}</ul>") if isinstance(content, str) else ""
            parts.append(f"## {heading}\n{body}" if heading else body)
    parts.append(_plain(item, "additional"))
    parts.append(_plain(item, "salaryDescription"))
    return "\n\n".join(part for part in parts if part)


def _plain(item: dict[str, Any], name: str) -> str:
    plain = item.get(f"{name}Plain")
    if isinstance(plain, str) and plain.strip():
        return plain.strip()
    markup = item.get(name)
    return html_text(markup) if isinstance(markup, str) else ""
