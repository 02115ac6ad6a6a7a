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

# "2 days in office", "3 days a week in the office", "2-3 days per week in our office":
# part-time in the office is hybrid.
# Five days in the office is not hybrid, so only one to four count.
_DAYS = r"\b(?:[1-4](?:\s?[-–]\s?[1-4])?|one|two|three|four)\s?days?\s?"
_DAYS_IN_OFFICE = (
    _DAYS
    + r"(?:(?:a|per|/|each)\s?week\s?)?(?:in|at|from)\s(?:the\s|our\s|an\s)?(?:\w+\s)?office\b"
)
# The same said the other way round: "in-office 4 days a week", "Onsite, 4 days/week",
# "3x a week in office".
_OFFICE_DAYS = (
    r"\b(?:in[- ](?:the[- ])?office|on[- ]?site)[,:]?\s(?:for\s)?"
    r"(?:[1-4](?:\s?[-–]\s?[1-4])?|one|two|three|four)\s?(?:days?|x)\s?(?:a|per|/|each)\s?week\b"
    r"|\b[1-4]\s?x\s?(?:a|per|/)\s?week\s(?:in|at)\s(?:the\s)?office\b"
)
# Said of the job: not remote. "(NYC based, not remote)", "No telecommuting", "remote work is
# not possible". A negation also hides the `remote` inside it.
_NOT_REMOTE = (
    r"\bnot\s(?:a\s|an\s|fully\s|100%\s)?remote\b|\bno\s(?:remote|wfh)\b(?!\s*(?:first|friendly))"
    r"|\bnon[- ]remote\b|\bno\s(?:telecommut\w*|work(?:ing)?\sfrom\shome)\b"
    r"|\bremote\s(?:work(?:ing)?\s)?(?:is\s)?not\s(?:possible|available|an\soption|offered)\b"
    r"|\bremote\s(?:work(?:ing)?\s)?(?:isn't|is\snot)\s(?:possible|available|an\soption|offered)\b"
)
# `Remote: No`, `Remote work? none`: a labelled no.
_REMOTE_NO = r"\bremote(?:\swork)?\s?[:?=]\s?(?:no|none|false|not\s(?:possible|available))\b"
_BODY_NOT_REMOTE = _NOT_REMOTE
_NOT_REMOTE = _NOT_REMOTE + "|" + _REMOTE_NO

_WORKPLACE_WORDS: list[tuple[re.Pattern[str], Workplace]] = [
    (re.compile(r"\bremote(?:[- ]first|[- ]friendly)?\b", re.I), "remote"),
    (
        re.compile(
            r"\bwork(?:ing)? from (?:home|anywhere)\b|\btelecommut(?:e|ing)\b|\bwfh\b", re.I
        ),
        "remote",
    ),
    (  # Indeed's "Hybrid remote" is hybrid
        re.compile(r"\bhybrid(?:[- ]remote)?\b|" + _DAYS_IN_OFFICE + "|" + _OFFICE_DAYS, re.I),
        "hybrid",
    ),
    (
        re.compile(
            r"\b(?:on[- ]?site|on[- ]?premises?|in[- ]office|in the office|in[- ]person)\b"
            r"|\boffice[- ]based\b",
            re.I,
        ),
        "onsite",
    ),
    (re.compile(_NOT_REMOTE, re.I), "onsite"),
]
_NEGATION = re.compile(_NOT_REMOTE, re.I)

