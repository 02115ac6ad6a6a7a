"""Assembling a `Posting` from a parsed document: which source wins for each field.

Structured fields (front matter, or what a source hands over: JSON-LD, a CSV row, a "Who is
hiring" header) beat a labelled line (`**Salary Range:** ...`), which beats a section
(`## Salary Range`), which beats running text. Sections about the role in general rather than
this opening (FAQ, seniority levels, career path) never supply the posting's own fields.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from jobbot.ingest.company import company_from_headings, company_from_text
from jobbot.ingest.document import Document, clean_inline, labelled_values
from jobbot.ingest.faq import faq_spans
from jobbot.ingest.fields import (
    clean_location,
    clean_title,
    date_from_value,
    employment_from_body,
    employment_from_text,
    employment_from_value,
    experience_from_text,
    experience_from_value,
    is_placeholder,
    plain_value,
    seniority_from_text,
    url_from_value,
    workplace_from_body,
    workplace_from_text,
    workplace_from_value,
)
from jobbot.ingest.header import card_hints, title_company
from jobbot.ingest.ids import explicit_id, posting_id
from jobbot.ingest.salary import parse_salary, salaries_with_offsets, salary_from_value
from jobbot.ingest.skills import canonical_skill, find_skills, merge_skills
from jobbot.ingest.visa import visa_from_text, visa_from_value
from jobbot.models import EmploymentType, Posting, Salary, Workplace, YearsRange

T = TypeVar("T")
MAX_DEPTH = 8  # how deep a structured value (a schema.org Place, a list of them) is read

# Sections describing the role in general: their figures are not this posting's.
_GENERAL_SECTION = re.compile(
    r"\bseniority\b|^\s*(?:job\s+|career\s+)?levels?\s*$|\bcareer\s+(?:path|progression|ladder)\b"
    r"|\bsalary\s+guide\b|\bjob\s+market\b|\bmarket\s+(?:overview|outlook|data)\b",
    re.I,
)
_BENEFITS_SECTION = re.compile(r"\bbenefits?\b|\bperks\b|\bwhy join\b|\bwhat we offer\b", re.I)
_SALARY_SECTION = re.compile(r"\b(?:salary|compensation|pay|remuneration)\b", re.I)
# A sentence about typical pay in general, not an offer: "Salary expectations for junior
# roles typically range from ..."
_HEDGE = re.compile(
    r"\btypical(?:ly)?\b|\baverage\b|\bmedian\b|\bexpectations?\b|\bgenerally\b"
    r"|\bon average\b|\bmarket\s+(?:data|rate)\b|\bnational(?:ly)?\b|\bindustry\b",
    re.I,
)
# A sentence that says what the job pays: a single figure in it (`Base salary up to $200k`,
# `Day rate: €400 per day`) is the salary. One about another sum is not: a stipend, a budget,
# a bonus, a funding round, revenue.
_PAY_SENTENCE = re.compile(
    r"\b(?:salary|salaries|compensation|base\spay|pay\s(?:range|rate|band|is|of)|wages?|ote"
    r"|(?:we|will|role|position|job|contract|internship)\s(?:\w+\s)?pays?|remuneration|ctc"
    r"|(?:hourly|day|daily)\srate|rate\s?:|vergütung|gehalt)\b",
    re.I,
)
_OTHER_SUM = re.compile(
    r"\b(?:stipend|budget|allowance|bonus|reimburs\w*|relocation|grant|raised|funding|seed"
    r"|series\s[a-e]\b|revenue|valuation|arr|per\s(?:user|seat|customer)|referral|signing"
    r"|sign-on|401\s?\(?k|pension|match|insurance|equipment|voucher|credits?)\b",
    re.I,
)
# What a pay figure comes with (`up to £90,000 + bonus`) says nothing of another sum.
_PAY_EXTRAS = re.compile(
    r"(?:\+|\bplus)\s*(?:an?\s)?(?:equity|bonus|benefits|stock|commission|super(?:annuation)?)\b",
    re.I,
)
# "Posted 28 August 2026", "Published on: 2026-08-04"
_POSTED_LINE = re.compile(
    r"^\W{0,3}(?:date\s)?(?:posted|published)(?:\s(?:on|at))?\s?:?\s(?P<date>[^\n]{6,40})$",
    re.I | re.M,
)
# Facts set off by an emoji, as job boards print them: `💰 £140,000 - £165,000`, `🌎 Remote`.
_EMOJI_LABELS = {
    "💰": "salary",
    "💵": "salary",
    "💸": "salary",
    "💷": "salary",
    "💶": "salary",
    "🌎": "location",
    "🌍": "location",
    "🌏": "location",
    "📍": "location",
    "🗺": "location",
    "🏢": "company",
    "🗓": "date posted",
    "📅": "date posted",
    "⏳": "closing date",
}
_EMOJI_FACT = re.compile(
    "(?P<mark>["
    + "".join(_EMOJI_LABELS)
    + "])\ufe0f?\\s?(?P<value>[^`|\\n"
    + "".join(_EMOJI_LABELS)
    + "]{1,200})"
)
_DIGIT = re.compile(r"\d")
_EMOJI_MARK = re.compile("[" + "".join(_EMOJI_LABELS) + "]")
_MD_LINK = re.compile(r"\[(?P<text>[^\[\]\n]{0,300})\]\((?P<url>https?://[^()\s]{1,2000})\)")
_APPLY = re.compile(r"\bapply\b|\bapplication\b", re.I)
# Short lines that only state the job's terms: "Full-time Hybrid", "Remote · Contract".
# fmt: off
_FACT_WORDS = frozenset({
    "full-time", "full", "time", "part-time", "part", "fulltime", "parttime", "contract",
    "contractor", "freelance", "permanent", "temporary", "hybrid", "remote", "remote-first",
    "onsite", "on-site", "site", "in-office", "office", "internship", "apprenticeship", "b2b",
    "or", "and", "&", "days", "day", "a", "per", "week", "in", "the", "at", "from",
    "vollzeit", "teilzeit", "fte", "working", "student", "werkstudent",
})
# fmt: on
_FACT_SPLIT = re.compile(r"[\s·|/,•+()]+")
# A line can state such facts only when it holds one of these (substring tests on a short
# lower-cased line: several times cheaper than one pattern with as many alternatives).
_FACT_HINTS = (
    "time", "remote", "hybrid", "site", "office", "contract", "freelanc", "permanent",
    "temporary", "intern", "apprentic", "b2b", "zeit", "fte", "student",
)  # fmt: skip


def _hints_a_fact(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _FACT_HINTS)


# Where each field may be given: front matter keys (normalized) and labelled-line keys.
# fmt: off
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "jobtitle", "position", "role", "position_title",
              "job_name", "name"),
    "company": ("company", "company_name", "companyname", "hiring_organization",
                "hiringorganization", "organization", "organisation", "employer",
                "hiring_company", "employer_name"),
    "location": ("location", "locations", "job_location", "joblocation", "city", "office",
                 "work_location", "candidate_required_location", "location_name"),
    "workplace": ("workplace", "workplace_type", "work_type", "work_model", "remote",
                  "location_type", "job_location_type", "joblocationtype", "work_arrangement",
                  "work_from_home", "is_remote", "remote_ok", "telecommute", "remote_type"),
    "employment": ("employment_type", "employmenttype", "duration", "type", "job_type",
                   "contract", "contract_type", "schedule", "employment", "schedule_type",
                   "commitment", "employment_types", "job_types"),
    "salary": ("salary", "salary_range", "compensation", "pay", "pay_range", "base_salary",
               "basesalary", "remuneration", "rate", "estimated_salary", "estimatedsalary",
               "salary_text"),
    "experience": ("experience", "experience_years", "years_of_experience", "min_experience",
                   "experiencerequirements", "experience_requirements", "years_experience"),
    "seniority": ("seniority", "level", "experience_level", "seniority_level"),
    "skills": ("skills", "technologies", "tech_stack", "stack", "tech", "languages"),
    "vocabulary_only": ("tags", "keywords"),
    "department": ("department", "team", "function", "category"),
    "date": ("date_posted", "dateposted", "date", "posted", "posted_on", "published",
             "publish_date", "created", "posted_at", "created_at", "published_at",
             "publication_date", "date_published"),
    "valid_through": ("valid_through", "validthrough", "expires", "expiry", "expiry_date",
                      "expiration_date", "expires_at", "closes", "closing_date", "close_date",
                      "closing", "deadline", "apply_by", "application_deadline"),
    "url": ("url", "apply_url", "application_url", "apply_link", "link", "apply",
            "apply_button", "application", "job_url", "details_url", "absolute_url",
            "hosted_url"),
    "visa": ("visa_sponsorship", "visasponsorship", "visa", "sponsorship", "visa_sponsor"),
}
_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job title", "position title"),
    "weak_title": ("role", "position", "job"),
    "company": ("company", "company name", "employer", "organization", "organisation",
                "hiring company", "hiring organization"),
    "location": ("location", "locations", "job location", "based in", "office", "where",
                 "work location"),
    "workplace": ("workplace", "workplace type", "work model", "work arrangement", "remote",
                  "work type", "work location", "working model", "work setup"),
    "employment": ("employment type", "employment", "job type", "type", "contract",
                   "contract type", "schedule", "duration", "position type", "hours",
                   "commitment"),
    "salary": ("salary", "salary range", "compensation", "pay", "pay range", "base salary",
               "rate", "hourly rate", "day rate", "remuneration", "base pay", "pay rate",
               "salary band", "compensation range", "vergütung", "gehalt", "ctc", "base", "ote",
               "salary (gross)", "gross salary", "annual salary", "target compensation"),
    "experience": ("experience", "experience level", "years of experience",
                   "experience required", "required experience", "seniority", "level"),
    "seniority": ("seniority", "experience level", "level", "seniority level"),
    "department": ("department", "team"),
    "date": ("date posted", "posted", "posted on", "date", "published"),
    "valid_through": ("closing date", "closes", "closes on", "deadline", "application deadline",
                      "apply by", "expires", "valid through", "valid until", "open until"),
    "url": ("apply", "apply at", "apply here", "url", "link", "application", "how to apply"),
    "visa": ("visa sponsorship", "visa", "sponsorship", "visa support"),
}
# fmt: on
_HEADING_LABELS = frozenset(key for keys in _LABELS.values() for key in keys) - {
    "type",
    "where",
    "remote",
    "office",
    "apply",
    "application",
    "how to apply",
    "link",
    "experience",
    "level",
    "team",
    "date",
    "hours",
}


_KEY_SEPARATORS = re.compile(r"[\s-]+")


def normalize_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter keys lower-cased with `_` for spaces and hyphens."""
    return {
        _KEY_SEPARATORS.sub("_", str(key).strip().lower()): value for key, value in metadata.items()
    }


