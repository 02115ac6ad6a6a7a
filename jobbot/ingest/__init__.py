"""Reading knowledge directories into postings and FAQ entries.

`load_directories` is the entry point for the engine and the scheduler; `load_file` re-reads
one file; `parse_text` is the pure text-to-model step the tests drive directly.
"""

from __future__ import annotations

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.files import SUFFIXES, decode, knowledge_files, load_directories, load_file
from jobbot.ingest.parse import Parsed, parse_text

__all__ = [
    "SUFFIXES",
    "DocumentError",
    "Parsed",
    "decode",
    "knowledge_files",
    "load_directories",
    "load_file",
    "parse_text",
]
