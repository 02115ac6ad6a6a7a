"""FAQ entries: question/answer pairs from FAQ sections and from curated FAQ files.

A section headed "Frequently Asked Questions" (or "FAQ") holds questions, each a line ending
in `?` (plain, a heading, bold, or `Q:`), followed by its answer up to the next question.
Paragraphs without a question are skipped rather than given an invented one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jobbot.ingest.document import Document, clean_inline
from jobbot.ingest.ids import explicit_id, faq_id
from jobbot.models import FAQEntry

FAQ_HEADING = re.compile(
    r"\bfrequently\s+asked\s+questions?\b|\bfaqs?\b|\bcommon\s+questions\b"
    r"|\bquestions\s+(?:and|&)\s+answers\b|\bq\s*&\s*a\b",
    re.I,
)
_QUESTION_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d{1,2}[.)]\s+)?")
_Q_LABEL = re.compile(r"^(?:q(?:uestion)?\s*\d*\s*[:.)]\s+)", re.I)
_A_LABEL = re.compile(r"^\s*(?:\*\*|__)?a(?:nswer)?\s*[:.)]\s*(?:\*\*|__)?\s*", re.I)
_INLINE_QA = re.compile(r"^(?P<q>.+?\?)\s*(?:\*\*|__)?\s*A(?:nswer)?\s*:\s*(?P<a>.+)$")
_MAX_QUESTION = 300


def is_faq_heading(heading: str) -> bool:
    return bool(FAQ_HEADING.search(heading))


def _as_question(line: str) -> str | None:
    """The question a line asks, or None when the line is not a question."""
    text = _QUESTION_PREFIX.sub("", line)
    text = clean_inline(text).strip()
    text = _Q_LABEL.sub("", text).strip()
    if not text.endswith("?") or len(text) > _MAX_QUESTION or len(text) < 4:
        return None
    return text


def qa_pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    """Question/answer pairs in order; a question with no answer text is dropped."""
    pairs: list[tuple[str, str]] = []
    question: str | None = None
    answer: list[str] = []

    def flush() -> None:
        text = "\n".join(answer).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
        if question and text:
            pairs.append((question, text))

    for line in lines:
        inline = _INLINE_QA.match(clean_inline(_QUESTION_PREFIX.sub("", line)))
        if inline and _as_question(inline.group("q")):
            flush()
            question, answer = _as_question(inline.group("q")), [inline.group("a").strip()]
            continue
        asked = _as_question(line)
        if asked is not None:
            # A question right after a question replaces it: the first had no answer.
            if _has_text(answer):
                flush()
            question, answer = asked, []
            continue
        if question is not None:
            starts_answer = not _has_text(answer)
            answer.append(_A_LABEL.sub("", line.rstrip()) if starts_answer else line.rstrip())
    flush()
    return pairs


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def section_faq(doc: Document, source: str) -> list[FAQEntry]:
    """Entries from every FAQ section of a document."""
    entries: list[FAQEntry] = []
    for index, section in enumerate(doc.sections):
        if not is_faq_heading(section.heading) or section.heading.endswith("?"):
            continue
        start, end = doc.span_of(index)
        for question, answer in qa_pairs(doc.lines[start:end]):
            entries.append(_entry(source, question, answer))
    return _unique(entries)


def faq_spans(doc: Document) -> list[tuple[int, int]]:
    """Line ranges (heading included) that belong to FAQ sections."""
    spans = []
    for index, section in enumerate(doc.sections):
        if is_faq_heading(section.heading) and not section.heading.endswith("?"):
            spans.append((section.heading_line, doc.span_of(index)[1]))
    return spans


def curated_faq(doc: Document, source: str, title: str | None) -> list[FAQEntry]:
    """Entries from a curated FAQ file.

    Front matter `question` (with optional `aliases`, `tags`) and the body as the answer; or,
    without it, the file's own question headings; or its title as the single question.
    """
    meta = doc.metadata
    body = doc.body.strip()
    if meta.get("question") is not None:
        question = clean_inline(str(meta["question"]))
        if not question:
            return []
        answer = body or clean_inline(str(meta.get("answer", "")))
        if not answer:
            return []
        return [
            _entry(
                source,
                question,
                answer,
                aliases=_strings(meta.get("aliases")),
                tags=_strings(meta.get("tags")),
                explicit=meta.get("id"),
            )
        ]
    pairs = qa_pairs(doc.lines)
    if pairs:
        tags = _strings(meta.get("tags"))
        return _unique([_entry(source, q, a, tags=tags) for q, a in pairs])
    if title and body:
        answer = _without_title_line(doc, title)
        if answer:
            return [_entry(source, title, answer, tags=_strings(meta.get("tags")))]
    return []


def _without_title_line(doc: Document, title: str) -> str:
    """The body after its first line when that line is the title (the question) itself."""
    lines = doc.lines
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if clean_inline(lines[first].lstrip("#")).strip().rstrip("?") == title.rstrip("?"):
        return "\n".join(lines[first + 1 :]).strip()
    return doc.body.strip()


def _strings(value: Any) -> list[str]:
    """A YAML list or a comma-separated string as clean strings."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [text for item in items if (text := clean_inline(str(item)))]


def _entry(
    source: str,
    question: str,
    answer: str,
    *,
    aliases: list[str] | None = None,
    tags: list[str] | None = None,
    explicit: Any = None,
) -> FAQEntry:
    entry_id = (explicit_id(explicit) if explicit is not None else None) or faq_id(source, question)
    return FAQEntry(
        id=entry_id,
        question=question,
        answer=answer.strip(),
        aliases=aliases or [],
        tags=tags or [],
        source=source,
    )


def _unique(entries: list[FAQEntry]) -> list[FAQEntry]:
    """One entry per id: a question asked twice in a file keeps its first answer."""
    seen: dict[str, FAQEntry] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())
