"""The query parser: plain words in, hard filters and ranking keywords out.

Pure and total: any text parses (huge, emoji, control characters) and nothing raises.
Filters are taken out of the text first so that `remote` or `150k+` never dilute ranking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
from jobbot.search.clean import clean
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
    ("graduates",): "junior",
    ("grad",): "junior",
    ("grads",): "junior",
    ("new", "grad"): "junior",  # a new graduate, not a new posting
    ("new", "grads"): "junior",
    ("new", "graduate"): "junior",
    ("new", "graduates"): "junior",
    ("recent", "grad"): "junior",
    ("recent", "grads"): "junior",
    ("recent", "graduate"): "junior",
    ("recent", "graduates"): "junior",
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
_PERIOD_ADVERBS = r"hourly|daily|weekly|monthly|yearly|annually"
# Text reaches here cleaned (`jobbot.search.clean`): words are separated by single spaces,
# so each optional gap is ` ?` and no run of whitespace can make the pattern backtrack.
SALARY_RE = re.compile(
    r"(?:(?P<ceiling>under|below|less than|max(?:imum)?|up to|at most|<=?|≤) ?)?"
    r"(?:(?P<pre>over|above|at least|min(?:imum)?|more than|starting at|>=?|≥) ?)?"
    rf"(?:(?P<cur>{_CUR}) ?)?"
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+|\d{1,12}(?:\.\d{1,4})?)(?!\d) ?(?P<k>k\b|thousand\b)? ?"
    r"(?P<plus>\+)?"
    r" ?(?P<cur2>usd|eur|gbp|cad)?\b"
    rf"(?: ?(?:/|per|an?) ?(?P<per>{_PERIOD})\b| (?P<per2>{_PERIOD_ADVERBS})\b)?"
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
            # "a new role", "my new job" is a change of job, not a recent posting.
            r"(?<!\ba )(?<!\ban )(?<!\bmy )(?<!\bour )(?<!\byour )"
            r"\b(?:new|newest|latest|recent|fresh|just\s+posted)\b"
            r"(?!\s+(?:york|jersey|mexico|hampshire|zealand|orleans|delhi|grad))"
        ),
        None,
    ),
]
_FIXED_DAYS = {"today": 1, "24": 1, "week": 7, "month": 30}


def _take_recency(text: str) -> tuple[int | None, str]:
    """The posting-age filter and the text without it. The most explicit phrase sets the
    window ("latest jobs in the last 30 days" is 30 days), and every other recency word is
    taken out too ("new jobs this week" leaves no "new" to search for)."""
    window: int | None = None
    for pattern, unit in RECENCY_RES:
        match = pattern.search(text)
        if match is None:
            continue
        if unit is not None:
            days = int(match.group(1)) * unit
        else:
            found = match.group(0)
            days = next((d for word, d in _FIXED_DAYS.items() if word in found), 7)
        text = text[: match.start()] + " " + text[match.end() :]
        if window is None and 0 < days <= 3650:
            window = days
    return window, text


def recency_text(days: int) -> str:
    """A posting-age window as it is written back and read again: `today`, `last 7 days`."""
    return "today" if days == 1 else f"last {days} days"


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


# Words that negate the next word or filter, and what `-word` is read as.
NEGATIONS: frozenset[str] = frozenset(
    {"not", "without", "except", "excluding", "minus", "outside"}
)  # "outside the us": a place left out
# `-frontend`, `−php`: a minus at the start of a word (not `100k-150k`, not `full-stack`).
_DASH_NOT = re.compile(r"(?<![\w\-])[-−](?=[^\W\d_])")
_QUOTED = re.compile(r'"([^"]{1,200})"')
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})
# Two-letter state codes that are also English words: a place only after a comma
# ("Portland, OR"), never as the operator in `python OR java`.
WORD_CODES: frozenset[str] = frozenset({"or", "in", "me", "hi", "ok", "oh", "id"})
_AFTER_COMMA = re.compile(r", ?([A-Z]{2})\b")
# "us" is the United States unless it is the pronoun: "help us", "for us".
_US_PRONOUN_BEFORE: frozenset[str] = frozenset(
    {"for", "help", "tell", "give", "show", "with", "join", "to", "about", "let", "send",
     "find", "get", "contact", "email", "call", "hire", "of"}
)  # fmt: skip
# The asker's own visa ("my visa only lets me work in the UK") says where they may work,
# not that they need sponsorship: after these words "visa" is neither a filter nor a keyword.
_OWN_VISA_BEFORE: frozenset[str] = frozenset(
    {"my", "our", "his", "her", "their", "current", "student", "spouse", "dependent"}
)
# "5 yrs python", "3 years of experience": the asker's experience, not a word to search for.
_YEARS: frozenset[str] = frozenset({"year", "years", "yr", "yrs", "yoe", "y"})
_EXPERIENCE_TAIL: frozenset[str] = frozenset({"of", "experience", "exp", "yoe"})
_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d)?\+?$")
_NUMBER_YEARS_RE = re.compile(r"^\d{1,2}(?:yrs?|years?|yoe|y)$")
# Chat shorthand for the sides of the stack, read as them beside a role or job noun ("fe
# jobs", "be dev", "fs positions") or another side ("fe or be"); elsewhere "be" is the verb.
SIDE_SHORTHAND: dict[str, str] = {"fe": "frontend", "be": "backend", "fs": "fullstack"}
_SIDES: frozenset[str] = frozenset({*SIDE_SHORTHAND, "frontend", "backend", "fullstack"})
_SIDE_NEXT: frozenset[str] = frozenset(
    {"dev", "devs", "developer", "developers", "engineer", "engineers", "engineering",
     "development", "role", "roles", "job", "jobs", "position", "positions", "opening",
     "openings", "gig", "gigs", "work", "team", "teams", "swe", "swes", "eng", "engs",
     "stack", "vacancy", "vacancies", "people", "folks", "stuff"}
)  # fmt: skip
_SIDE_VERB_BEFORE: frozenset[str] = frozenset(
    {"to", "will", "would", "can", "could", "should", "shall", "might", "may", "must", "not",
     "never", "i", "you", "it", "that", "this", "gonna", "wanna", "cannot", "cant", "wont",
     "always", "also", "just", "ever", "even", "really", "we", "they", "he", "she", "there"}
)  # fmt: skip
_JOINS: frozenset[str] = frozenset({"or", "and", "vs", "versus"})


def read_sides(tokens: Sequence[str]) -> list[str]:
    """`fe`, `be`, `fs` beside a role or job noun, or joined to another side ("fe or be"),
    as the side of the stack they stand for; "be" after "to", "can", "will"… is the verb."""
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token not in SIDE_SHORTHAND:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "be" and before in _SIDE_VERB_BEFORE:
            continue  # "fe" and "fs" are never the verb: "are there fe jobs"
        joined = (before in _JOINS and i > 1 and tokens[i - 2] in _SIDES) or (
            after in _JOINS and i + 2 < len(tokens) and tokens[i + 2] in _SIDES
        )
        if after in _SIDE_NEXT or joined:
            out[i] = SIDE_SHORTHAND[token]
    return out


def _experience_at(tokens: Sequence[str], i: int) -> int:
    """How many tokens from `i` give the asker's years of experience ("5 yrs", "3 years of
    experience", "5yrs"), or 0."""
    if _NUMBER_YEARS_RE.match(tokens[i]):
        n = 1
    elif _NUMBER_RE.match(tokens[i]) and i + 1 < len(tokens) and tokens[i + 1] in _YEARS:
        n = 2
    else:
        return 0
    while i + n < len(tokens) and tokens[i + n] in _EXPERIENCE_TAIL:
        n += 1
    return n