def general_spans(doc: Document) -> list[tuple[int, int]]:
    """Line ranges of FAQ and general-role sections."""
    spans = list(faq_spans(doc))
    for index, section in enumerate(doc.sections):
        if _GENERAL_SECTION.search(section.heading) and not _SALARY_SECTION.search(section.heading):
            spans.append((section.heading_line, doc.span_of(index)[1]))
    return spans


def _lines_outside(doc: Document, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The document's lines outside the spans (merged first, so overlaps cost nothing)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kept: list[str] = []
    position = 0
    for start, end in merged:
        kept.extend(doc.lines[position:start])
        position = max(position, end)
    kept.extend(doc.lines[position:])
    return kept


def _first(values: Iterable[T | None]) -> T | None:
    return next((value for value in values if value), None)


def _from_keys(meta: Mapping[str, Any], keys: Iterable[str], read: Callable[[Any], T]) -> T | None:
    return _first(read(meta[key]) for key in keys if meta.get(key) is not None)


def _from_labels(
    labels: Mapping[str, str], keys: Iterable[str], read: Callable[[str], T]
) -> T | None:
    return _first(read(labels[key]) for key in keys if key in labels)


def find_title(doc: Document, meta: Mapping[str, Any], labels: Mapping[str, str]) -> str | None:
    """Front matter title, a `Title:` line or `Job Title` section, else the first line when it
    reads like a title, else a `Role:` line, else the first top-level heading."""
    title = _from_keys(meta, _KEYS["title"], _title_value) or _from_labels(
        labels, _LABELS["title"], lambda v: _title_value(v) if _reads_like_title(v) else None
    )
    if title:
        return title
    first_index = next((i for i, line in enumerate(doc.lines) if line.strip()), None)
    if first_index is None:
        return None
    first = doc.lines[first_index]
    if doc.sections and doc.sections[0].heading_line == first_index:
        heading = _title_value(doc.sections[0].heading)
        if heading and not _is_label_heading(doc.sections[0].heading):
            return heading
    elif _reads_like_title(first) and not _is_label_heading(first):
        return _title_value(first)
    weak = _from_labels(
        labels, _LABELS["weak_title"], lambda v: _title_value(v) if _reads_like_title(v) else None
    )
    if weak:
        return weak
    top = next((s for s in doc.sections if s.level == 1), None)
    return _title_value(top.heading) if top else None


def _is_label_heading(text: str) -> bool:
    return clean_inline(text).strip(" :").lower() in _HEADING_LABELS


def _title_value(value: Any) -> str | None:
    text = plain_value(value)
    if not text:
        return None
    title = clean_title(text)
    return title if title and len(title) <= 200 else None


def _reads_like_title(line: str) -> bool:
    if line.lstrip().startswith("|"):
        return False  # a table row
    text = clean_inline(line.lstrip("#")).strip()
    return 0 < len(text) <= 120 and not text.endswith((".", ":", ";", ",")) and ":" not in text


def build_posting(
    doc: Document,
    source: str,
    content_hash: str,
    title: str,
    *,
    default_id: str | None = None,
) -> Posting:
    """The posting a document describes; `title` was found by `find_title`. `default_id`
    names a posting that has no `id` of its own (one of several in a file)."""
    meta = normalize_metadata(doc.metadata)
    outside_general = _lines_outside(doc, general_spans(doc))
    labels = document_labels(doc, outside_general)
    text = "\n".join(outside_general)

    card = _LazyCard(doc, title)
    named = title_company(title)
    if named is not None:
        title = named[0]  # `Senior Data Engineer at Acme`: the role, and Acme as the company
    raw_location = _from_keys(meta, _KEYS["location"], _location_text) or _from_labels(
        labels, _LABELS["location"], _location_text
    )
    location = clean_location(raw_location) if raw_location else None
    if location is None and card.get("location"):
        location = clean_location(card.get("location"))
    posting = Posting(
        id=(explicit_id(meta["id"]) if meta.get("id") is not None else None)
        or default_id
        or posting_id(source),
        title=title,
        company=_company(doc, meta, labels, title, text, card, named[1] if named else None),
        location=location,
        workplace=_workplace(doc, meta, labels, raw_location, title, outside_general, card),
        employment_type=_employment(meta, labels, title, outside_general, text, card),
        salary=_salary(doc, meta, labels, text, card),
        experience_years=_from_keys(meta, _KEYS["experience"], experience_from_value)
        or _from_labels(labels, _LABELS["experience"], experience_from_text)
        or experience_from_text(text),
        seniority=_from_keys(meta, _KEYS["seniority"], lambda v: seniority_from_text(str(v)))
        or seniority_from_text(title)
        or _from_labels(labels, _LABELS["seniority"], seniority_from_text),
        skills=_skills(meta, title, text),
        department=_from_keys(meta, _KEYS["department"], _name_value)
        or _from_labels(labels, _LABELS["department"], _name_value),
        date_posted=_from_keys(meta, _KEYS["date"], date_from_value)
        or _from_labels(labels, _LABELS["date"], date_from_value)
        or _posted_line(text),
        valid_through=_from_keys(meta, _KEYS["valid_through"], date_from_value)
        or _from_labels(labels, _LABELS["valid_through"], date_from_value),
        url=_from_keys(meta, _KEYS["url"], _url_value)
        or _from_labels(labels, _LABELS["url"], url_from_value)
        or _link_in_text(doc),
        visa_sponsorship=_visa(meta, labels, text),
        description=_description(doc, meta),
        source=source,
        content_hash=content_hash,
    )
    # Every field is given, so every posting's set of given fields is the same: share one
    # set instead of keeping 100,000 copies (700 bytes each).
    object.__setattr__(posting, "__pydantic_fields_set__", _ALL_FIELDS)
    for name in ("company", "location", "department", "title"):  # repeated across postings
        value = getattr(posting, name)
        if value is not None and len(value) <= 80:
            posting.__dict__[name] = sys.intern(value)
    for part, fields in (
        (posting.salary, _SALARY_FIELDS),
        (posting.experience_years, _YEARS_FIELDS),
    ):
        if part is not None:
            object.__setattr__(part, "__pydantic_fields_set__", fields)
    return posting


_ALL_FIELDS = set(Posting.model_fields)
_SALARY_FIELDS = set(Salary.model_fields)
_YEARS_FIELDS = set(YearsRange.model_fields)


def labelled(lines: Iterable[str]) -> dict[str, str]:
    """The first value of each `Key: value` label in the lines."""
    found: dict[str, str] = {}
    for key, value in labelled_values(list(lines)):
        found.setdefault(key, value)
    return found


def document_labels(doc: Document, lines: list[str]) -> dict[str, str]:
    """Labels of every kind, strongest first: `Key: value` lines, then facts set off by an
    emoji (`💰 £140,000`), then a short line under a heading that is a label (`Job Title`)."""
    found = labelled(lines)
    if _EMOJI_MARK.search(doc.body):
        for line in lines:
            for match in _EMOJI_FACT.finditer(line):
                value = clean_inline(match.group("value")).strip(" *_|")
                if value:
                    found.setdefault(_EMOJI_LABELS[match.group("mark")], value)
    for index, section in enumerate(doc.sections):
        key = clean_inline(section.heading).strip(" :").lower()
        if key not in _HEADING_LABELS or key in found:
            continue
        start, end = doc.span_of(index)
        value = next((line for line in doc.lines[start:end] if line.strip()), "")
        value = clean_inline(value)
        if value and len(value) <= 120:
            found[key] = value
    return found


def _location_text(value: Any, depth: int = 0) -> str | None:
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, list | tuple):
        parts = [text for item in value[:50] if (text := _location_text(item, depth + 1))]
        return "; ".join(dict.fromkeys(parts)) or None
    if isinstance(value, Mapping):  # schema.org Place / PostalAddress
        data = {str(k).lower(): v for k, v in value.items()}
        address = data.get("address", data)
        if isinstance(address, str):
            return clean_inline(address) or None
        if isinstance(address, Mapping):
            address = {str(k).lower(): v for k, v in address.items()}
            parts = []
            for key in ("addresslocality", "city", "addressregion", "region", "addresscountry",
                        "country"):  # fmt: skip
                part = address.get(key)
                if isinstance(part, Mapping):
                    part = {str(k).lower(): v for k, v in part.items()}.get("name")
                if part and str(part) not in parts:
                    parts.append(str(part))
            if parts:
                return ", ".join(parts)
        name = data.get("name")
        return clean_inline(str(name)) if isinstance(name, str) and name.strip() else None
    text = clean_inline(str(value)) if value is not None else ""
    return text or None


