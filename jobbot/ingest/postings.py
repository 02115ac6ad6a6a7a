"""Assembling a `Posting` from a parsed document: which source wins for each field.

Front matter beats a labelled line (`**Salary Range:** ...`), which beats a section
(`## Salary Range`), which beats running text. Sections about the role in general rather than
this opening (FAQ, seniority levels, career path) never supply the posting's own fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

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
from jobbot.ingest.ids import explicit_id, posting_id
from jobbot.ingest.salary import parse_salary, salaries_with_offsets, salary_from_value
from jobbot.ingest.skills import canonical_skill, find_skills, merge_skills
from jobbot.models import Posting, Salary, Workplace

T = TypeVar("T")

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

# Where each field may be given: front matter keys (normalized) and labelled-line keys.
# fmt: off
_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "jobtitle", "position", "role"),
    "company": ("company", "company_name", "hiring_organization", "hiringorganization",
                "organization", "organisation", "employer"),
    "location": ("location", "locations", "job_location", "joblocation", "city", "office"),
    "workplace": ("workplace", "workplace_type", "work_type", "work_model", "remote",
                  "location_type", "job_location_type", "joblocationtype", "work_arrangement"),
    "employment": ("employment_type", "employmenttype", "duration", "type", "job_type",
                   "contract", "contract_type", "schedule", "employment"),
    "salary": ("salary", "salary_range", "compensation", "pay", "pay_range", "base_salary",
               "basesalary", "remuneration", "rate"),
    "experience": ("experience", "experience_years", "years_of_experience", "min_experience",
                   "experiencerequirements"),
    "seniority": ("seniority", "level", "experience_level", "seniority_level"),
    "skills": ("skills", "technologies", "tech_stack", "stack", "tech", "languages"),
    "vocabulary_only": ("tags", "keywords"),
    "department": ("department", "team", "function", "category"),
    "date": ("date_posted", "dateposted", "date", "posted", "posted_on", "published",
             "publish_date", "created"),
    "valid_through": ("valid_through", "validthrough", "expires", "expires_on", "expiry",
                      "expiry_date", "expiration_date", "closes", "closes_on", "closing_date",
                      "close_date", "deadline", "application_deadline", "apply_by"),
    "url": ("url", "apply_url", "application_url", "apply_link", "link", "apply",
            "apply_button", "application"),
}
_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job title", "position", "role", "job"),
    "company": ("company", "company name", "employer", "organization", "organisation",
                "hiring company"),
    "location": ("location", "locations", "job location", "based in", "office", "where"),
    "workplace": ("workplace", "workplace type", "work model", "work arrangement", "remote",
                  "work type", "work location", "working model", "work setup"),
    "employment": ("employment type", "employment", "job type", "type", "contract",
                   "contract type", "schedule", "duration", "position type", "hours"),
    "salary": ("salary", "salary range", "compensation", "pay", "pay range", "base salary",
               "rate", "hourly rate", "day rate", "remuneration", "base pay", "pay rate"),
    "experience": ("experience", "experience level", "years of experience",
                   "experience required", "required experience", "seniority", "level"),
    "seniority": ("seniority", "experience level", "level", "seniority level"),
    "department": ("department", "team"),
    "date": ("date posted", "posted", "posted on", "date", "published"),
    "valid_through": ("closes", "closes on", "closing date", "application deadline",
                      "deadline", "apply by", "expires", "expiry date", "valid through"),
    "url": ("apply", "apply at", "apply here", "url", "link", "application", "how to apply"),
}
# fmt: on


def normalize_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter keys lower-cased with `_` for spaces and hyphens."""
    return {
        re.sub(r"[\s-]+", "_", str(key).strip().lower()): value for key, value in metadata.items()
    }


def general_spans(doc: Document) -> list[tuple[int, int]]:
    """Line ranges of FAQ and general-role sections."""
    spans = list(faq_spans(doc))
    for index, section in enumerate(doc.sections):
        if _GENERAL_SECTION.search(section.heading) and not _SALARY_SECTION.search(section.heading):
            spans.append((section.heading_line, doc.span_of(index)[1]))
    return spans


def _lines_outside(doc: Document, spans: Iterable[tuple[int, int]]) -> list[str]:
    hidden: set[int] = set()
    for start, end in spans:
        hidden.update(range(start, end))
    return [line for i, line in enumerate(doc.lines) if i not in hidden]


def _first(values: Iterable[T | None]) -> T | None:
    return next((value for value in values if value), None)


def _from_keys(meta: Mapping[str, Any], keys: Iterable[str], read: Callable[[Any], T]) -> T | None:
    return _first(read(meta[key]) for key in keys if meta.get(key) is not None)


def _from_labels(
    labels: Mapping[str, str], keys: Iterable[str], read: Callable[[str], T]
) -> T | None:
    return _first(read(labels[key]) for key in keys if key in labels)


def find_title(doc: Document, meta: Mapping[str, Any], labels: Mapping[str, str]) -> str | None:
    """Front matter title, a `Title:` line, else the first line when it reads like a title."""
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
        return _title_value(doc.sections[0].heading)
    if _reads_like_title(first):
        return _title_value(first)
    top = next((s for s in doc.sections if s.level == 1), None)
    return _title_value(top.heading) if top else None