# In running text, a mention must say the job itself is remote/hybrid/on-site: "remote work
# flexibility" among benefits does not make a posting remote.
# Each body pattern is tried only when the text holds one of its words (a substring test
# costs nothing next to a pattern with many alternatives run at every position).
_BODY_WORKPLACE: list[tuple[re.Pattern[str], Workplace]] = [
    (
        re.compile(
            r"\b(?:fully|100%|completely|entirely|permanently)\sremote\b"
            r"|\bremote[- ](?:first|only)\b"
            r"|\bremote\s(?:role|position|job|opportunity|opening|contract|team member)\b"
            r"|\b(?:role|position|job)\sis\s(?:fully\s)?remote\b"
            r"|\bwork\s(?:fully\s)?remotely\sfrom\b"
            r"|\bwe(?:'|’)?re\s(?:all|fully|100%)\sremote\b|\bwe\sare\s(?:all|fully|100%)\sremote\b"
            r"|\(remote\)|^[^\S\n]*(?:[-*•][^\S\n]+)?remote[^\S\n]*(?:[—–:(,-]|$)",
            re.I | re.M,
        ),
        "remote",
    ),
    (
        re.compile(
            r"\bhybrid\s(?:role|position|job|schedule|model|setup|arrangement|working|work)\b"
            r"|\b(?:role|position|job)\sis\shybrid\b|\(hybrid\)|" + _DAYS_IN_OFFICE,
            re.I,
        ),
        "hybrid",
    ),
    (
        re.compile(
            r"\bon[- ]?site\s(?:role|position|job)\b"
            r"|\b(?:role|position|job)\sis\son[- ]?site\b"
            r"|\(on[- ]?site\)|\bfully\sin[- ]office\b|" + _BODY_NOT_REMOTE,
            re.I,
        ),
        "onsite",
    ),
]
# Rarer statements, each scanned for only when the text holds its words (substring tests on
# the lower-cased text, far cheaper than a pattern run at every position).
_RARE_HYBRID = re.compile(  # "hybrid (2 days)", a line that starts "Hybrid:"
    r"\bhybrid\s?\(\s?\d|^[^\S\n]*(?:[-*•][^\S\n]+)?hybrid[^\S\n]*(?:[—–:(-]|$)", re.I | re.M
)
_RARE_REMOTE_NO = re.compile(_REMOTE_NO, re.I)
_RARE_REMOTE_OK = re.compile(
    r"\b(?:is|are)\sremote[- ](?:friendly|ok)\b|\bremote\swithin\s"
    r"|\btelecommut\w*\s(?:is\s)?(?:ok|allowed|possible|available|welcome)\b",
    re.I,
)
_RARE_OFFICE_DAYS = re.compile(_OFFICE_DAYS, re.I)  # "in-office 4 days a week": hybrid
_RARE_EVERY_DAY = re.compile(  # "five days a week in the office": on-site
    r"\b(?:5|five)\sdays\s(?:a|per)\sweek\s(?:in|at)\s(?:the\s|our\s)?office\b", re.I
)
_RARE_OFFICE_ONLY = re.compile(r"\boffice[- ]based\b|\b(?:in[- ]office|on[- ]?site)\sonly\b", re.I)
_REMOTE_NO_GATE = re.compile(r"remote(?:\swork)?\s?[:?=]")
_REMOTE_OK_GATE = re.compile(r"remote(?:[- ](?:friendly|ok)|\swithin)")
_WEEKLY = ("days a ", "days/", "days per ", "x a ", "x/", "x per ")
_EVERY_WORKDAY = ("5 days a ", "five days a ", "5 days per ", "five days per ")


def _before_week(lowered: str, endings: tuple[str, ...]) -> bool:
    """Whether some "week" in the text comes right after one of `endings` (`3 days a week`);
    a find per "week", not a scan per phrase."""
    at = lowered.find("week")
    while at != -1:
        if lowered[max(0, at - 14) : at].endswith(endings):
            return True
        at = lowered.find("week", at + 4)
    return False


def _rare_patterns(
    lowered: str, remote: bool, office: bool
) -> list[tuple[re.Pattern[str], Workplace]]:
    """The rarer statements' patterns that this text could match."""
    found: list[tuple[re.Pattern[str], Workplace]] = []
    if "hybrid" in lowered:
        found.append((_RARE_HYBRID, "hybrid"))
    if remote and _REMOTE_NO_GATE.search(lowered):
        found.append((_RARE_REMOTE_NO, "onsite"))
    if (remote and _REMOTE_OK_GATE.search(lowered)) or "telecommut" in lowered:
        found.append((_RARE_REMOTE_OK, "remote"))
    if "week" in lowered:
        if _before_week(lowered, _WEEKLY):
            found.append((_RARE_OFFICE_DAYS, "hybrid"))
        if office and _before_week(lowered, _EVERY_WORKDAY):
            found.append((_RARE_EVERY_DAY, "onsite"))
    if office and ("only" in lowered or "based" in lowered):
        found.append((_RARE_OFFICE_ONLY, "onsite"))
    return found