# Words about what the asker may do ("my visa only lets me work in the UK"): no posting is
# about them.
ASKER_NOISE: frozenset[str] = frozenset({"lets", "allows", "allowed", "permits", "permitted"})
# Pay words beside a pay floor say nothing more ("remote jobs paying over 150k").
PAY_NOISE: frozenset[str] = frozenset(
    {"pay", "pays", "paying", "paid", "salary", "salaries", "compensation", "earning",
     "earn", "wage", "offering", "offers"}
)  # fmt: skip


def _codes_in_capitals(text: str) -> set[str]:
    """Two-letter codes written in capitals that may be places (`TX`, `NY`; `OR` only
    after a comma)."""
    codes = {code.lower() for code in re.findall(r"\b[A-Z]{2}\b", text)}
    after_comma = {code.lower() for code in _AFTER_COMMA.findall(text)}
    return (codes - WORD_CODES) | (after_comma & WORD_CODES)


def _phrases(text: str) -> tuple[list[str], str]:
    """Quoted phrases (as canonical words) and the text without them."""
    phrases: list[str] = []
    for match in _QUOTED.finditer(text):
        words = [w for token in raw_tokens(match.group(1)) for w in canonical(token)]
        if len(words) > 1:
            phrases.append(" ".join(words))
    if not phrases:
        return [], text
    rest = _QUOTED.sub(lambda m: " " if len(raw_tokens(m.group(1))) > 1 else m.group(1), text)
    return phrases, rest


