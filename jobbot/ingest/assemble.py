"""One entry point for every source: structured fields plus text in, a `Posting` out.

A job-board connector, a JSON-LD object, a CSV row and a "Who is hiring" comment all know
some fields for certain and have text for the rest. `posting_from_parts` takes both: the
fields (`hints`, keyed as front matter is: `title`, `company`, `location`, `salary`,
`employment_type`, `workplace`/`remote`, `date_posted`, `valid_through`, `url`, `skills`,
`visa_sponsorship`, ...; raw text or typed values) win, and the text's extractors fill every
gap, exactly as for a markdown file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jobbot.ingest.document import Document, document_from
from jobbot.ingest.errors import DocumentError
from jobbot.ingest.header import ROLE as _ROLE
from jobbot.ingest.header import header_hints
from jobbot.ingest.postings import build_posting, find_title, labelled, normalize_metadata
from jobbot.models import Posting

_SOFT = re.compile(r"\s[-–—•·]\s|[•·]")


def with_header_hints(doc: Document) -> Document:
    """The document with the fields of a `Company | Role | Location | ...` header added
    under its metadata (front matter keeps the last word): the first line, or a piped line
    just under the title (`Senior Platform Engineer` then `Sunmill | Amsterdam | 1.0 FTE`).
    A header that names no role (`Acme | Remote (EU) | Full-time` above a list of openings)
    takes the roles listed below it as the title."""
    first_index = next((i for i, line in enumerate(doc.lines[:5]) if line.strip()), None)
    if first_index is None:
        return doc
    first = doc.lines[first_index]
    hints = header_hints(first) if "|" in first or _SOFT.search(first) else None
    if hints is not None and "title" not in hints:
        roles = listed_roles(doc.lines)
        if roles:
            hints["title"] = ", ".join(roles)
    if hints is None:
        near = doc.lines[first_index + 1 : first_index + 8]
        below = next((line for line in near if line.count("|") >= 2), None)
        hints = header_hints(below, titled=True) if below else None
    if not hints:
        return doc
    known = normalize_metadata(doc.metadata)
    merged = dict(doc.metadata)
    for key, value in hints.items():
        if key not in known:
            merged[key] = value
    return Document(
        metadata=merged,
        body=doc.body,
        lines=doc.lines,
        sections=doc.sections,
        span_ends=doc.span_ends,
    )


_BULLET = re.compile(r"^[^\S\n]*[-*•+][^\S\n]+(?P<text>[^\n]{3,100})$")
_PAREN = re.compile(r"\s*\([^()]*\)")
_MAX_ROLES = 4


def listed_roles(lines: list[str]) -> list[str]:
    """The openings a comment lists as bullets near its top (`- Staff Frontend Engineer
    (TypeScript, React)`), without their parentheses; at most four."""
    roles: list[str] = []
    for line in lines[:40]:
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet is None:
            if roles:
                break  # the list ended
            continue
        text = _PAREN.sub("", bullet.group("text")).strip(" *_:;,")
        if not text or text.endswith(".") or len(text.split()) > 8 or not _ROLE.search(text):
            if roles:
                break
            continue
        roles.append(text)
        if len(roles) == _MAX_ROLES:
            break
    return roles


def posting_from_parts(
    text: str,
    *,
    title: str | None = None,
    hints: Mapping[str, Any] | None = None,
    source: str,
    content_hash: str = "",
    posting_id: str | None = None,
) -> Posting:
    """A posting from what a source knows (`title`, `hints`) and its text (markdown, plain
    text, or text from `html_to_text`). `source` names where it came from (a file path
    relative to its knowledge directory, or a connector's key); `posting_id` overrides the id
    derived from `source` (one of several postings in a file, a vendor's job id).

    Raises `DocumentError` when neither the hints nor the text give a job title."""
    metadata = dict(hints or {})
    if title:
        metadata["title"] = title
    doc = with_header_hints(document_from(metadata, text))
    meta = normalize_metadata(doc.metadata)
    found = find_title(doc, meta, labelled(doc.lines))
    if found is None:
        raise DocumentError(
            "no job title found: give it a title field, a heading, or a first line that "
            "names the job"
        )
    return build_posting(doc, source, content_hash, found, default_id=posting_id)