def workplace_from_text(text: str) -> list[Workplace]:
    """Workplace kinds named in a location or a `Workplace:` value, in order of mention.

    A mention inside a longer one of another kind does not count: the "in the office" of
    "3 days a week in the office" is part of a hybrid arrangement, and the "remote" of
    "not remote" is a negation (on-site).
    """
    spans = [
        (match.start(), match.end(), kind)
        for pattern, kind in _WORKPLACE_WORDS
        for match in pattern.finditer(text)
    ]
    return _ordered(_outermost(spans))


def _outermost(spans: list[tuple[int, int, Workplace]]) -> list[tuple[int, Workplace]]:
    """Mentions not inside a longer mention of another kind; O(n log n) over the mentions."""
    if len(spans) < 2:
        return [(start, kind) for start, _, kind in spans]
    ordered = sorted(spans, key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, Workplace]] = []
    reach_end, reach_kind, reach_start = -1, None, -1
    for start, end, kind in ordered:
        inside = (
            reach_kind is not None
            and reach_kind != kind
            and start >= reach_start
            and end <= reach_end
            and (reach_end - reach_start) > (end - start)
        )
        if not inside:
            kept.append((start, kind))
        if end > reach_end:
            reach_end, reach_kind, reach_start = end, kind, start
    return kept


def workplace_from_body(text: str) -> list[Workplace]:
    """Workplace kinds that running text states about the job itself.

    A negation ("not remote", "no telecommuting") states on-site and cancels the remote
    statements of the same text unless they come from a longer remote phrase."""
    lowered = text.lower()
    remote, office = "remote" in lowered, "office" in lowered
    telecommute = "telecommut" in lowered
    hits: list[tuple[int, int, Workplace]] = []
    for pattern, kind in _BODY_WORKPLACE:
        # Each pattern only where its words are: its own kind, or the negations on-site reads.
        if kind == "remote":
            wanted = remote or telecommute
        elif kind == "hybrid":
            wanted = office or "hybrid" in lowered
        else:
            wanted = remote or office or telecommute or "site" in lowered
            wanted = wanted or "home" in lowered or "wfh" in lowered
        if wanted:
            hits.extend((match.start(), match.end(), kind) for match in pattern.finditer(text))
    for pattern, kind in _rare_patterns(lowered, remote, office):
        hits.extend((match.start(), match.end(), kind) for match in pattern.finditer(text))
    kinds = _ordered(_outermost(hits))
    if "remote" in kinds and _NEGATION.search(text):
        kinds = [kind for kind in kinds if kind != "remote"]
    return kinds


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

_PLACEHOLDER = re.compile(r"\[[^\[\]]*\]|\{[^{}]*\}|<[^<>]*>")
_LOCATION_NOISE = re.compile(
    r"(?<![\s,]),?\s?" + _DAYS_IN_OFFICE + r"|\([^()]*\b(?:remote|hybrid|on[- ]?site|in[- ]office"
    r"|office|days?|telecommut\w*)\b[^()]*\)|\(\+\s?\d+\s(?:others?|more)\)"
    r"|\b(?:or|and|/|&)?\s?(?:fully\s|100%\s)?"
    r"(?:remote|hybrid|on[- ]?site|in[- ]office|in[- ]person)\b"
    r"(?:[\s-]?(?:friendly|first|possible|optional|ok|only|ish))?|"
    + _NOT_REMOTE
    + r"|(?<=\w)[- ]based\b|(?<=\w)\sonly$",
    re.I,
)
# A schedule beside a place (`Onsite, 4 days/week`, `SF 5 days a week`), looked for only
# when the value says "week".
_WEEKLY_NOISE = re.compile(
    r",?\s?(?:" + _OFFICE_DAYS + r")"
    r"|\b(?:[1-7]|one|two|three|four|five)\s?(?:days?|x)\s?(?:a|per|/|each)\s?week\b",
    re.I,
)
_EDGE_PUNCTUATION = " ,;:/|&—–-\t\n"


