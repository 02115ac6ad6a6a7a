"""Splitting long text for platforms with message limits, decided in one place.

Every adapter asks for chunks of at most N characters; splits fall on paragraph, then line,
then word boundaries, and only cut inside a word when a single word is longer than N.
"""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` characters, losing no non-space text."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if not text:
        return []
    chunks: list[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator, 0, limit + 1)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            chunks.append(head)
    if text:
        chunks.append(text)
    return chunks


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, ending in `ellipsis` when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ellipsis))].rstrip() + ellipsis
