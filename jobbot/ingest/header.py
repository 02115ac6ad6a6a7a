"""The pipe-delimited header of a "Who is hiring?" post: `Company | Role | Location | ...`.

By convention a Hacker News comment starts `Company | Role | Location | REMOTE | $150k–$190k
| url`, in any order after the company and with any of the parts left out; people paste the
same line at the top of markdown and text files. `header_hints` reads it into the fields front
matter would give. (`hn.posting_from_hn_comment` reads a whole comment.)
"""

from __future__ import annotations

import re
from typing import Any

from jobbot.currency import CODES
from jobbot.ingest.company import clean_company_name
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
ROLE = re.compile(
    r"\b(?:engineers?|developers?|devs?|programmers?|swes?|sres?|devops|architects?|designers?"
    r"|scientists?|analysts?|managers?|leads?|heads?\sof|directors?|vp|cto|interns?|internships?"
    r"|researchers?|founding|product|marketing|sales|recruiters?|administrators?|admins?"
    r"|specialists?|consultants?|technicians?|writers?|positions?|roles|openings|hiring"
    r"|full[- ]?stack|front[- ]?end|back[- ]?end|ml|ai|data|security|qa|mobile|ios|android)\b",
    re.I,
)
_VISA_PART = re.compile(
    r"(?:visas?|h-?1-?b)(?:\s(?:ok|friendly|welcome|sponsorship|sponsored|available|support))?"
    r"(?:\s?\+\s?relocation)?|(?:will\s)?sponsor(?:s|ing)?\svisas?",
    re.I,
)
_NO_VISA_PART = re.compile(r"no\s(?:visas?|h-?1-?bs?|(?:visa\s)?sponsorship)", re.I)
_INTERNS_PART = re.compile(r"(?:interns?|internships?)(?:\s(?:ok|welcome))?", re.I)
_EQUITY = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s?%\+?|equity|options?|stock)\b", re.I)
_VISA_WORD = re.compile(r"\bvisa|\bsponsor", re.I)
_SALARY_HINT = re.compile(r"\d\s?[kK]\b|[$€£¥₹]\s?\d|\d\s?(?:USD|EUR|GBP|CAD|CHF|PLN)\b")
_PLACE_HINT = re.compile(
    r",|\b(?:[A-Z][a-z]+|[A-Z]{2,3})\b(?:\s(?:[A-Z][a-z]+|[A-Z]{2}))*$|\banywhere\b", re.I
)


# Between the parts of a header written without pipes: `Acme - Role - Remote`,
# `Acme • Role • Montréal`, `Acme — Role — NYC`, LinkedIn's `Acme · Boston, MA (Hybrid)`.
_SOFT_SEPARATOR = re.compile(r"[^\S\n]+[-–—•·▪][^\S\n]+|[^\S\n]*[•·▪][^\S\n]*")
# A part that ends in an amount, and one that starts with one: `£45,000 - £55,000` was split.
_ENDS_IN_AMOUNT = re.compile(
    r"(?:\d[kK]?|\d\s?(?:" + "|".join(CODES) + r")|[$€£¥₹]\s?[\d,.]+[kK]?\s?/\s?[a-z]{1,5})$"
)
_STARTS_WITH_AMOUNT = re.compile(r"^(?:[$€£¥₹]|[A-Z]{1,3}\$|\d)")
# "(YC S21)", "(YC W24)", "(Y Combinator S19)": an accelerator batch is not part of the name.
_BATCH = re.compile(r"\s*\((?:YC|Y\s?Combinator|Techstars|a16z)\b[^()]{0,20}\)", re.I)
# `Acme (acme.io)`: the company's domain beside its name; `Acme is hiring!`.
_DOMAIN = re.compile(r"\s*\((?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?\)", re.I)
_IS_HIRING = re.compile(r"\s+(?:is\s+|are\s+)?(?:now\s+)?hiring\b.*$", re.I)