# `Berlin (on-site) or Remote within Germany`: the remote region is a place of its own.
_OR_REMOTE_WITHIN = re.compile(
    r"\s(?:or|/|&)\s(?:fully\s)?(?:remote|on[- ]?site|hybrid|in[- ]office)"
    r"\s(?:within|in|from|at)\s",
    re.I,
)
# `Remote (Europe) or onsite in Berlin`: the remote region, before the rest is cleaned.
_REMOTE_REGION = re.compile(
    r"^(?:fully\s|100%\s)?remote\s?\((?P<region>[^()]{2,60})\)\s(?=or\s)", re.I
)


def clean_location(text: str) -> str | None:
    """The place in a location value, without workplace words or template placeholders.

    `San Francisco, CA (Hybrid) or Remote` → `San Francisco, CA`;
    `[Your City] or Remote` → None; `Remote — anywhere in Europe` → `Anywhere in Europe`;
    `Remote (US/Canada)` → `US/Canada` (the region a remote job is open to is kept).
    """
    text = clean_inline(text[:500])
    if " or " in text or "/" in text or "&" in text:
        text = _REMOTE_REGION.sub(r"\g<region> ", text)
        text = _OR_REMOTE_WITHIN.sub(" or ", text)
    text = _PLACEHOLDER.sub(" ", text)
    if "week" in text or "WEEK" in text or "Week" in text:
        text = _WEEKLY_NOISE.sub(" ", text)
    text = _LOCATION_NOISE.sub(" ", text)
    text = re.sub(r"\(\s?\)", " ", text)
    text = " ".join(text.split()).replace(" ,", ",").strip(_EDGE_PUNCTUATION)
    text = re.sub(r"^(?:or|and|in|at|based in|within)\s", "", text, flags=re.I)
    text = re.sub(r"(?<!\s)\s(?:or|and)$", "", text, flags=re.I).strip(_EDGE_PUNCTUATION)
    text = re.sub(r",(?=,)|,$", "", text)
    wrapped = re.fullmatch(r"\((.*)\)", text)
    if wrapped and "(" not in wrapped.group(1):
        text = wrapped.group(1).strip()  # `Remote (US)` leaves `(US)`: the place is `US`
        text = re.sub(r"(?<=\w)\sonly$", "", text, flags=re.I)  # `REMOTE (US only)`
        text = re.sub(r"^(?:within|in|from|anywhere\sin)\s", "", text, flags=re.I)
        if text[:1].islower():
            return None  # `Remote (must overlap 4h with PST)`: a condition, not a place
    text = re.sub(r"^the\s(?=[A-Z]{2,}\b)", "", text)  # `within the EU` → `EU`
    if not re.search(r"[A-Za-z]{2}", text):
        return None
    return text[0].upper() + text[1:]


# --- employment type -------------------------------------------------------------------------

