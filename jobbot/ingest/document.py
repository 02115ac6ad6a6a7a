"""A knowledge file's text split into front matter, body lines, sections and labelled lines.

Postings arrive as markdown with YAML front matter, as plain markdown and as plain text copied
from job boards, where headings are just short lines between blank lines. This module gives
all of them one shape so the field extractors never care which format a file used.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from jobbot.ingest.errors import DocumentError

# Real tags only: `<https://example.com>` autolinks and `a < b` comparisons stay.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500})?/?>|<!--.*?-->", re.S)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\s*/?\s*>", re.IGNORECASE)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,80}?)(?:\*\*|__)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦]|\d{1,3}[.)])\s+")
_LABEL = re.compile(
    r"^\s*(?:[-*+•]\s+)?(?:\*\*|__)?\s*(?P<key>[A-Za-z][A-Za-z /&()'-]{0,40}?)\s*"
    r"(?:(?:\*\*|__)\s*:|:\s*(?:\*\*|__)|:)\s*(?P<value>\S.*?)\s*$"
)
_TABLE_ROW = re.compile(
    r"^\s*\|\s*(?:\*\*)?(?P<key>[^|*]{1,40}?)(?:\*\*)?\s*\|\s*(?P<value>[^|]+?)\s*\|"
)

# Plain-text headings: short lines without sentence punctuation that start a block.
_PLAIN_HEADING_MAX_WORDS = 6
PLAIN_HEADING_LEVEL = 2
BOLD_HEADING_LEVEL = 3


def strip_html(text: str) -> str:
    """Drop HTML tags and decode entities, keeping block breaks as newlines."""
    if "<" not in text and "&" not in text:
        return text
    text = _BLOCK_TAG.sub("\n", text)
    return html.unescape(_TAG.sub("", text))


def clean_inline(text: str) -> str:
    """One-line human text: no HTML, no markdown emphasis, single spaces."""
    text = strip_html(text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\((?:[^)]*)\)", r"\1", text)  # markdown links keep their text
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

    def span_of(self, index: int) -> tuple[int, int]:
        """Line range of section `index` including deeper sub-sections (question headings too)."""
        section = self.sections[index]
        end = len(self.lines)
        for later in self.sections[index + 1 :]:
            if later.level <= section.level and not later.heading.endswith("?"):
                end = later.heading_line
                break
        return section.start, end


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body; `DocumentError` when the front matter is not a YAML mapping."""
    stripped = text.lstrip("\ufeff")
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
        data = handler.load(raw)
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
    """Split a file's text into front matter, body lines and sections."""
    metadata, body = split_front_matter(text)
    body = strip_html(body).replace("\r\n", "\n").replace("\r", "\n")
    lines = body.split("\n")
    return Document(metadata=metadata, body=body, lines=lines, sections=_sections(lines))


def _heading(lines: list[str], i: int) -> tuple[str, int] | None:
    """The heading text and level if line `i` is a heading, else None."""
    line = lines[i]
    if not line.strip():
        return None
    atx = _ATX.match(line)
    if atx:
        return clean_inline(atx.group(2)), len(atx.group(1))
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
        key = " ".join(match.group("key").lower().replace("*", "").split())
        value = clean_inline(match.group("value")).strip(" *_")
        if key and value and not value.startswith("//"):
            pairs.append((key, value))
    return pairs
