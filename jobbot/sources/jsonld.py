"""Career pages with schema.org `JobPosting` markup in JSON-LD, listed by URL or by sitemap.

`urls` may name job pages or sitemaps (`<urlset>`, one level of `<sitemapindex>`); every
page is read (a few at a time, at most `MAX_PAGES`) and each `JobPosting` in its
`<script type="application/ld+json">` blocks becomes a posting. Pages without one are not
errors: a careers sitemap also lists the team page. When the markup says `TELECOMMUTE` but
the page's own text says hybrid or on-site, the text wins (pages are known to contradict
their markup).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from jobbot.ingest.fields import workplace_from_body
from jobbot.ingest.salary import salary_from_value
from jobbot.models import Posting
from jobbot.sources.build import (
    Hints,
    assemble,
    day_of,
    employment_of,
    name_of,
    text_of,
)
from jobbot.sources.fetch import Fetcher, FetchError, Page
from jobbot.sources.harvest import MAX_PAGES, Harvest
from jobbot.sources.markup import html_text
from jobbot.sources.specs import SourceSpec

WORKERS: Final = 4


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    result = Harvest(unchanged=True)
    pages: list[str] = []
    failures = 0
    for url in spec.urls or ((spec.url,) if spec.url else ()):
        try:
            page = http.get(url)
        except FetchError as exc:
            failures += 1
            result.problems.append(str(exc))
            continue
        locs = sitemap_urls(page.body)
        if locs is None:
            result.unchanged = result.unchanged and page.not_modified
            _collect(result, page, spec)
            continue
        for loc in locs:
            child = _maybe_sitemap(http, loc, result) if loc.endswith(".xml") else None
            pages += child if child is not None else [loc]
    pages = list(dict.fromkeys(pages))
    if len(pages) > MAX_PAGES:
        result.problems.append(f"{len(pages)} pages listed; read the first {MAX_PAGES}")
        pages = pages[:MAX_PAGES]

    def read(url: str) -> Page | FetchError:
        try:
            return http.get(url)
        except FetchError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for got in pool.map(read, pages):
            if isinstance(got, FetchError):
                failures += 1
                result.problems.append(str(got))
            else:
                result.unchanged = result.unchanged and got.not_modified
                _collect(result, got, spec)
    read_any = len(spec.urls or (spec.url,)) + len(pages) > failures
    if not read_any:
        raise FetchError(f"{spec.key}: no page could be read ({result.problems[0]})")
    return result


def _maybe_sitemap(http: Fetcher, url: str, result: Harvest) -> list[str] | None:
    try:
        page = http.get(url)
    except FetchError as exc:
        result.problems.append(str(exc))
        return []
    return sitemap_urls(page.body)


def _collect(result: Harvest, page: Page, spec: SourceSpec) -> None:
    for number, item in enumerate(job_postings(page.text()), start=1):
        result.add(to_posting(item, page.url, spec), f"{page.url} posting {number}")


def sitemap_urls(body: bytes) -> list[str] | None:
    """The `<loc>` URLs of a sitemap, or None when the body is not one."""
    head = body.lstrip()[:300]
    if not (head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head):
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if root.tag.rsplit("}", 1)[-1] not in ("urlset", "sitemapindex"):
        return None
    return [
        (el.text or "").strip()
        for el in root.iter()
        if el.tag.rsplit("}", 1)[-1] == "loc" and (el.text or "").strip().startswith("http")
    ]


def job_postings(markup: str) -> list[dict[str, Any]]:
    """Every schema.org JobPosting object in a page's JSON-LD blocks."""
    found: list[dict[str, Any]] = []
    if "ld+json" not in markup:
        return found
    tree = LexborHTMLParser(markup)
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except ValueError:
            continue
        found += [item for item in _objects(data) if _is_job_posting(item)]
    return found


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _objects(data["@graph"], depth + 1)


def _is_job_posting(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "JobPosting" for k in kinds)


def to_posting(item: dict[str, Any], page_url: str, spec: SourceSpec) -> Posting | None:
    """One JobPosting object as a posting."""
    description = item.get("description")
    text = html_text(description) if isinstance(description, str) else ""
    remote = str(item.get("jobLocationType", "")).upper() == "TELECOMMUTE"
    stated = workplace_from_body(text)
    places = [p for p in (_place(x) for x in _as_list(item.get("jobLocation"))) if p]
    if remote and not places:
        places = [
            n for x in _as_list(item.get("applicantLocationRequirements")) if (n := name_of(x))
        ]
    salary = (
        salary_from_value(item.get("baseSalary"))
        if isinstance(item.get("baseSalary"), dict)
        else None
    )
    hints = Hints(
        title=text_of(item.get("title")) or name_of(item) or "",
        company=spec.company or name_of(item.get("hiringOrganization")),
        location="; ".join(dict.fromkeys(places)) or None,
        workplace=stated or (["remote"] if remote else []),
        employment=employment_of(*_as_list(item.get("employmentType"))),
        salary=salary if salary and (salary.min or salary.max) else None,
        date_posted=day_of(item.get("datePosted")),
        valid_through=day_of(item.get("validThrough")),
        url=text_of(item.get("url")) or page_url,
        department=name_of(item.get("occupationalCategory"))
        if isinstance(item.get("occupationalCategory"), str)
        else None,
    )
    ident = _identifier(item.get("identifier")) or f"{hints.url}#{hints.title}"
    return assemble(spec, ident, hints, text)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _place(value: Any) -> str | None:
    if isinstance(value, str):
        return text_of(value)
    if not isinstance(value, dict):
        return None
    address = value.get("address", value)
    if isinstance(address, str):
        return text_of(address)
    if not isinstance(address, dict):
        return name_of(value)
    parts = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        part = address.get(key)
        part = name_of(part) if isinstance(part, dict) else text_of(part)
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts) or name_of(value)


def _identifier(value: Any) -> str | None:
    if isinstance(value, dict):
        return text_of(value.get("value")) or text_of(value.get("@id"))
    if isinstance(value, list):
        return next((found for v in value if (found := _identifier(v))), None)
    return text_of(value)