_EMPLOYMENT: list[tuple[re.Pattern[str], EmploymentType]] = [
    (re.compile(r"\bfull[-_ ]?time\b", re.I), "FULL_TIME"),  # also schema.org's `FULL_TIME`
    (re.compile(r"\bpart[-_ ]?time\b", re.I), "PART_TIME"),
    (
        re.compile(
            r"\bcontract(?:or|ing|s)?\b|\bfreelanc(?:e|er|ing)\b|\bfixed[- ]term\b|\bb2b\b"
            r"|\bself[- ]employed\b|\bc2c\b|\bcorp[- ]to[- ]corp\b",
            re.I,
        ),
        "CONTRACTOR",
    ),
    (re.compile(r"\btemporary\b|\btemp\b|\bseasonal\b|\binterim\b", re.I), "TEMPORARY"),
    (
        re.compile(
            r"\bintern(?:ship)?s?\b|\bwerkstudent\b|\btrainee(?:ship)?\b|\bapprentice(?:ship)?s?\b"
            r"|\bco-?op\b|\bworking student\b|\bstudent (?:job|position|role)\b|\bplacement year\b",
            re.I,
        ),
        "INTERN",
    ),
    (re.compile(r"\bvolunteer(?:ing)?\b|\bunpaid\b", re.I), "VOLUNTEER"),
    (re.compile(r"\bper[-_ ]diem\b", re.I), "PER_DIEM"),
]
_PERMANENT = re.compile(r"\bpermanent\b|\bfestanstellung\b|\bunbefristet\b|\bCDI\b", re.I)
# German and French words for the usual schedules: `Vollzeit`, `Teilzeit`, `CDD`.
_LOCAL_EMPLOYMENT: list[tuple[re.Pattern[str], EmploymentType]] = [
    (re.compile(r"\bvollzeit\b", re.I), "FULL_TIME"),
    (re.compile(r"\bteilzeit\b", re.I), "PART_TIME"),
    (re.compile(r"\bCDD\b"), "TEMPORARY"),
]
# `1.0 FTE`, `FTE`, `0.6 FTE` (a share of a full-time post is part-time).
_FTE = re.compile(r"(?:\b(?P<share>[01](?:[.,]\d{1,2})?)\s?)?\bFTE\b")
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
    r"\b(?:this|a|an|the)\s(?:\d{1,2}[- ](?:month|week|year)s?\s)?(?P<kind>full[- ]?time|"
    r"part[- ]?time|contract|temporary|internship|freelance|permanent|fixed[- ]term|b2b|"
    r"apprenticeship|co-?op|contractor)\s(?:role|position|job|opportunity|contract|engagement|"
    r"program(?:me)?|basis|placement)\b"
    r"|\bon\sa\s(?P<basis>temporary|contract|freelance|part[- ]time|full[- ]time|b2b|project)"
    r"[- ](?:basis|contract)\b"
    r"|\b(?P<months>\d{1,2}[- ](?:month|week))s?\s(?:contract|engagement|project)\b",
    re.I,
)


_BODY_EMPLOYMENT_WORDS = (
    "time", "contract", "temporar", "intern", "freelanc", "permanent", "term", "b2b",
    "apprentic", "co-op", "coop", "month", "week", "basis",
)  # fmt: skip


def employment_from_text(text: str) -> list[EmploymentType]:
    """schema.org employment types named in a short value such as `Permanent, full time`,
    `Apprenticeship`, `B2B contract`, `Part-time (20hr/wk)`, in order of mention."""
    hits: list[tuple[int, EmploymentType]] = []
    for pattern, kind in _EMPLOYMENT:
        match = pattern.search(text)
        if match:
            hits.append((match.start(), kind))
    if "zeit" in text or "CDD" in text:
        for pattern, kind in _LOCAL_EMPLOYMENT:
            match = pattern.search(text)
            if match:
                hits.append((match.start(), kind))
    fte = _FTE.search(text) if "FTE" in text else None
    if fte:
        share = fte.group("share")
        part = share is not None and float(share.replace(",", ".")) < 1
        hits.append((fte.start(), "PART_TIME" if part else "FULL_TIME"))
    permanent = _PERMANENT.search(text)
    if permanent and not any(kind == "PART_TIME" and at > permanent.start() for at, kind in hits):
        hits.append((permanent.start(), "FULL_TIME"))  # "permanent" alone means full-time
    result: list[EmploymentType] = []
    for _, kind in sorted(hits):
        if kind not in result:
            result.append(kind)
    upper = text.strip().upper().replace("-", "_").replace(" ", "_")
    if not result and upper in _SCHEMA_TYPES:
        result.append(upper)  # type: ignore[arg-type]
    return result


