"""Text normalised once, at the edge, before any extractor sees it.

Postings are pasted from web pages and word processors: non-breaking and ideographic spaces,
zero-width and bidi marks, soft hyphens, BOMs, full-width digits. Every extractor works on
the same plain shape instead: NFKC, invisible characters dropped, every kind of whitespace
one space or one line break, runs collapsed. That also keeps every pattern linear, since no
run of whitespace is ever longer than one character (indentation aside, which is capped).
"""

from __future__ import annotations

import re
import unicodedata

# Vertical whitespace (form feed, NEL, line/paragraph separators, file/group/record separators)
# becomes a line break; horizontal whitespace of every Unicode class a space.
_VERTICAL = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_HORIZONTAL = "\t\x1f\xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
# Format characters (zero-width, bidi controls, soft hyphen, BOM, tags) and C0/C1 controls.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_VERTICAL_RUN = re.compile(f"[{_VERTICAL}]")
_HORIZONTAL_RUN = re.compile(f"[{_HORIZONTAL}]")
_ASCII_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f]")
_INNER_RUN = re.compile(r"(?<=[^ \n]) {2,}")
_LONG_INDENT = re.compile(r"^ {17,}", re.M)
_TRAILING = re.compile(r" +$", re.M)
_BLANK_LINES = re.compile(r"\n{3,}")
MAX_INDENT = 16


def normalize_text(text: str) -> str:
    """`text` as NFKC with invisible characters dropped and whitespace runs collapsed.

    Line breaks are kept (they carry structure), blank lines collapse to one, indentation is
    kept up to 16 spaces (YAML and nested lists need it). Idempotent and linear.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _INVISIBLE.sub("", text)
    elif _ASCII_CONTROLS.search(text):
        text = _INVISIBLE.sub("", text)
    text = _VERTICAL_RUN.sub("\n", text)
    text = _HORIZONTAL_RUN.sub(" ", text)
    if "  " in text:
        text = _INNER_RUN.sub(" ", text)
        text = _LONG_INDENT.sub(" " * MAX_INDENT, text)
    if " \n" in text or text.endswith(" "):
        text = _TRAILING.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text


def one_line(text: str) -> str:
    """`text` normalised onto a single line: every whitespace run one space, ends stripped."""
    return " ".join(normalize_text(text).split())


def escape_name(name: str) -> str:
    """A file name (or any short label) safe to print on one line of a log or a report.

    Control, format and line-separator characters are shown as escapes (`\\n`, `\\u202e`),
    so a newline in a file name cannot forge a log line and a bidi mark cannot reorder one.
    A backslash is doubled so an escape in the output always means an escape.
    """
    if name.isprintable() and "\\" not in name:
        return name
    out = []
    for char in name:
        if char == "\\":
            out.append("\\\\")
        elif char.isprintable() and unicodedata.category(char) not in {"Cf", "Zl", "Zp"}:
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)
