"""A knowledge file's text split into front matter, body lines, sections and labelled lines.

Postings arrive as markdown with YAML front matter, as plain markdown and as plain text copied
from job boards, where headings are just short lines between blank lines. This module gives
all of them one shape so the field extractors never care which format a file used.

Every pattern here is linear in its input: no two adjacent quantifiers can share a character,
and nothing scans ahead to the end of the text from more than one place.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.text import normalize_text
from jobbot.ingest.yaml_load import load_yaml

# Real tags only: `<https://example.com>` autolinks and `a < b` comparisons stay.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,500})?/?>")
_BLOCK_TAG = re.compile(
    r"<\s?(?:br|/p|/div|/li|/h[1-6]|/tr)\s?/?\s?>|<p(?:\s[^<>]{0,500})?>", re.IGNORECASE
)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*+$")
_BOLD_LINE = re.compile(r"^\s*+(?:\*\*|__)([^*_]{1,80}?)(?:\*\*|__)\s*+$")
_BULLET = re.compile(r"^\s*+(?:[-*+•·▪◦]|\d{1,3}[.)])\s")
_LABEL = re.compile(
    r"^\s*+(?:[-*+•]\s++)?(?:(?:\*\*|__)\s*+)?(?P<key>[A-Za-z][A-Za-z /&()'-]{0,40}?)\s*+"
    r"(?:(?:\*\*|__)\s*+:|:\s*+(?:\*\*|__)|:)\s*+(?P<value>\S.*+)$"
)
_TABLE_ROW = re.compile(
    r"^\s*+\|\s*+(?:\*\*)?(?P<key>[^|*]{1,40}?)(?:\*\*)?\s*+\|(?P<value>[^|]++)\|"
)
_EMPHASIS_MARK = re.compile(r"\*\*|__|`")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]++(?=[^\s*_])|(?<=[^\s*_])[*_]++(?![\w*_])")
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}\)")

# Plain-text headings: short lines without sentence punctuation that start a block.
_PLAIN_HEADING_MAX_WORDS = 6
PLAIN_HEADING_LEVEL = 2
BOLD_HEADING_LEVEL = 3


def strip_html(text: str) -> str:
    """Drop HTML tags and comments and decode entities, keeping block breaks as newlines."""
    if "<" not in text and "&" not in text:
        return text
    if "<!--" in text:
        text = _strip_comments(text)
    text = _BLOCK_TAG.sub("\n", text)
    return html.unescape(_TAG.sub("", text))


def _strip_comments(text: str) -> str:
    """Text without `<!-- ... -->`; an unclosed comment runs to the end, as in a browser."""
    parts: list[str] = []
    start = 0
    while (opening := text.find("<!--", start)) >= 0:
        parts.append(text[start:opening])
        closing = text.find("-->", opening + 4)
        if closing < 0:
            return "".join(parts)
        start = closing + 3
    parts.append(text[start:])
    return "".join(parts)


def clean_inline(text: str) -> str:
    """One-line human text: no HTML, no markdown emphasis or link targets, single spaces."""
    text = strip_html(text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", _EMPHASIS_MARK.sub("", text))
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)  # markdown links keep their text
    return " ".join(text.split())


@dataclass(frozen=True)
class Section:
    """A heading and the body lines under it, up to the next heading of any level."""

    heading: str
    level: int
    start: int  # index of the first body line after the heading
    end: int  # index one past the last line
    heading_line: int


@dataclass(frozen=True)
class Document:
    """A parsed knowledge file: front matter mapping and the body as lines and sections."""

    metadata: dict[str, Any]
    body: str
    lines: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    span_ends: list[int] = field(default_factory=list)

    def span_of(self, index: int) -> tuple[int, int]:
        """Line range of section `index` including deeper sub-sections (question headings too)."""
        section = self.sections[index]
        if len(self.span_ends) == len(self.sections):
            return section.start, self.span_ends[index]
        return section.start, _span_ends(self.sections, len(self.lines))[index]


def _span_ends(sections: list[Section], line_count: int) -> list[int]:
    """Where each section's span ends: at the next heading of its level or above that is not
    a question. One pass, with the open sections kept per level (there are six)."""
    ends = [line_count] * len(sections)
    open_by_level: dict[int, list[int]] = {}
    for index, section in enumerate(sections):
        if not section.heading.endswith("?"):
            for level in [lv for lv in open_by_level if lv >= section.level]:
                for opened in open_by_level.pop(level):
                    ends[opened] = section.heading_line
        open_by_level.setdefault(section.level, []).append(index)
    return ends


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body; `DocumentError` when the front matter is not a YAML mapping.

    YAML is read without aliases and at most 16 levels deep (see `yaml_load`)."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith(("---", "+++", "{")):
        return {}, stripped
    handler = frontmatter.detect_format(stripped, frontmatter.handlers)
    if handler is None:
        return {}, stripped
    try:
        raw, body = handler.split(stripped)
    except ValueError:
        raise DocumentError(
            "front matter starts with '---' but has no closing '---' line"
        ) from None
    try:
        is_yaml = isinstance(handler, frontmatter.YAMLHandler)
        data = load_yaml(raw) if is_yaml else handler.load(raw)
    except yaml.YAMLError as exc:
        raise DocumentError(f"invalid YAML front matter: {_describe_yaml_error(exc)}") from None
    except Exception as exc:  # other handlers (TOML, JSON) raise their own types
        raise DocumentError(f"invalid front matter: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise DocumentError(f"front matter must be a mapping of keys to values, not a {kind}")
    return {str(key): value for key, value in data.items()}, body


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    """The YAML problem with file line numbers (the front matter starts on line 2)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return str(exc).splitlines()[0] if str(exc) else "syntax error"

    def where(mark: yaml.Mark) -> str:
        return f"line {mark.line + 1}, column {mark.column + 1}"

    problem = exc.problem or "syntax error"
    text = f"{problem} at {where(exc.problem_mark)}" if exc.problem_mark else problem
    if exc.context and exc.context_mark:
        text += f" ({exc.context} that starts at {where(exc.context_mark)})"
    return text


