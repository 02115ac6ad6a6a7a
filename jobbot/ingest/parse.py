"""One knowledge file's text to its postings and FAQ entries: the pure heart of ingestion."""

from __future__ import annotations

from dataclasses import dataclass, field

from jobbot.ingest.document import parse_document
from jobbot.ingest.errors import DocumentError
from jobbot.ingest.faq import curated_faq, is_faq_heading, section_faq
from jobbot.ingest.postings import build_posting, find_title, labelled, normalize_metadata
from jobbot.models import FAQEntry, Posting


@dataclass
class Parsed:
    """What one file holds."""

    postings: list[Posting] = field(default_factory=list)
    faq: list[FAQEntry] = field(default_factory=list)


def is_curated_faq_path(source: str) -> bool:
    """Files in a `faq/` folder (at any depth) are curated FAQ, never postings."""
    return any(part.lower() in {"faq", "faqs"} for part in source.split("/")[:-1])


def parse_text(text: str, source: str, content_hash: str = "") -> Parsed:
    """Postings and FAQ entries in a file's text; `DocumentError` says why there are none."""
    if not text.strip():
        raise DocumentError("the file is empty")
    doc = parse_document(text)
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