def _name_value(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, Mapping):
        value = {str(k).lower(): v for k, v in value.items()}.get("name")
    text = plain_value(value)
    if text and ", " in text:  # "Blackbaud, Blackbaud": a board repeating the employer
        head, _, tail = text.partition(", ")
        if head == tail:
            return head
    return text


def _url_value(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _first(url_from_value(v) for v in value.values() if isinstance(v, str))
    return url_from_value(value)


class _LazyCard:
    """The board's top card under the title (`header.card_hints`), when the document's
    first line is the title; read only when a stronger source left a field empty."""

    __slots__ = ("_doc", "_hints", "_title")

    def __init__(self, doc: Document, title: str) -> None:
        self._doc, self._title = doc, title
        self._hints: dict[str, Any] | None = None

    def get(self, key: str) -> Any:
        if self._hints is None:
            self._hints = self._read()
        return self._hints.get(key)

    def _read(self) -> dict[str, Any]:
        lines = self._doc.lines
        first = next((i for i, line in enumerate(lines[:3]) if line.strip()), None)
        if first is None or first + 1 >= len(lines):
            return {}
        hints = card_hints(lines, first)  # most documents fail its first cheap checks
        return hints if hints and clean_title(lines[first]) == self._title else {}


def _company(
    doc: Document,
    meta: Mapping[str, Any],
    labels: Mapping[str, str],
    title: str,
    text: str,
    card: _LazyCard,
    in_title: str | None,
) -> str | None:
    return (
        _from_keys(meta, _KEYS["company"], _name_value)
        or _from_labels(labels, _LABELS["company"], _name_value)
        or in_title
        or _name_value(card.get("company"))
        or company_from_headings(doc, title)
        or company_from_text(text)
    )


def _fact_lines(lines: Iterable[str]) -> list[str]:
    """Short lines made only of workplace and employment words (`Full-time Hybrid`)."""
    facts = []
    for line in lines:
        # A sentence of its own in a short line counts as a line: "Full time, permanent. French
        # is a plus."
        if len(line) > 80:
            continue
        pieces = line.split(". ") if ". " in line else [line]
        for piece in pieces:
            if piece.count(" ") > 8 or not _hints_a_fact(piece):
                continue
            plain = clean_inline(piece).lower().lstrip("-*• ").rstrip(".!;")
            words = [w for w in _FACT_SPLIT.split(plain) if w]
            if 0 < len(words) <= 6 and all(w in _FACT_WORDS or w.isdigit() for w in words):
                facts.append(piece)
    return facts


def _workplace(
    doc: Document,
    meta: Mapping[str, Any],
    labels: Mapping[str, str],
    raw_location: str | None,
    title: str,
    lines: list[str],
    card: _LazyCard,
) -> list[Workplace]:
    kinds: list[Workplace] = []
    for found in (
        _from_keys(meta, _KEYS["workplace"], workplace_from_value),
        workplace_from_text(raw_location) if raw_location else None,
        _from_labels(labels, _LABELS["workplace"], workplace_from_text),
    ):
        for kind in found or []:
            if kind not in kinds:
                kinds.append(kind)
    if kinds:
        return kinds
    card_kinds = workplace_from_value(card.get("workplace"))
    if card_kinds:
        return card_kinds
    title_kinds = workplace_from_text(title)
    if title_kinds:
        return title_kinds
    facts = workplace_from_text("\n".join(_fact_lines(lines)))
    if facts:
        return facts
    spans = general_spans(doc) + [
        (s.heading_line, doc.span_of(i)[1])
        for i, s in enumerate(doc.sections)
        if _BENEFITS_SECTION.search(s.heading)
    ]
    return workplace_from_body("\n".join(_lines_outside(doc, spans)))


def _employment(
    meta: Mapping[str, Any],
    labels: Mapping[str, str],
    title: str,
    lines: list[str],
    text: str,
    card: _LazyCard,
) -> list[EmploymentType]:
    return (
        _from_keys(meta, _KEYS["employment"], employment_from_value)
        or _from_labels(labels, _LABELS["employment"], employment_from_text)
        or employment_from_value(card.get("employment_type"))
        or employment_from_text(title)
        or employment_from_text("\n".join(_fact_lines(lines)))
        or employment_from_body(text)
        or []
    )


def _salary(
    doc: Document,
    meta: Mapping[str, Any],
    labels: Mapping[str, str],
    text: str,
    card: _LazyCard,
) -> Salary | None:
    labelled_salary = (
        _from_keys(meta, _KEYS["salary"], salary_from_value)
        or _from_labels(labels, _LABELS["salary"], _labelled_salary)
        or (parse_salary(card.get("salary")) if card.get("salary") else None)
    )
    if labelled_salary:
        return labelled_salary
    for index, section in enumerate(doc.sections):
        if _SALARY_SECTION.search(section.heading) and not _GENERAL_SECTION.search(section.heading):
            start, end = doc.span_of(index)
            found = parse_salary("\n".join(doc.lines[start:end]))
            if found:
                return found
    single: Salary | None = None
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if not _DIGIT.search(sentence):
            continue
        says_pay = (
            single is None
            and _PAY_SENTENCE.search(sentence) is not None
            and _OTHER_SUM.search(_PAY_EXTRAS.sub("", sentence)) is None
        )
        found_in = salaries_with_offsets(sentence, ranges_only=not says_pay)
        if not found_in:
            continue
        hedge = _HEDGE.search(sentence)  # once per sentence, not once per figure
        for offset, found in found_in:
            if hedge is not None and hedge.end() <= offset:
                continue  # "... typically range from $50,000": said of roles in general
            if found.min is not None and found.max is not None and found.min != found.max:
                return found
            if says_pay and single is None:
                single = found  # a range later in the text still wins
    return single


def _labelled_salary(value: str) -> Salary | None:
    return parse_salary(value, require_currency=False)


def _posted_line(text: str) -> Any:
    match = _POSTED_LINE.search(text)
    return date_from_value(match.group("date")) if match else None


def _link_in_text(doc: Document) -> str | None:
    """The link of a title heading (`# [Role](https://...)`), else a link whose text or
    address says apply (`[APPLY](https://...)`, `https://apply.workable.com/...`)."""
    if doc.sections:
        heading = doc.lines[doc.sections[0].heading_line]
        linked = _MD_LINK.search(heading)
        if linked:
            return url_from_value(linked.group("url"))
    if "](" not in doc.body:
        return None
    for match in _MD_LINK.finditer(doc.body):
        if _APPLY.search(match.group("text")) or "apply" in match.group("url").lower():
            return url_from_value(match.group("url"))
    return None


def _visa(meta: Mapping[str, Any], labels: Mapping[str, str], text: str) -> bool | None:
    for key in _KEYS["visa"]:
        if meta.get(key) is not None:
            found = visa_from_value(meta[key])
            if found is not None:
                return found
    for key in _LABELS["visa"]:
        if key in labels:
            found = visa_from_value(labels[key])
            if found is not None:
                return found
    return visa_from_text(text)


def _skills(meta: Mapping[str, Any], title: str, text: str) -> list[str]:
    declared: list[str] = []
    for key in _KEYS["skills"]:
        declared.extend(_string_list(meta.get(key)))
    vocabulary_only = [
        canonical_skill(item)
        for key in _KEYS["vocabulary_only"]
        for item in _string_list(meta.get(key))
        if find_skills(item)
    ]
    return merge_skills(declared, vocabulary_only, find_skills(f"{title}\n{text}"))


def _string_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value[:200] if isinstance(value, list | tuple) else str(value).split(",")
    return [text for item in items if (text := plain_value(item)) and not is_placeholder(text)]


def _description(doc: Document, meta: Mapping[str, Any]) -> str:
    """The summary from front matter, then the body without its FAQ sections."""
    summary = plain_value(meta.get("description")) or plain_value(meta.get("summary")) or ""
    body = "\n".join(_lines_outside(doc, faq_spans(doc)))
    body = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", body).strip()
    return f"{summary}\n\n{body}".strip() if summary else body
