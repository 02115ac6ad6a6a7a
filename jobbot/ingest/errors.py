"""Why a knowledge file could not be read, as a message for the person who wrote it."""

from __future__ import annotations


class DocumentError(ValueError):
    """A file that cannot become postings or FAQ entries; the message says why, in plain words."""
