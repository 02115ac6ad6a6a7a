"""Career pages with schema.org `JobPosting` markup in JSON-LD, listed by URL or by sitemap.

`urls` may name job pages or sitemaps (`<urlset>`, one level of `<sitemapindex>`); every
page is read (a few at a time, at most `MAX_PAGES`) and each `JobPosting` in its
`<script type="application/ld+json">` blocks becomes a posting. Pages without one are not
errors: a careers sitemap also lists the team page. When the markup says `TELECOMMUTE` but
the page's own text says hybrid or on-site, the text wins (pages are known to contradict
their markup).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.fields import workplace_from_body
from jobbot.ingest.jsonld import jobpostings_in_html, posting_from_jsonld
from jobbot.models import Posting
from jobbot.sources.build import content_hash, posting_id, text_of
from jobbot.sources.fetch import MAX_BYTES, Fetcher, FetchError, Page
from jobbot.sources.harvest import MAX_PAGES, Harvest
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
            is_map = loc.split("?", 1)[0].endswith((".xml", ".xml.gz"))
            child = _maybe_sitemap(http, loc, result) if is_map else None
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
        result.add_item(
            None, lambda item=item: to_posting(item, page.url, spec), f"{page.url} posting {number}"
        )


def _unzipped(body: bytes) -> bytes:
    """A gzipped sitemap (`sitemap.xml.gz`) as XML, at most `MAX_BYTES` of it."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    try:
        return zlib.decompressobj(wbits=31).decompress(body, MAX_BYTES)
    except zlib.error:
        return body


def sitemap_urls(body: bytes) -> list[str] | None:
    """The `<loc>` URLs of a sitemap (gzipped or not), or None when the body is not one."""
    body = _unzipped(body)
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
    """Every schema.org JobPosting in a page: JSON-LD blocks and microdata."""
    return jobpostings_in_html(markup)


def to_posting(item: dict[str, Any], page_url: str, spec: SourceSpec) -> Posting | None:
    """One JobPosting object as a posting, read by `jobbot.ingest.jsonld`."""
    ident = _identifier(item.get("identifier"))
    url = text_of(item.get("url")) or page_url
    try:
        posting = posting_from_jsonld(item, source=f"{spec.kind}/{spec.ident}")
    except DocumentError:
        return None
    if spec.company:
        posting.company = spec.company
    stated = workplace_from_body(posting.description)
    if stated and posting.workplace != stated:
        posting.workplace = stated  # the page's own words beat its markup's TELECOMMUTE
    posting.id = posting_id(spec, ident or f"{url}#{posting.title}")
    posting.origin = spec.key
    posting.url = url
    posting.content_hash = content_hash(posting)
    return posting


def _identifier(value: Any) -> str | None:
    if isinstance(value, dict):
        return text_of(value.get("value")) or text_of(value.get("@id"))
    if isinstance(value, list):
        return next((found for v in value if (found := _identifier(v))), None)
    return text_of(value)
