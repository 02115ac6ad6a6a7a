"""Reading knowledge into postings and FAQ entries.

`load_directories` is the entry point for the engine and the scheduler; `KnowledgeReader`
reads the same directories again re-parsing only changed files; `load_file` re-reads one file;
`parse_text` is the pure text-to-model step the tests drive directly. For sources that are not
files: `assemble.posting_from_parts` (fields + text), `jsonld.posting_from_jsonld`,
`jsonld.jobpostings_in_html`, `html.html_to_text`, `hn.posting_from_hn_comment`.
"""

from __future__ import annotations

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.files import decode, knowledge_files, load_file
from jobbot.ingest.parse import SUFFIXES, Parsed, parse_text
from jobbot.ingest.reader import KnowledgeReader, load_directories

__all__ = [
    "SUFFIXES",
    "DocumentError",
    "KnowledgeReader",
    "Parsed",
    "decode",
    "knowledge_files",
    "load_directories",
    "load_file",
    "parse_text",
]
