"""The query parser: plain words in, hard filters and ranking keywords out.

Pure and total: any text parses (huge, emoji, control characters) and nothing raises.
Filters are taken out of the text first so that `remote` or `150k+` never dilute ranking.
"""

from __future__ import annotations

import re

from jobbot.currency import currency_code
from jobbot.models import (
    EmploymentType,
    Query,
    QueryFilters,
    SalaryFloor,
    SalaryPeriod,
    Seniority,
    Workplace,
)
from jobbot.pay import PERIOD_WORDS
from jobbot.search.analyzer import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TOKENS,
    SEARCH_NOISE,
    canonical,
    keep,
    normalize,
    raw_tokens,
)
from jobbot.search.places import DEFAULT_GAZETTEER, Gazetteer

WORKPLACE_WORDS: dict[tuple[str, ...], Workplace] = {
    ("remote",): "remote",
    ("remotely",): "remote",
    ("wfh",): "remote",
    ("work", "from", "home"): "remote",
    ("working", "from", "home"): "remote",
    ("work", "remotely"): "remote",
    ("hybrid",): "hybrid",
    ("onsite",): "onsite",
    ("on-site",): "onsite",
    ("in", "office"): "onsite",
    ("in-office",): "onsite",
    ("in-person",): "onsite",
    ("in", "person"): "onsite",
}

EMPLOYMENT_WORDS: dict[tuple[str, ...], EmploymentType] = {
    ("contract",): "CONTRACTOR",
    ("contractor",): "CONTRACTOR",
    ("contracts",): "CONTRACTOR",
    ("freelance",): "CONTRACTOR",
    ("freelancer",): "CONTRACTOR",
    ("fulltime",): "FULL_TIME",
    ("full-time",): "FULL_TIME",
    ("permanent",): "FULL_TIME",
    ("parttime",): "PART_TIME",
    ("part-time",): "PART_TIME",
    ("internship",): "INTERN",
    ("internships",): "INTERN",
    ("intern",): "INTERN",
    ("interns",): "INTERN",
    ("temporary",): "TEMPORARY",
    ("temp",): "TEMPORARY",
}

SENIORITY_WORDS: dict[tuple[str, ...], Seniority] = {
    ("junior",): "junior",
    ("jr",): "junior",
    ("entry-level",): "junior",
    ("entry", "level"): "junior",
    ("graduate",): "junior",
    ("mid",): "mid",
    ("mid-level",): "mid",
    ("mid", "level"): "mid",
    ("intermediate",): "mid",
    ("senior",): "senior",
    ("sr",): "senior",
    ("staff",): "staff",
    ("lead",): "lead",
    ("tech", "lead"): "lead",
    ("principal",): "principal",
}

# `/jobs visa`, `python visa sponsorship`: only postings that say they sponsor visas.
VISA_WORDS: dict[tuple[str, ...], str] = {
    ("visa",): "yes",
    ("visas",): "yes",
    ("sponsorship",): "yes",
    ("visa", "sponsorship"): "yes",
    ("visa-sponsorship",): "yes",
    ("sponsors", "visas"): "yes",
    ("visa", "sponsor"): "yes",
    ("h1b",): "yes",
}

_CUR = r"ca\$|us\$|[$€£]|usd|eur|gbp|cad"
_PERIOD = r"hour|hr|h|day|week|wk|month|mo|year|yr|annum"
SALARY_RE = re.compile(
    r"(?P<ceiling>under|below|less\s+than|max(?:imum)?|up\s+to|at\s+most|<=?|≤)?\s*"
    rf"(?P<pre>over|above|at\s+least|min(?:imum)?|more\s+than|starting\s+at|>=?|≥)?\s*"
    rf"(?P<cur>{_CUR})?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<k>k\b|thousand\b)?\s*(?P<plus>\+)?"
    rf"\s*(?P<cur2>usd|eur|gbp|cad)?\b"
    rf"(?:\s*(?:/|per|an?)\s*(?P<per>{_PERIOD})\b|\s+(?P<per2>hourly|daily|weekly|monthly|yearly|annually)\b)?"
)
RECENCY_RES: list[tuple[re.Pattern[str], int | None]] = [
    (re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:last|past)\s+(\d{1,4})\s+days?\b"), 1),
    (re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:last|past)\s+(\d{1,3})\s+weeks?\b"), 7),
    (re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:last|past)\s+(\d{1,3})\s+months?\b"), 30),
    (re.compile(r"\b(?:posted\s+)?(?:today|last\s+24\s+hours)\b"), None),
    (re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:this|last|past)\s+week\b"), None),
    (re.compile(r"\b(?:in\s+)?(?:the\s+)?(?:this|last|past)\s+month\b"), None),
    (
        re.compile(
            r"\b(?:new|newest|latest|recent|fresh|just\s+posted)\b"
            r"(?!\s+(?:york|jersey|mexico|hampshire|zealand|orleans|delhi|grad))"
        ),
        None,
    ),
]
_FIXED_DAYS = {"today": 1, "24": 1, "week": 7, "month": 30}
# `-frontend`, `-front-end`: a word after a minus at the start of a word (not `100k-150k`).
EXCLUDED_RE = re.compile(r"(?<!\S)[-−](?=[^\W\d_])(\S+)")
MAX_EXCLUDED = 16


