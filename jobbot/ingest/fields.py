"""Pure extractors for single posting fields from short pieces of text.

Each takes a string (a front matter value, a labelled line, a title or a paragraph) and
returns a typed value or None; none of them raises on odd input, which a property test checks.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from jobbot.ingest.document import clean_inline
from jobbot.models import EmploymentType, Seniority, Workplace, YearsRange

# --- workplace -------------------------------------------------------------------------------

# "2 days in office", "3 days a week in the office": part-time in the office is hybrid.
_DAYS_IN_OFFICE = r"\b\d\s*days?\s*(?:(?:a|per|/)\s*week\s*)?(?:in|at)\s+(?:the\s+)?office\b"

_WORKPLACE_WORDS: list[tuple[re.Pattern[str], Workplace]] = [
    (re.compile(r"\bremote(?:[- ]first|[- ]friendly)?\b", re.I), "remote"),
    (re.compile(r"\bwork(?:ing)? from (?:home|anywhere)\b|\btelecommute\b", re.I), "remote"),
    (re.compile(r"\bhybrid\b|" + _DAYS_IN_OFFICE, re.I), "hybrid"),
    (
        re.compile(r"\b(?:on[- ]?site|on[- ]?premises|in[- ]office|in the office)\b", re.I),
        "onsite",
    ),
]

# In running text, a mention must say the job itself is remote/hybrid/on-site: "remote work
# flexibility" among benefits does not make a posting remote.
_BODY_WORKPLACE: list[tuple[re.Pattern[str], Workplace]] = [
    (
        re.compile(
            r"\b(?:fully|100%|completely|entirely|permanently)\s+remote\b"
            r"|\bremote[- ](?:first|only)\b"
            r"|\bremote\s+(?:role|position|job|opportunity|opening|contract|team member)\b"
            r"|\b(?:role|position|job)\s+is\s+(?:fully\s+)?remote\b"
            r"|\bwork\s+(?:fully\s+)?remotely\s+from\b"
            r"|\(remote\)|^\s*remote\s*(?:[—–:-]|$)",
            re.I | re.M,
        ),
        "remote",
    ),
    (
        re.compile(
            r"\bhybrid\s+(?:role|position|job|schedule|model|setup|arrangement|working)\b"
            r"|\b(?:role|position|job)\s+is\s+hybrid\b|\(hybrid\)",
            re.I,
        ),
        "hybrid",
    ),
    (
        re.compile(
            r"\bon[- ]?site\s+(?:role|position|job)\b|\b(?:role|position|job)\s+is\s+on[- ]?site\b"
            r"|\(on[- ]?site\)|\bfully\s+in[- ]office\b",
            re.I,
        ),
        "onsite",
    ),
]


def workplace_from_text(text: str) -> list[Workplace]:
    """Workplace kinds named in a location or a `Workplace:` value, in order of mention.

    A mention inside a longer one of another kind does not count: the "in the office" of
    "3 days a week in the office" is part of a hybrid arrangement.
    """
    spans: list[tuple[int, int, Workplace]] = [
        (match.start(), match.end(), kind)
        for pattern, kind in _WORKPLACE_WORDS
        for match in pattern.finditer(text)
    ]
    hits = [
        (start, kind)
        for start, end, kind in spans
        if not any(
            other != kind and s <= start and end <= e and (e - s) > (end - start)
            for s, e, other in spans
        )
    ]
    return _ordered(hits)


def workplace_from_body(text: str) -> list[Workplace]:
    """Workplace kinds that running text states about the job itself."""
    hits: list[tuple[int, Workplace]] = []
    for pattern, kind in _BODY_WORKPLACE:
        for match in pattern.finditer(text):
            hits.append((match.start(), kind))
    return _ordered(hits)


def _ordered(hits: list[tuple[int, Workplace]]) -> list[Workplace]:
    result: list[Workplace] = []
    for _, kind in sorted(hits):
        if kind not in result:
            result.append(kind)
    return result


def workplace_from_value(value: Any) -> list[Workplace]:
    """A front matter `workplace`/`remote` value: a word, a list of words, or a boolean."""
    if isinstance(value, bool):
        return ["remote"] if value else []
    if isinstance(value, list | tuple):
        return _ordered(
            [(i, kind) for i, item in enumerate(value) for kind in workplace_from_text(str(item))]
        )
    return workplace_from_text(str(value)) if value is not None else []


# --- location --------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\[[^\]]*\]|\{[^}]*\}|<[^>]*>")
_LOCATION_NOISE = re.compile(
    r",?\s*"
    + _DAYS_IN_OFFICE
    + r"|\([^)]*\b(?:remote|hybrid|on[- ]?site|in[- ]office|office|days?)\b[^)]*\)"
    r"|\b(?:or|and|/|&)?\s*(?:fully\s+)?(?:remote|hybrid|on[- ]?site|in[- ]office)\b"
    r"(?:[\s-]*(?:friendly|first|possible|optional|ok))?",
    re.I,
)


def clean_location(text: str) -> str | None:
    """The place in a location value, without workplace words or template placeholders.

    `San Francisco, CA (Hybrid) or Remote` → `San Francisco, CA`;
    `[Your City] or Remote` → None; `Remote — anywhere in Europe` → `Anywhere in Europe`.
    """
    text = clean_inline(text)
    text = _PLACEHOLDER.sub(" ", text)
    text = _LOCATION_NOISE.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"^[\s,;:/|&—–-]+|[\s,;:/|&—–-]+$", "", text)
    text = re.sub(r"^(?:or|and|in|at|based in)\s+|\s+(?:or|and)$", "", text, flags=re.I)
    text = " ".join(text.split())
    wrapped = re.fullmatch(r"\((.*)\)", text)
    if wrapped and "(" not in wrapped.group(1):
        text = wrapped.group(1).strip()  # `Remote (US)` leaves `(US)`: the place is `US`
    if not re.search(r"[A-Za-z]{2}", text):
        return None
    return text[0].upper() + text[1:]


# --- employment type -------------------------------------------------------------------------

_EMPLOYMENT: list[tuple[re.Pattern[str], EmploymentType]] = [
    (re.compile(r"\bfull[- ]?time\b|\bpermanent\b(?!.*\bpart[- ]?time\b)", re.I), "FULL_TIME"),
    (re.compile(r"\bpart[- ]?time\b", re.I), "PART_TIME"),
    (
        re.compile(r"\bcontract(?:or|ing)?\b|\bfreelance(?:r)?\b|\bfixed[- ]term\b", re.I),
        "CONTRACTOR",
    ),
    (re.compile(r"\btemporary\b|\btemp\b|\bseasonal\b", re.I), "TEMPORARY"),
    (re.compile(r"\bintern(?:ship)?s?\b|\bwerkstudent\b|\btrainee\b", re.I), "INTERN"),
    (re.compile(r"\bvolunteer(?:ing)?\b|\bunpaid\b", re.I), "VOLUNTEER"),
    (re.compile(r"\bper[- ]diem\b", re.I), "PER_DIEM"),
]
_SCHEMA_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}

_BODY_EMPLOYMENT = re.compile(
    r"\b(?:this|a|an)\s+(?P<kind>full[- ]?time|part[- ]?time|contract|temporary|internship|"
    r"freelance|permanent)\s+(?:role|position|job|opportunity|contract|engagement)\b",
    re.I,
)


def employment_from_text(text: str) -> list[EmploymentType]:
    """schema.org employment types named in a short value such as `Permanent, full time`."""
    hits: list[tuple[int, EmploymentType]] = []
    for pattern, kind in _EMPLOYMENT:
        match = pattern.search(text)
        if match:
            hits.append((match.start(), kind))
    result: list[EmploymentType] = []
    for _, kind in sorted(hits):
        if kind not in result:
            result.append(kind)
    upper = text.strip().upper().replace("-", "_").replace(" ", "_")
    if not result and upper in _SCHEMA_TYPES:
        result.append(upper)  # type: ignore[arg-type]
    return result


def employment_from_body(text: str) -> list[EmploymentType]:
    """Employment types that running text states about the job (`This is a full-time role`)."""
    kinds: list[EmploymentType] = []
    for match in _BODY_EMPLOYMENT.finditer(text):
        for kind in employment_from_text(match.group("kind")):
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def employment_from_value(value: Any) -> list[EmploymentType]:
    if isinstance(value, list | tuple):
        kinds: list[EmploymentType] = []
        for item in value:
            for kind in employment_from_text(str(item)):
                if kind not in kinds:
                    kinds.append(kind)
        return kinds
    return employment_from_text(str(value)) if value is not None else []


# --- experience ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_N = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_YEARS = r"\s*\+?\s*(?:\(\s*\d{1,2}\s*\)\s*)?(?:years?|yrs?)\b"
_EXPERIENCE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_N}\s*(?:-|–|—|to)\s*{_N}{_YEARS}", re.I), "range"),
    (re.compile(rf"\b{_N}\s*\+{_YEARS}|\b{_N}{_YEARS}\s*(?:\+|or more|plus)", re.I), "open"),
    (
        re.compile(rf"\b(?:at least|minimum(?: of)?|min\.?|over|more than)\s*{_N}{_YEARS}", re.I),
        "open",
    ),
    (re.compile(rf"\b{_N}{_YEARS}\s+(?:of\s+)?(?:\w+\s+){{0,4}}experience", re.I), "exact"),
]


def _count(word: str) -> int:
    return _NUMBER_WORDS.get(word.lower(), 0) if not word.isdigit() else int(word)


def experience_from_text(text: str) -> YearsRange | None:
    """Years of experience: `3-5 years`, `4+ years`, `Mid to Senior (4-8 years)`, `Minimum of
    3 years`. The earliest mention wins."""
    best: tuple[int, YearsRange] | None = None
    for pattern, kind in _EXPERIENCE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        numbers = [_count(g) for g in match.groups() if g]
        if not numbers or any(n > 50 for n in numbers):
            continue
        if kind == "range" and len(numbers) >= 2:
            low, high = sorted(numbers[:2])
            found = YearsRange(min=low, max=high)
        elif kind == "open":
            found = YearsRange(min=numbers[0], max=None)
        else:
            found = YearsRange(min=numbers[0], max=numbers[0])
        if best is None or match.start() < best[0]:
            best = (match.start(), found)
    return best[1] if best else None


def experience_from_value(value: Any) -> YearsRange | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return YearsRange(min=int(value), max=None) if 0 <= value <= 50 else None
    if isinstance(value, dict):
        low, high = value.get("min"), value.get("max")
        if isinstance(low, int) or isinstance(high, int):
            return YearsRange(
                min=low if isinstance(low, int) else None,
                max=high if isinstance(high, int) else None,
            )
        return None
    text = str(value)
    if re.fullmatch(r"\s*\d{1,2}\s*\+?\s*", text):
        return YearsRange(min=int(text.strip(" +")), max=None)
    if re.fullmatch(r"\s*\d{1,2}\s*[-–]\s*\d{1,2}\s*", text):
        low, high = sorted(int(n) for n in re.findall(r"\d+", text))
        return YearsRange(min=low, max=high)
    return experience_from_text(text)


# --- seniority -------------------------------------------------------------------------------

_SENIORITY: list[tuple[re.Pattern[str], Seniority]] = [
    (re.compile(r"\bintern(?:ship)?\b|\btrainee\b|\bapprentice\b", re.I), "intern"),
    (re.compile(r"\bjunior\b|\bjr\b\.?|\bentry[- ]level\b|\bgraduate\b", re.I), "junior"),
    (re.compile(r"\bmid(?:[- ]?level)?\b|\bintermediate\b", re.I), "mid"),
    (re.compile(r"\bsenior\b|\bsr\b\.?", re.I), "senior"),
    (re.compile(r"\bstaff\b", re.I), "staff"),
    (re.compile(r"\blead\b|\btech lead\b|\bteam lead\b", re.I), "lead"),
    (re.compile(r"\bprincipal\b|\bdistinguished\b", re.I), "principal"),
]


def seniority_from_text(text: str) -> Seniority | None:
    """The level a title or `Experience Level:` value names; the first one named wins, so
    `Mid to Senior` is `mid` (the lowest level the posting accepts)."""
    best: tuple[int, Seniority] | None = None
    for pattern, level in _SENIORITY:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), level)
    return best[1] if best else None


# --- dates, urls, names ----------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%B %Y",
)


def date_from_value(value: Any) -> date | None:
    """A posting date from YAML (date or datetime) or text (`2024-04-04T05:00:00Z`,
    `April 4, 2024`, `4 April 2024`)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or isinstance(value, bool | int | float):
        return None
    text = clean_inline(str(value)).strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def url_from_value(value: Any) -> str | None:
    """An absolute http(s) link, or None: a relative `/contacto` leads nowhere from a chat."""
    if not isinstance(value, str):
        return None
    match = re.search(r"https?://[^\s<>()\"']+", value)
    return match.group(0).rstrip(".,;") if match else None