def employment_from_body(text: str) -> list[EmploymentType]:
    """Employment types that running text states about the job (`This is a full-time role`,
    `on a B2B contract`, `a 6-month contract`)."""
    kinds: list[EmploymentType] = []
    lowered = text.lower()
    if not any(word in lowered for word in _BODY_EMPLOYMENT_WORDS):
        return kinds
    for match in _BODY_EMPLOYMENT.finditer(text):
        word = match.group("kind") or match.group("basis") or ""
        found = employment_from_text(word) if word else ["CONTRACTOR"]
        if word.lower() == "project":
            found = ["CONTRACTOR"]
        for kind in found:
            if kind not in kinds:
                kinds.append(kind)  # type: ignore[arg-type]
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
_YEARS = r"\s?(?:\+\s?)?(?:\(\s?\d{1,2}\s?\)\s?)?(?:years?|yrs?)\b"
_EXPERIENCE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_N}\s?(?:-|–|—|to)\s?{_N}{_YEARS}", re.I), "range"),
    (re.compile(rf"\b{_N}\s?\+{_YEARS}|\b{_N}{_YEARS}\s?(?:\+|or more|plus)", re.I), "open"),
    (
        re.compile(rf"\b(?:at least|minimum(?: of)?|min\.?|over|more than)\s?{_N}{_YEARS}", re.I),
        "open",
    ),
    (re.compile(rf"\b{_N}{_YEARS}\s(?:of\s)?(?:[\w-]+\s){{0,4}}experience", re.I), "exact"),
]
# "5+ years of programming experience" is the requirement; "2+ years of team management and"
# before it is a side condition. A mention that says "experience" soon after it wins.
_SAYS_EXPERIENCE = re.compile(r"\s?(?:of\s)?(?:[\w/-]+\s){0,4}?experience\b", re.I)


def _count(word: str) -> int:
    return _NUMBER_WORDS.get(word.lower(), 0) if not word.isdigit() else int(word)


_YEAR_WORD = re.compile(r"y(?:ea)?rs?\b", re.I)
_BEFORE_YEARS, _AFTER_YEARS = 48, 96  # how far a mention reaches around its "years"


def _year_windows(text: str) -> list[tuple[int, int]]:
    """Spans of text around each "year(s)"/"yr(s)": the only places a mention can be."""
    windows: list[tuple[int, int]] = []
    for match in _YEAR_WORD.finditer(text):
        start, end = max(0, match.start() - _BEFORE_YEARS), match.end() + _AFTER_YEARS
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def experience_from_text(text: str) -> YearsRange | None:
    """Years of experience: `3-5 years`, `4+ years`, `Mid to Senior (4-8 years)`, `Minimum of
    3 years`. A mention followed by the word "experience" wins, then the earliest.

    The patterns run only around the words "year"/"yr", so the cost is that of one scan."""
    best: tuple[int, int, YearsRange] | None = None
    if "y" not in text and "Y" not in text:
        return None
    for window_start, window_end in _year_windows(text):
        best = _best_in(text, window_start, window_end, best)
    return best[2] if best else None


def _best_in(
    text: str, window_start: int, window_end: int, best: tuple[int, int, YearsRange] | None
) -> tuple[int, int, YearsRange] | None:
    for pattern, kind in _EXPERIENCE_PATTERNS:
        for match in pattern.finditer(text, window_start, window_end):
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
            rank = 0 if _SAYS_EXPERIENCE.match(text, match.end()) or kind == "exact" else 1
            if best is None or (rank, match.start()) < (best[0], best[1]):
                best = (rank, match.start(), found)
    return best


def experience_from_value(value: Any) -> YearsRange | None:
    """A structured experience value: years as a number, `3-5`, a min/max mapping, or text."""
    if isinstance(value, YearsRange):
        return value
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
    (
        re.compile(
            r"\bintern(?:ship)?\b|\btrainee\b|\bapprentice(?:ship)?\b|\bco-?op\b"
            r"|\bworking student\b|\bwerkstudent\b",
            re.I,
        ),
        "intern",
    ),
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
    text = clean_inline(str(value)[:200]).strip()
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
    r"(?:\s?[-–—:|])?\s?\b(?:(?:job\sdescription|job\sposting|job\sad)\s?)?template$"
    r"|\s?[-–—:|]\s?job\sdescription$|\sjob\sdescription$",
    re.I,
)
_GENDER = r"(?:[a-z]|div|divers|nb|gn\*?)"
_GENDER_MARK = re.compile(
    rf"\s?\(\s?{_GENDER}(?:\s?[/|,]\s?{_GENDER}){{1,3}}\s?\)|\s?\(\s?(?:all\sgenders|gn\*?)\s?\)",
    re.I,
)


def clean_title(text: str) -> str:
    """A title without HTML, markdown, template noise or gender markers.

    `Software Engineer - Backend Job Description Template` → `Software Engineer - Backend`;
    `Backend Engineer (f/m/x)` → `Backend Engineer`.
    """
    title = clean_inline(text[:1000]).strip().strip("#").strip()
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