def parse_document(text: str) -> Document:
    """Split a file's text into front matter, body lines and sections (text normalised)."""
    metadata, body = split_front_matter(normalize_text(text))
    return document_from(metadata, body)


def document_from(metadata: Mapping[str, Any], body: str) -> Document:
    """A document from metadata already read (a JSON-LD object, a CSV row) and its text."""
    body = normalize_text(strip_html(body))
    lines = body.split("\n")
    sections = _sections(lines)
    return Document(
        metadata={str(k): v for k, v in metadata.items()},
        body=body,
        lines=lines,
        sections=sections,
        span_ends=_span_ends(sections, len(lines)),
    )


def _heading(lines: list[str], i: int) -> tuple[str, int] | None:
    """The heading text and level if line `i` is a heading, else None."""
    line = lines[i]
    if not line.strip():
        return None
    atx = _ATX.match(line)
    if atx:
        return clean_inline(_without_closing_hashes(atx.group(2))), len(atx.group(1))
    following = lines[i + 1] if i + 1 < len(lines) else ""
    previous = lines[i - 1] if i > 0 else ""
    setext = _SETEXT.match(following)
    if setext and not _BULLET.match(line) and not _LABEL.match(line):
        return clean_inline(line), 1 if setext.group(1).startswith("=") else 2
    # A heading line starts a block; plain text often puts the content right under it.
    starts_block = not previous.strip()
    bold = _BOLD_LINE.match(line)
    if bold and starts_block and not bold.group(1).rstrip().endswith((":", "?")):
        return clean_inline(bold.group(1)), BOLD_HEADING_LEVEL
    if starts_block and _looks_like_plain_heading(line):
        return clean_inline(line), PLAIN_HEADING_LEVEL
    return None


def _without_closing_hashes(text: str) -> str:
    """`Title ##` → `Title`: an ATX heading's optional closing sequence (after a space)."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text


def _looks_like_plain_heading(line: str) -> bool:
    text = line.strip()
    if _BULLET.match(line) or line.startswith(("    ", "\t")) or text.startswith("|"):
        return False
    if text.endswith((".", ",", ";", ":", "?", "!")) or ":" in text:
        return False
    words = text.split()
    return 0 < len(words) <= _PLAIN_HEADING_MAX_WORDS and text[0].isupper()


def _sections(lines: list[str]) -> list[Section]:
    found: list[tuple[int, str, int]] = []
    skip_next = False
    for i in range(len(lines)):
        if skip_next:  # the underline of a setext heading
            skip_next = False
            continue
        heading = _heading(lines, i)
        if heading is None:
            continue
        found.append((i, heading[0], heading[1]))
        if not _ATX.match(lines[i]) and i + 1 < len(lines) and _SETEXT.match(lines[i + 1]):
            skip_next = True
    sections: list[Section] = []
    for n, (line_no, text, level) in enumerate(found):
        start = line_no + 1
        if start < len(lines) and _SETEXT.match(lines[start]) and not _ATX.match(lines[line_no]):
            start += 1
        end = found[n + 1][0] if n + 1 < len(found) else len(lines)
        sections.append(Section(text, level, start, end, line_no))
    return sections


def labelled_values(lines: list[str]) -> list[tuple[str, str]]:
    """`Key: value` pairs from body lines, bold or plain, and two-column table rows.

    Keys come back lower-cased with single spaces, values cleaned of markdown.
    """
    pairs: list[tuple[str, str]] = []
    for line in lines:
        match = _LABEL.match(line) or _TABLE_ROW.match(line)
        if not match:
            continue
        raw = match.group("value")
        if ":" in raw and _NEXT_LABEL.search(raw):
            # `**Location:** Remote (EU) · **Type:** Full-time · **Salary:** €70k`
            raw, *rest = _NEXT_LABEL.split(raw)
            _add_pair(pairs, match.group("key"), raw)
            for part in rest:
                inner = _LABEL.match(part)
                if inner:
                    _add_pair(pairs, inner.group("key"), inner.group("value"))
            continue
        key = " ".join(match.group("key").lower().replace("*", "").split())
        value = clean_inline(raw.rstrip()).strip(" *_")
        if key and value and not value.startswith("//"):
            pairs.append((key, value))
    return pairs


# Where a second label starts on the same line: a separator, then `Key:` or `**Key:**`.
_NEXT_LABEL = re.compile(
    r"\s+[·|•]\s+(?=(?:\*\*|__)?[A-Za-z][A-Za-z /&()'-]{0,30}(?:\*\*|__)?\s?:)"
)


def _add_pair(pairs: list[tuple[str, str]], key: str, value: str) -> None:
    key = " ".join(key.lower().replace("*", "").split())
    value = clean_inline(value.rstrip()).strip(" *_")
    if key and value and not value.startswith("//"):
        pairs.append((key, value))