class _Parse:
    """The state of one left-to-right pass over a query's tokens."""

    def __init__(self) -> None:
        self.workplace: list[str] = []
        self.employment: list[str] = []
        self.seniority: list[str] = []
        self.locations: list[str] = []
        self.not_workplace: list[str] = []
        self.not_employment: list[str] = []
        self.not_seniority: list[str] = []
        self.not_locations: list[str] = []
        self.visa: list[str] = []
        self.not_visa: list[str] = []  # "no visa": nothing to filter on, so nothing kept
        self.keywords: list[str] = []
        self.groups: list[list[str]] = []
        self.excluded: list[str] = []
        self.negate = False
        self.pending_or = False
        self.last: str | None = None  # the alternative the last keyword token gave
        self.last_in_group = False

    def filter(
        self, values: list[str], negated: list[str], value: str, words: Sequence[str] = ()
    ) -> None:
        """A filter word; negated (`-senior`, `not remote`) it leaves out both what the
        filter matches and postings whose title or skills name the word."""
        if self.negate:
            _add(negated, value)
            for word in words:
                _add(self.excluded, word)
        else:
            _add(values, value)
        self.negate = self.pending_or = False
        self.last = None

    def words(self, words: list[str]) -> None:
        """Keywords from one token (several when a synonym expands, `ml`)."""
        if not words:
            return
        if self.negate:
            for word in words:
                _add(self.excluded, word)
            self.negate = self.pending_or = False
            self.last = None
            return
        alternative = " ".join(words)
        if self.pending_or and self.last is not None:
            if self.last_in_group:
                _add(self.groups[-1], alternative)
            else:
                for word in self.last.split(" "):
                    if word in self.keywords:
                        self.keywords.remove(word)
                self.groups.append([self.last, alternative])
                self.last_in_group = True
            self.pending_or = False
            self.last = alternative
            return
        for word in words:
            if len(self.keywords) < MAX_QUERY_TOKENS:
                _add(self.keywords, word)
        self.last, self.last_in_group = alternative, False


