"""One knowledge file's text to its postings and FAQ entries: the pure heart of ingestion.

The file's suffix says how to read it: markdown and plain text (`.md`, `.markdown`, `.txt`,
which may also hold a CSV export), HTML pages (`.html`, `.htm`), JSON (`.json`, `.jsonl`,
`.ndjson`) and tables (`.csv`, `.tsv`). Whatever the format, a posting is assembled the same
way (`assemble.posting_from_parts`), so a fact reads the same from every format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobbot.ingest.assemble import posting_from_parts, with_header_hints
from jobbot.ingest.document import Document, document_from, parse_document
from jobbot.ingest.errors import DocumentError
from jobbot.ingest.faq import curated_faq, is_faq_heading, section_faq
from jobbot.ingest.html import html_to_text, main_element, node_text, page_hints, parse_html
from jobbot.ingest.ids import derived_id
from jobbot.ingest.jsonfile import json_postings_and_errors
from jobbot.ingest.jsonld import is_job_posting, jobpostings_in_html, jsonld_hints
from jobbot.ingest.postings import build_posting, find_title, labelled, normalize_metadata
from jobbot.ingest.records import record_parts
from jobbot.ingest.tabular import looks_tabular, table_rows
from jobbot.ingest.text import normalize_text
from jobbot.models import FAQEntry, Posting

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | TABLE_SUFFIXES
_HTML_BODY = re.compile(
    r"^\s*<(?:!doctype|html|head|body|article|main|div|section|p|h[1-6])\b", re.I
)


@dataclass
class Parsed:
    """What one file holds, and why any part of it could not be read (e.g. one bad row)."""

    postings: list[Posting] = field(default_factory=list)
    faq: list[FAQEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def is_curated_faq_path(source: str) -> bool:
    """Files in a `faq/` folder (at any depth) are curated FAQ, never postings."""
    return any(part.lower() in {"faq", "faqs"} for part in source.split("/")[:-1])


def suffix_of(source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def parse_text(text: str, source: str, content_hash: str = "") -> Parsed:
    """Postings and FAQ entries in a file's text, read by the format its suffix names;
    `DocumentError` says why there are none."""
    if not text.strip():
        raise DocumentError("the file is empty")
    suffix = suffix_of(source)
    if suffix in HTML_SUFFIXES:
        return _parse_html(text, source, content_hash)
    if suffix in JSON_SUFFIXES:
        items, skipped = json_postings_and_errors(text)
        parsed = _parse_records(items, source, content_hash, "object")
        parsed.errors[:0] = skipped
        return parsed
    if suffix in TABLE_SUFFIXES or (suffix == ".txt" and looks_tabular(text)):
        return _parse_table(text, source, content_hash, suffix)
    doc = parse_document(text)
    if _HTML_BODY.match(doc.body) and not doc.metadata.get("question"):
        doc = document_from(doc.metadata, html_to_text(doc.body))
    return _parse_document(with_header_hints(doc), source, content_hash)


def _parse_document(doc: Document, source: str, content_hash: str) -> Parsed:
    """A markdown-shaped document: curated FAQ, or a posting with its FAQ sections."""
    meta = normalize_metadata(doc.metadata)
    title = find_title(doc, meta, labelled(doc.lines))
    if "question" in meta or is_curated_faq_path(source):
        entries = curated_faq(doc, source, title)
        if not entries:
            raise DocumentError(
                "no FAQ entry found: give the file a `question:` in its front matter and "
                "the answer as its body"
            )
        return Parsed(faq=entries)
    faq = section_faq(doc, source)
    if title is not None and is_faq_heading(title):
        title = None  # a page that is only an FAQ is not a job opening
    if title is None:
        if faq:
            return Parsed(faq=faq)
        if not doc.body.strip():
            raise DocumentError("the file has front matter but no title and no text")
        raise DocumentError(
            "no job title found: add `title:` to the front matter, a heading, or a first "
            "line that names the job"
        )
    return Parsed(postings=[build_posting(doc, source, content_hash, title)], faq=faq)


def _parse_html(text: str, source: str, content_hash: str) -> Parsed:
    """A page: its JSON-LD or microdata `JobPosting`s when it has any, else its main text
    with what the markup states (title, company, location, date) as fields."""
    tree = parse_html(text)
    root = main_element(tree)
    page_text = node_text(root, is_main=root.tag not in {"body", "html"}) if root else ""
    hints = page_hints(tree)
    structured = jobpostings_in_html(tree)
    if not structured:
        doc = with_header_hints(document_from(hints, page_text))
        return _parse_document(doc, source, content_hash)

    def one(item: Mapping[str, Any], posting_id: str | None) -> Posting:
        fields = jsonld_hints(item)
        description = fields.pop("description", "")
        fields.pop("identifier", None)
        body = html_to_text(description) if description else page_text
        if len(structured) == 1 and len(page_text) > len(body):
            body = page_text  # the page shows more than its JSON-LD (Lever: the pay)
        merged = {**{k: v for k, v in hints.items() if k not in {"title"}}, **fields}
        return posting_from_parts(
            body, hints=merged, source=source, content_hash=content_hash, posting_id=posting_id
        )

    return _many(structured, one, source, "posting")


def _parse_records(
    items: list[Mapping[str, Any]], source: str, content_hash: str, noun: str
) -> Parsed:
    """JSON objects: JobPostings and flat records alike."""

    def one(item: Mapping[str, Any], posting_id: str | None) -> Posting:
        if is_job_posting(item):
            fields = jsonld_hints(item)
            description = fields.pop("description", "")
            fields.pop("identifier", None)
            body = html_to_text(description) if description else ""
        else:
            fields, body = record_parts(item)
        return posting_from_parts(
            body, hints=fields, source=source, content_hash=content_hash, posting_id=posting_id
        )

    return _many(items, one, source, noun)


def _parse_table(text: str, source: str, content_hash: str, suffix: str) -> Parsed:
    """A CSV/TSV export: one posting per row, each bad row reported by its line number."""
    rows = list(table_rows(text, ".tsv" if suffix == ".tsv" else ".csv"))
    if not rows:
        raise DocumentError("the table has a header row but no rows")
    lines = {id(row): line for line, row in rows}

    def one(item: Mapping[str, Any], posting_id: str | None) -> Posting:
        fields, body = record_parts(item)
        return posting_from_parts(
            body, hints=fields, source=source, content_hash=content_hash, posting_id=posting_id
        )

    def where(item: Mapping[str, Any], index: int) -> str:
        return f"row {index + 1} (line {lines.get(id(item), '?')})"

    return _many([row for _, row in rows], one, source, "row", where=where)


def _many(
    items: list[Mapping[str, Any]],
    build: Callable[[Mapping[str, Any], str | None], Posting],
    source: str,
    noun: str,
    *,
    where: Callable[[Mapping[str, Any], int], str] | None = None,
) -> Parsed:
    """Postings from each item; an item that yields none is reported, the rest still load.

    One item keeps the file's own id; several get ids from the file and each item's own key
    (its id, url, or title, company and location), so reordering rows keeps every id."""
    parsed = Parsed()
    keys = _item_keys(items) if len(items) > 1 else [None] * len(items)
    for index, (item, key) in enumerate(zip(items, keys, strict=True)):
        label = where(item, index) if where else f"{noun} {index + 1}"
        try:
            posting = build(item, None)
            if key is not None:
                posting.id = derived_id(posting.title, f"{source}#{key}")
            parsed.postings.append(posting)
        except DocumentError as exc:
            parsed.errors.append(f"{label}: {exc}")
    if not parsed.postings:
        if len(parsed.errors) == 1 and len(items) == 1:
            raise DocumentError(parsed.errors[0].split(": ", 1)[1])
        raise DocumentError(f"no posting could be read ({len(parsed.errors)} {noun}s failed)")
    return parsed


def _item_keys(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """A stable key per item, unique within the file."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for item in items:
        lowered = {str(k).lower().lstrip("@"): v for k, v in item.items()}
        key = next(
            (
                str(lowered[name])
                for name in ("id", "job_id", "identifier", "posting_id", "url", "link")
                if isinstance(lowered.get(name), str | int) and str(lowered[name]).strip()
            ),
            None,
        ) or "|".join(
            normalize_text(str(lowered.get(name, "")))
            for name in ("title", "job_title", "company", "company_name", "location")
        )
        count = seen.get(key, 0)
        seen[key] = count + 1
        keys.append(key if count == 0 else f"{key}#{count + 1}")
    return keys
