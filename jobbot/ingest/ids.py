"""Stable, short identifiers for postings and FAQ entries.

Ids survive restarts (they depend only on the file's path or an explicit `id`) and are safe
in URLs and in Discord `custom_id`s, which cap the whole id string at 100 characters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_ID_LENGTH = 40
_HASH_LENGTH = 8


def slugify(text: str, limit: int = MAX_ID_LENGTH) -> str:
    """Lower-case ASCII words joined by `-`, at most `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


def derived_id(readable: str, key: str) -> str:
    """`<slug>-<8 hex>`: readable in logs, unique through a hash of `key`."""
    slug = slugify(readable, MAX_ID_LENGTH - _HASH_LENGTH - 1)
    return f"{slug}-{short_hash(key)}" if slug else short_hash(key)


def explicit_id(value: object) -> str | None:
    """An author's `id` made URL- and custom_id-safe; hashed when too long to keep whole."""
    text = str(value).strip()
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
    if not safe:
        return None
    if len(safe) > MAX_ID_LENGTH or safe != text:
        return derived_id(safe, text)
    return safe


def posting_id(source: str) -> str:
    """The id of a posting without an explicit one: from its path, stable across restarts."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return derived_id(stem, source)


def faq_id(source: str, question: str) -> str:
    """The id of an FAQ entry: its question's slug plus a hash of file and question."""
    return derived_id(question, f"{source}\n{question.strip().lower()}")