def parse_query(text: str, gazetteer: Gazetteer = DEFAULT_GAZETTEER) -> Query:
    """Split text into filters (workplace, place, pay, type, level, recency), keywords and
    operators: `OR`, `AND`, `-word` / `not word`, and "quoted phrases"."""
    text = clean(text, MAX_QUERY_CHARS).translate(_QUOTES)
    upper_codes = _codes_in_capitals(text)
    phrases, rest = _phrases(normalize(text))
    rest = _DASH_NOT.sub("not ", rest)
    days, rest = _take_recency(rest)
    floor, rest = _take_salary(rest)
    tokens = read_sides(raw_tokens(rest)[: MAX_QUERY_TOKENS * 2])
    state = _Parse()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in NEGATIONS:
            state.negate = True
            i += 1
            continue
        if token == "or" and state.last is not None and "or" not in upper_codes:
            state.pending_or = True
            i += 1
            continue
        if token in {"visa", "visas"} and i and tokens[i - 1] in _OWN_VISA_BEFORE:
            i += 1  # the asker's own visa: where they may work is said by the place
            continue
        if token == "new" and i and tokens[i - 1] in {"a", "an", "my", "our", "your"}:
            i += 1  # "looking for a new role": a change of job, not what to search for
            continue
        years = _experience_at(tokens, i)
        if years:
            i += years
            continue
        hit = None
        for table, into, negated in (
            (WORKPLACE_WORDS, state.workplace, state.not_workplace),
            (EMPLOYMENT_WORDS, state.employment, state.not_employment),
            (SENIORITY_WORDS, state.seniority, state.not_seniority),
            (VISA_WORDS, state.visa, state.not_visa),
        ):
            hit = _match(tokens, i, table)
            if hit is not None:
                said = [w for t in tokens[i : i + hit[1]] for w in canonical(t) if keep(w)]
                state.filter(into, negated, hit[0], said)
                i += hit[1]
                break
        if hit is not None:
            continue
        for n in (4, 3, 2, 1):
            words = tokens[i : i + n]
            key = gazetteer.lookup(words, upper_codes) if len(words) == n else None
            if key == "us" and n == 1 and i and tokens[i - 1] in _US_PRONOUN_BEFORE:
                key = ""  # the pronoun: not a place, and not a keyword either
            if key == "":
                i += 1
                break
            if key is not None:
                state.filter(state.locations, state.not_locations, key)
                i += n
                break
        else:
            noise = SEARCH_NOISE | ASKER_NOISE | (PAY_NOISE if floor else frozenset())
            state.words([word for word in canonical(token) if keep(word) and word not in noise])
            i += 1
    return Query(
        raw=text,
        keywords=state.keywords,
        any_of=[group for group in state.groups if len(group) > 1],
        phrases=phrases,
        excluded=state.excluded,
        excluded_workplace=state.not_workplace,  # type: ignore[arg-type]
        excluded_locations=state.not_locations,
        excluded_employment=state.not_employment,  # type: ignore[arg-type]
        excluded_seniority=state.not_seniority,  # type: ignore[arg-type]
        workplace=state.workplace,  # type: ignore[arg-type]
        locations=state.locations,
        min_salary=floor,
        employment_type=state.employment,  # type: ignore[arg-type]
        seniority=state.seniority,  # type: ignore[arg-type]
        posted_within_days=days,
        visa_sponsorship=bool(state.visa),
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
        or query.excluded_workplace
        or query.excluded_locations
        or query.excluded_employment
        or query.excluded_seniority
        or query.locations
        or query.min_salary
        or query.employment_type
        or query.seniority
        or query.posted_within_days
        or query.visa_sponsorship
    )


_TYPE_WORDS: dict[str, str] = {
    "FULL_TIME": "full-time",
    "PART_TIME": "part-time",
    "CONTRACTOR": "contract",
    "INTERN": "internship",
    "TEMPORARY": "temporary",
}


def floor_text(floor: SalaryFloor) -> str:
    """A pay floor as a query writes it: `150k+`, `€60k+`, `$60/hour+`."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$"}.get(floor.currency or "", "")
    code = "" if symbol or not floor.currency else f" {floor.currency.lower()}"
    if floor.period == "YEAR" and floor.amount >= 1000:
        return f"{symbol}{floor.amount / 1000:g}k+{code}"
    per = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month"}.get(floor.period)
    suffix = f"/{per}" if per else ""
    return f"{symbol}{floor.amount:g}{suffix}+{code}"


def query_text(query: Query) -> str:
    """A query written back as text that parses to the same query: how a suggested search
    is offered ("try `/jobs berlin`")."""
    parts: list[str] = [*query.keywords]
    parts += [" OR ".join(group) for group in query.any_of]
    parts += [f'"{phrase}"' for phrase in query.phrases]
    parts += query.workplace
    parts += query.locations
    parts += [_TYPE_WORDS.get(e, e.lower()) for e in query.employment_type]
    parts += query.seniority
    if query.min_salary is not None:
        parts.append(floor_text(query.min_salary))
    if query.posted_within_days:
        parts.append(recency_text(query.posted_within_days))
    if query.visa_sponsorship:
        parts.append("visa sponsorship")
    parts += [f"-{word}" for word in query.excluded]
    negated = [
        *query.excluded_workplace,
        *query.excluded_locations,
        *(_TYPE_WORDS.get(e, e.lower()) for e in query.excluded_employment),
        *query.excluded_seniority,
    ]
    parts += [f"not {value}" for value in negated if value not in query.excluded]
    return " ".join(parts)