_TEMPLATE_NOISE = re.compile(
    r"\s*[-–—:|]?\s*\b(?:job\s+description|job\s+posting|job\s+ad)?\s*template\s*$"
    r"|\s*[-–—:|]\s*job\s+description\s*$|\s+job\s+description\s*$",
    re.I,
)
_GENDER_MARK = re.compile(r"\s*\(\s*[a-z](?:\s*/\s*[a-z]){1,3}\s*\)|\s*\(\s*all genders\s*\)", re.I)


def clean_title(text: str) -> str:
    """A title without HTML, markdown, template noise or gender markers.

    `Software Engineer - Backend Job Description Template` → `Software Engineer - Backend`;
    `Backend Engineer (f/m/x)` → `Backend Engineer`.
    """
    title = clean_inline(text).strip().strip("#").strip()
    title = _TEMPLATE_NOISE.sub("", title)
    title = _GENDER_MARK.sub("", title)
    return title.strip(" -–—:|")


def is_placeholder(text: str) -> bool:
    """Template gaps such as `[Company Name]` or `{{ company }}` that name nothing real."""
    stripped = clean_inline(text).strip()
    return bool(stripped) and not _PLACEHOLDER.sub("", stripped).strip(" ,.;:-")


def plain_value(value: Any) -> str | None:
    """A front matter scalar as clean one-line text, or None when empty or a placeholder."""
    if value is None or isinstance(value, dict | list | tuple | bool):
        return None
    text = clean_inline(str(value))
    return text if text and not is_placeholder(text) else None