def _take_exclusions(text: str) -> tuple[list[str], str]:
    """Negative words (`-frontend`) as canonical words, and the text without them."""
    excluded: list[str] = []
    for match in EXCLUDED_RE.finditer(text):
        for token in raw_tokens(match.group(1)):
            for word in canonical(token):
                if keep(word) and word not in excluded and len(excluded) < MAX_EXCLUDED:
                    excluded.append(word)
    return excluded, EXCLUDED_RE.sub(" ", text)


def _take_recency(text: str) -> tuple[int | None, str]:
    for pattern, unit in RECENCY_RES:
        match = pattern.search(text)
        if match is None:
            continue
        if unit is not None:
            days = int(match.group(1)) * unit
        else:
            found = match.group(0)
            days = next((d for word, d in _FIXED_DAYS.items() if word in found), 7)
        rest = text[: match.start()] + " " + text[match.end() :]
        if 0 < days <= 3650:
            return days, rest
        return None, rest
    return None, text


def _take_salary(text: str) -> tuple[SalaryFloor | None, str]:
    for match in SALARY_RE.finditer(text):
        pre, cur, k, plus = match["pre"], match["cur"] or match["cur2"], match["k"], match["plus"]
        period_word = match["per"] or match["per2"]
        try:
            value = float(match["num"].replace(",", ""))
        except ValueError:
            continue
        if k:
            value *= 1000
        if not (k or cur or period_word or ((pre or plus) and value >= 1000)):
            continue
        if not (pre or plus or cur or k) or value <= 0 or value > 1e8:
            continue
        if match["ceiling"] and not pre:
            # "under 100k" is a ceiling, not a floor: no filter, and not a keyword either.
            return None, text[: match.start()] + " " + text[match.end() :]
        if period_word:
            period: SalaryPeriod = PERIOD_WORDS[period_word]
        else:
            period = "YEAR" if value >= 1000 else "HOUR"
        floor = SalaryFloor(amount=value, currency=currency_code(cur), period=period)
        return floor, text[: match.start()] + " " + text[match.end() :]
    return None, text


def _match(tokens: list[str], i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    for n in (3, 2, 1):
        gram = tuple(tokens[i : i + n])
        if len(gram) == n and gram in table:
            return table[gram], n
    return None


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def parse_query(text: str, gazetteer: Gazetteer = DEFAULT_GAZETTEER) -> Query:
    """Split text into filters (workplace, place, pay, type, level, recency) and keywords."""
    text = text[:MAX_QUERY_CHARS]
    upper_codes = {code.lower() for code in re.findall(r"\b[A-Z]{2}\b", text)}
    rest = normalize(text)
    excluded, rest = _take_exclusions(rest)
    days, rest = _take_recency(rest)
    floor, rest = _take_salary(rest)
    tokens = raw_tokens(rest)[: MAX_QUERY_TOKENS * 2]
    workplace: list[str] = []
    employment: list[str] = []
    seniority: list[str] = []
    locations: list[str] = []
    keywords: list[str] = []
    visa: list[str] = []
    i = 0
    while i < len(tokens):
        hit = None
        for table, into in (
            (WORKPLACE_WORDS, workplace),
            (EMPLOYMENT_WORDS, employment),
            (SENIORITY_WORDS, seniority),
            (VISA_WORDS, visa),
        ):
            hit = _match(tokens, i, table)
            if hit is not None:
                _add(into, hit[0])
                i += hit[1]
                break
        if hit is not None:
            continue
        for n in (4, 3, 2, 1):
            words = tokens[i : i + n]
            key = gazetteer.lookup(words, upper_codes) if len(words) == n else None
            if key is not None:
                _add(locations, key)
                i += n
                break
        else:
            for word in canonical(tokens[i]):
                if keep(word) and word not in SEARCH_NOISE and len(keywords) < MAX_QUERY_TOKENS:
                    _add(keywords, word)
            i += 1
    return Query(
        raw=text,
        keywords=keywords,
        workplace=workplace,  # type: ignore[arg-type]
        locations=locations,
        min_salary=floor,
        employment_type=employment,  # type: ignore[arg-type]
        seniority=seniority,  # type: ignore[arg-type]
        posted_within_days=days,
        excluded=excluded,
        visa_sponsorship=bool(visa),
    )


def merge_filters(
    query: Query, filters: QueryFilters | None, gazetteer: Gazetteer = DEFAULT_GAZETTEER
) -> Query:
    """Options a platform collected (Discord slash options) override the text's filters."""
    if filters is None:
        return query
    update: dict[str, object] = {}
    if filters.workplace is not None:
        update["workplace"] = list(filters.workplace)
    if filters.location is not None and filters.location.strip():
        words = raw_tokens(filters.location)
        key = gazetteer.lookup(words, {w for w in words if len(w) == 2})
        update["locations"] = [key or " ".join(words)]
    if filters.min_salary is not None:
        update["min_salary"] = filters.min_salary
    if filters.employment_type is not None:
        update["employment_type"] = list(filters.employment_type)
    if filters.seniority is not None:
        update["seniority"] = list(filters.seniority)
    return query.model_copy(update=update)


def has_filters(query: Query) -> bool:
    """True when the query constrains which postings may appear at all."""
    return bool(
        query.workplace
        or query.locations
        or query.min_salary
        or query.employment_type
        or query.seniority
        or query.posted_within_days
        or query.visa_sponsorship
    )
