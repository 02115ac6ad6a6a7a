"""User text made plain once, at the edge, before any parsing: one pass, linear in its length.

Chat clients send whatever the person pasted: non-breaking and ideographic spaces, tabs and
newlines, zero-width spaces, bidi marks, soft hyphens, byte-order marks, "Zalgo" stacks of
combining marks. Every rule downstream (the query parser's regular expressions, the
tokenizer, the FAQ matcher) may then assume single ASCII spaces between words and no
invisible characters, so none of them can be slowed down by a run of odd whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

MAX_CHARS: Final = 10_000
"""Longer text is cut before any work is done on it (NFKC can grow text up to 18-fold)."""
MAX_MARKS: Final = 4
"""Combining marks kept on one character; NFKC sorts each run of marks, so a run of
thousands would cost far more than its length."""

# Format characters (Unicode category Cf: zero-width spaces and joiners, bidi marks and
# isolates, soft hyphen, BOM, invisible operators, tags), variation selectors, and
# surrogates: dropped, so `py\u200bthon` is `python`.
_INVISIBLE: Final = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef\ud800-\udfff]"
)
# Control characters and blank-looking letters (Hangul fillers, braille blank): spaces.
_BLANK: Final = re.compile("[\x00-\x1f\x7f-\x9f\u115f\u1160\u2800\u3164\uffa0]")


def _cap_marks(text: str) -> str:
    """At most `MAX_MARKS` combining marks after any character."""
    out: list[str] = []
    run = 0
    for char in text:
        if unicodedata.combining(char):
            run += 1
            if run > MAX_MARKS:
                continue
        else:
            run = 0
        out.append(char)
    return "".join(out)


def clean(text: str, limit: int = MAX_CHARS) -> str:
    """NFKC text without invisible characters, every whitespace run one space, stripped.

    Idempotent, and linear in `len(text)` (which is first cut to `limit`).
    """
    text = text[:limit]
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
        if any(unicodedata.combining(char) for char in text):
            text = _cap_marks(text)
        text = unicodedata.normalize("NFKC", text)[:limit]
        text = _INVISIBLE.sub("", text)  # NFKC can compose new ones from compatibility forms
    text = _BLANK.sub(" ", text)
    return " ".join(text.split())


def only_invisible(raw: str) -> bool:
    """True when text had characters but none of them visible (controls, zero-width marks):
    the person sent something, but nothing that can be searched for."""
    return bool(raw.strip()) and not clean(raw)