def _title_value(value: Any) -> str | None:
    text = plain_value(value)
    if not text:
        return None
    title = clean_title(text)
    return title if title and len(title) <= 200 else None


def _reads_like_title(line: str) -> bool:
    text = clean_inline(line.lstrip("#")).strip()
    return 0 < len(text) <= 120 and not text.endswith((".", ":", ";", ",")) and ":" not in text


def build_posting(doc: Document, source: str, content_hash: str, title: str) -> Posting:
    """The posting a document describes; `title` was found by `find_title`."""
    meta = normalize_metadata(doc.metadata)
    outside_general = _lines_outside(doc, general_spans(doc))
    labels = labelled(outside_general)
    text = "\n".join(outside_general)

    raw_location = _from_keys(meta, _KEYS["location"], _location_text) or _from_labels(
        labels, _LABELS["location"], _location_text
    )
    return Posting(
        id=(explicit_id(meta["id"]) if meta.get("id") is not None else None) or posting_id(source),
        title=title,
        company=_from_keys(meta, _KEYS["company"], _name_value)
        or _from_labels(labels, _LABELS["company"], _name_value),
        location=clean_location(raw_location) if raw_location else None,
        workplace=_workplace(doc, meta, labels, raw_location, title),
        employment_type=_from_keys(meta, _KEYS["employment"], employment_from_value)
        or _from_labels(labels, _LABELS["employment"], employment_from_text)
        or employment_from_text(title)
        or employment_from_body(text)
        or [],
        salary=_salary(doc, meta, labels, text),
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
        or _from_labels(labels, _LABELS["date"], date_from_value),
        valid_through=_from_keys(meta, _KEYS["valid_through"], date_from_value)
        or _from_labels(labels, _LABELS["valid_through"], date_from_value),
        url=_from_keys(meta, _KEYS["url"], _url_value)
        or _from_labels(labels, _LABELS["url"], url_from_value),
        description=_description(doc, meta),
        source=source,
        content_hash=content_hash,
    )


def labelled(lines: Iterable[str]) -> dict[str, str]:
    """The first value of each `Key: value` label in the lines."""
    found: dict[str, str] = {}
    for key, value in labelled_values(list(lines)):
        found.setdefault(key, value)
    return found


def _location_text(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        parts = [text for item in value if (text := _location_text(item))]
        return "; ".join(parts) or None
    if isinstance(value, Mapping):  # schema.org Place / PostalAddress
        data = {str(k).lower(): v for k, v in value.items()}
        address = data.get("address", data)
        if isinstance(address, Mapping):
            address = {str(k).lower(): v for k, v in address.items()}
            parts = [
                str(address[k])
                for k in (
                    "addresslocality",
                    "city",
                    "addressregion",
                    "region",
                    "addresscountry",
                    "country",
                )
                if address.get(k)
            ]
            return ", ".join(parts) or None
        return None
    text = clean_inline(str(value)) if value is not None else ""
    return text or None


def _name_value(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = {str(k).lower(): v for k, v in value.items()}.get("name")
    return plain_value(value)


def _url_value(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _first(url_from_value(v) for v in value.values() if isinstance(v, str))
    return url_from_value(value)


def _workplace(
    doc: Document,
    meta: Mapping[str, Any],
    labels: Mapping[str, str],
    raw_location: str | None,
    title: str,
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
    title_kinds = workplace_from_text(title)
    if title_kinds:
        return title_kinds
    spans = general_spans(doc) + [
        (s.heading_line, doc.span_of(i)[1])
        for i, s in enumerate(doc.sections)
        if _BENEFITS_SECTION.search(s.heading)
    ]
    return workplace_from_body("\n".join(_lines_outside(doc, spans)))


def _salary(
    doc: Document, meta: Mapping[str, Any], labels: Mapping[str, str], text: str
) -> Salary | None:
    labelled_salary = _from_keys(meta, _KEYS["salary"], salary_from_value) or _from_labels(
        labels, _LABELS["salary"], lambda v: parse_salary(v, require_currency=False)
    )
    if labelled_salary:
        return labelled_salary
    for index, section in enumerate(doc.sections):
        if _SALARY_SECTION.search(section.heading) and not _GENERAL_SECTION.search(section.heading):
            start, end = doc.span_of(index)
            found = parse_salary("\n".join(doc.lines[start:end]))
            if found:
                return found
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        for offset, found in salaries_with_offsets(sentence):
            if _HEDGE.search(sentence[:offset]):
                continue  # "... typically range from $50,000": said of roles in general
            if found.min is not None and found.max is not None and found.min != found.max:
                return found
    return None


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
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [text for item in items if (text := plain_value(item)) and not is_placeholder(text)]


def _description(doc: Document, meta: Mapping[str, Any]) -> str:
    """The summary from front matter, then the body without its FAQ sections."""
    summary = plain_value(meta.get("description")) or plain_value(meta.get("summary")) or ""
    body = "\n".join(_lines_outside(doc, faq_spans(doc)))
    body = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", body).strip()
    return f"{summary}\n\n{body}".strip() if summary else body