def _parts(line: str) -> tuple[list[str], bool]:
    """The header's parts, and whether pipes delimit them; a markdown table row
    (`| a | b |`) is not a header."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADER or text.startswith("|"):
        return [], False
    if text.count("|") >= 2:
        return [part.strip(" \t*_") for part in text.split("|")], True
    return soft_parts(text), False


def soft_parts(text: str) -> list[str]:
    """A line split at spaced dashes and bullets, with an amount range split in two
    (`£45,000 - £55,000 a year`) put back together."""
    parts: list[str] = []
    for part in _SOFT_SEPARATOR.split(text):
        part = part.strip(" \t*_")
        if not part:
            continue
        if parts and _ENDS_IN_AMOUNT.search(parts[-1]) and _STARTS_WITH_AMOUNT.match(part):
            parts[-1] = f"{parts[-1]} - {part}"
        else:
            parts.append(part)
    return parts


def header_hints(line: str, *, titled: bool = False) -> dict[str, Any] | None:
    """Fields from a `Company | Role | Location | ...` line, keyed as front matter is
    (`company`, `title`, `location`, `workplace`, `employment_type`, `salary`, `url`,
    `visa_sponsorship`); None when the line is not such a header.

    Pipes delimit the usual header; dashes and bullets (`Acme - Role - Onsite in SF -
    $170k`) count only when a part states a fact (pay, workplace, employment, a link), so a
    title such as `Senior Engineer - Backend - Payments` is not read as one. `titled`: the
    title is already known (the line sits under it), so no part is taken as the title. A
    header naming no role (`Acme | Remote (EU) | Full-time`, above a list of roles) gives
    the rest without a title."""
    raw, piped = _parts(line)
    parts = [part for part in raw if part]
    if len(parts) < (_MIN_PARTS if not titled else 2):
        return None
    swap = not titled and ROLE.search(parts[0]) and not ROLE.search(parts[1])
    if swap and not _IS_HIRING.search(parts[0]) and _classify(parts[1], {}) is None:
        parts[0], parts[1] = parts[1], parts[0]  # `Senior Engineer | Acme | Remote`
    hints: dict[str, Any] = {}
    company = re.sub(r"\s*\(?https?://\S+\)?", "", parts[0])
    company = _IS_HIRING.sub("", _DOMAIN.sub("", _BATCH.sub("", company))).strip(" ,-–—:!")
    if not company or len(company) > 80 or url_from_value(parts[0]) == parts[0]:
        return None
    if (not piped or titled) and (ROLE.search(company) or _classify(company, {}) is not None):
        return None  # `Senior Engineer - Backend - Remote`, `📍London / UK Remote | ...`
    hints["company"] = company
    unclassified: list[str] = []
    recognised = 0
    # `INTERNS` beside a role says interns are welcome; alone, it is the role.
    other_role = any(ROLE.search(p) and not _INTERNS_PART.fullmatch(p) for p in parts[1:])
    for part in parts[1:]:
        if not other_role and _INTERNS_PART.fullmatch(part):
            unclassified.append(part)
            continue
        kind = _classify(part, hints)
        if kind is None:
            unclassified.append(part)
        else:
            recognised += 1
    if not piped and not recognised:
        return None
    roles = [part for part in unclassified if ROLE.search(part)]
    if titled:
        pass
    elif roles:
        hints["title"] = roles[0]
        unclassified.remove(roles[0])
    elif unclassified and recognised:
        hints["title"] = unclassified.pop(0)  # `Acme | Rustacean | Remote`: no role word
    elif recognised < 2:
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
        # HN's convention: a header says VISA when it sponsors visas (and REMOTE, INTERNS)
        visa = (
            True
            if _VISA_PART.fullmatch(part)
            else False
            if _NO_VISA_PART.fullmatch(part)
            else visa_from_text(part)
        )
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
    if _INTERNS_PART.fullmatch(part):
        hints.setdefault("employment_type", "internship")
        return "employment"
    workplace = workplace_from_text(part)
    employment = employment_from_text(part)
    if employment and len(part.split()) <= 8 and not ROLE.search(part):
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


# --- the "top card" of a board's page -------------------------------------------------------

# Parts of a top card that state nothing about the job: `2 weeks ago`, `Over 100 applicants`,
# `201-500 employees`, `Mid-Senior level`, `Promoted`.
_CARD_NOISE = re.compile(
    r"\bago\b|\bapplicants?\b|\bemployees\b|\blevel\b|\b(?:re)?posted\b|\bpromoted\b"
    r"|\bactively\b|\bclicked\b|\bviews?\b|\bsee\s(?:how|who)\b|^[\d\s,.+-]*$",
    re.I,
)
_CARD_LABEL = re.compile(r"^[^\s:]{1,30}(?:\s[^\s:]{1,30}){0,3}\s?:(?:\s|$)")
_ABBREVIATION = re.compile(r"\b(?:Inc|Ltd|Co|Corp|LLC|GmbH|AG|S\.A|B\.V|N\.V|P\.C|L\.P|Pty)\.$")
_EMPHASIS = re.compile(r"\*\*|__")
_MAX_CARD_LINES = 4
_MAX_CARD_LINE = 160


def card_hints(lines: list[str], title_line: int) -> dict[str, Any]:
    """The facts a job board prints in short lines right under the title, keyed as front
    matter is: LinkedIn's `Acme · Boston, MA (Hybrid) · 2 weeks ago` and `$140,000/yr -
    $175,000/yr · Full-time`, Indeed's company, place and pay lines, a careers page's
    `Acme · Tokyo, Japan`. Empty unless the block (at most four lines, after at most one
    blank line) is made only of such short, unlabelled lines. The first name-like part is the
    company only when its line states another fact or the text names it again (so a section
    heading is not taken); the next place-like part is the location."""
    block: list[str] = []
    index = title_line + 1
    if index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and lines[index].strip():
        if len(block) == _MAX_CARD_LINES:
            return {}
        line = lines[index].strip()
        if line.startswith("#"):  # `## Acme · Berlin, Germany · Hybrid` under `# Role`
            line = line.lstrip("#").strip()
        if line.startswith(("**", "__")):  # `**Acme** — Berlin, Germany`
            line = _EMPHASIS.sub("", line).strip()
        if line:
            block.append(line)
        index += 1
    hints: dict[str, Any] = {}
    # (part, whether its line states another fact, whether it opens its line)
    names: list[tuple[str, bool, bool]] = []
    for line in block:
        if (
            len(line) > _MAX_CARD_LINE
            or line[-1] == ":"
            or (line[-1] in ".!?" and not _ABBREVIATION.search(line))  # not `Acme Inc.`
            or line[0] in "#-*|>+"
            or _CARD_LABEL.match(line)
        ):
            return {}
        parts = soft_parts(line)
        found: list[tuple[str, bool]] = []
        stated = False
        for position, part in enumerate(parts):
            if _CARD_NOISE.search(part):
                continue
            if _SALARY_HINT.search(part) and not find_salaries(part):
                continue  # a bare figure: pay only with a currency here
            if _classify(part, hints) is None:
                found.append((part, position == 0))
            else:
                stated = True
        names.extend((part, stated, opens) for part, opens in found)
    rest = ""
    if names and not names[0][1]:
        rest = "\n".join(lines[index:])  # where a company on a line of its own is named again
    for number, (part, stated, opens) in enumerate(names):
        named_again = stated or re.search(rf"(?<!\w){re.escape(part)}(?!\w)", rest)
        if number == 0 and opens and _name_like(part) and named_again:
            hints["company"] = part  # `Acme · Boston, MA`, or `Acme` named again below
            continue
        if "location" not in hints and (stated or "company" in hints) and _place_like(part):
            hints["location"] = part  # `Remote - US`: the place after the workplace
        break
    return hints


