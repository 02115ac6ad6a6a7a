"""The pipe-delimited header of a "Who is hiring?" post: `Company | Role | Location | ...`.

By convention a Hacker News comment starts `Company | Role | Location | REMOTE | $150k–$190k
| url`, in any order after the company and with any of the parts left out; people paste the
same line at the top of markdown and text files. `header_hints` reads it into the fields front
matter would give. (`hn.posting_from_hn_comment` reads a whole comment.)
"""

from __future__ import annotations

import re
from typing import Any

from jobbot.ingest.fields import (
    clean_location,
    employment_from_text,
    url_from_value,
    workplace_from_text,
)
from jobbot.ingest.salary import find_salaries
from jobbot.ingest.visa import visa_from_text

_MAX_HEADER = 600
_MIN_PARTS = 3
_ROLE = re.compile(
    r"\b(?:engineers?|developers?|devs?|programmers?|swes?|sres?|devops|architects?|designers?"
    r"|scientists?|analysts?|managers?|leads?|heads?\sof|directors?|vp|cto|interns?|internships?"
    r"|researchers?|founding|product|marketing|sales|recruiters?|administrators?|admins?"
    r"|specialists?|consultants?|technicians?|writers?|positions?|roles|openings|hiring"
    r"|full[- ]?stack|front[- ]?end|back[- ]?end|ml|ai|data|security|qa|mobile|ios|android)\b",
    re.I,
)
_EQUITY = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s?%\+?|equity|options?|stock)\b", re.I)
_VISA_WORD = re.compile(r"\bvisa|\bsponsor", re.I)
_SALARY_HINT = re.compile(r"\d\s?[kK]\b|[$€£¥₹]\s?\d|\d\s?(?:USD|EUR|GBP|CAD|CHF|PLN)\b")
_PLACE_HINT = re.compile(
    r",|\b(?:[A-Z][a-z]+|[A-Z]{2,3})\b(?:\s(?:[A-Z][a-z]+|[A-Z]{2}))*$|\banywhere\b", re.I
)


def _parts(line: str) -> list[str]:
    """The header's parts; a markdown table row (`| a | b |`) is not a header."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADER or text.startswith("|") or text.count("|") < 2:
        return []
    return [part.strip(" \t*_") for part in text.split("|")]


def header_hints(line: str) -> dict[str, Any] | None:
    """Fields from a `Company | Role | Location | ...` line, keyed as front matter is
    (`company`, `title`, `location`, `workplace`, `employment_type`, `salary`, `url`,
    `visa_sponsorship`); None when the line is not such a header."""
    parts = [part for part in _parts(line) if part]
    if len(parts) < _MIN_PARTS:
        return None
    if _ROLE.search(parts[0]) and not _ROLE.search(parts[1]):
        parts[0], parts[1] = parts[1], parts[0]  # `Senior Engineer | Acme | Remote`
    hints: dict[str, Any] = {}
    company = re.sub(r"\s*\(?https?://\S+\)?", "", parts[0]).strip(" ,-–—:")
    if not company or len(company) > 80 or url_from_value(parts[0]) == parts[0]:
        return None
    hints["company"] = company
    unclassified: list[str] = []
    recognised = 0
    for part in parts[1:]:
        kind = _classify(part, hints)
        if kind is None:
            unclassified.append(part)
        else:
            recognised += 1
    roles = [part for part in unclassified if _ROLE.search(part)]
    if roles:
        hints["title"] = roles[0]
        unclassified.remove(roles[0])
    elif unclassified and recognised:
        hints["title"] = unclassified.pop(0)  # `Acme | Rustacean | Remote`: no role word
    else:
        return None  # `Python | Django | Postgres`: a list, not a header
    if "location" not in hints:
        for part in unclassified:
            if _PLACE_HINT.search(part) and clean_location(part):
                hints["location"] = part
                break
    if not recognised and "location" not in hints:
        return None
    return hints


def _classify(part: str, hints: dict[str, Any]) -> str | None:
    """File one header part under the field it states; None when it states none of them."""
    url = url_from_value(part)
    if url and len(part) - len(url) < 12:
        hints.setdefault("url", url)
        return "url"
    if _VISA_WORD.search(part):
        visa = visa_from_text(part)
        if visa is not None:
            hints.setdefault("visa_sponsorship", visa)
            return "visa"
    if _EQUITY.match(part):
        return "equity"
    if _SALARY_HINT.search(part):
        salaries = find_salaries(part) or find_salaries(part, require_currency=False)
        if salaries:
            hints.setdefault("salary", part)
            return "salary"
    workplace = workplace_from_text(part)
    employment = employment_from_text(part)
    if employment and len(part.split()) <= 8 and not _ROLE.search(part):
        hints.setdefault("employment_type", part)
        if workplace:
            hints.setdefault("workplace", part)
        return "employment"
    if workplace:
        hints.setdefault("workplace", part)
        if clean_location(part) and "location" not in hints:
            hints["location"] = part  # `Remote (US/Canada)`, `London or REMOTE`
        return "workplace"
    return None
