"""Hacker News "Who is hiring?" comments, one at a time, as the HN API serves them (HTML).

A comment starts with a `Company | Role | Location | REMOTE | $150k–$190k | url` header
(`header.header_hints` reads it) and goes on in paragraphs that state the rest: stack,
experience, visa sponsorship, sometimes the salary the header left out.
"""

from __future__ import annotations

from jobbot.ingest.assemble import posting_from_parts
from jobbot.ingest.header import header_hints
from jobbot.ingest.html import html_to_text
from jobbot.models import Posting

__all__ = ["header_hints", "posting_from_hn_comment"]


def posting_from_hn_comment(html_text: str, source: str, *, content_hash: str = "") -> Posting:
    """One "Who is hiring?" comment, as HTML, to a posting: the header's fields first, the
    comment's text for the rest (skills, experience, visa, a salary the header left out).

    Raises `DocumentError` when the comment has no job title (no header and no first line
    that names a job)."""
    return posting_from_parts(html_to_text(html_text), source=source, content_hash=content_hash)