def _name_like(part: str) -> bool:
    return (
        0 < len(part.split()) <= 6
        and len(part) <= 60
        and (part[0].isupper() or part[0].isdigit())
        and not ROLE.search(part)
        and clean_company_name(part) is not None  # not `Engineering`, `Overview`
    )


def _place_like(part: str) -> bool:
    return len(part.split()) <= 8 and any(c.isupper() for c in part) and bool(clean_location(part))


# --- a title that names its company --------------------------------------------------------

_AT_COMPANY = re.compile(r"^(?P<role>.{3,100}?)\s(?:at|@)\s(?P<company>[A-Z0-9][^@]{0,50})$")
_COMPANY_HIRING = re.compile(
    r"^(?P<company>[A-Z0-9].{0,50}?)\s(?:is|are)\s(?:now\s)?hiring(?::|\sa|\san|\sfor)?\s"
    r"(?P<role>.{3,100})$"
)
_AFTER_NAME = re.compile(r",|\s\(|\s[-–—|·•]\s")
_NOT_A_PLACE_OF_WORK = frozenset({"scale", "large", "home", "night", "heart", "risk", "work"})


def title_company(title: str) -> tuple[str, str] | None:
    """(the role, the company) of a title that names both: `Senior Data Engineer at Acme`,
    `Acme is hiring a Senior Data Engineer`; None otherwise (`Engineer at Scale` is a
    title, not a company)."""
    if " at " not in title and "@" not in title and "hiring" not in title:
        return None
    for pattern in (_AT_COMPANY, _COMPANY_HIRING):
        match = pattern.match(title)
        if match is None:
            continue
        role = match.group("role").strip(" ,-–—:")
        # `at Acme, Berlin`, `at Acme (Contract)`, `at Acme - Remote`: the name ends there
        company = _AFTER_NAME.split(match.group("company"), maxsplit=1)[0].strip(" ,.!-–—:")
        if (
            ROLE.search(role)
            and _name_like(company)
            and company.lower() not in _NOT_A_PLACE_OF_WORK
        ):
            return role[0].upper() + role[1:], company
    return None
