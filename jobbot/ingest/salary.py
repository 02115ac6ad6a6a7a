"""Pay ranges written the many ways postings write them, as `Salary` objects.

`$35k - $65k`, `€65,000 – €80,000 per year`, `CA$110,000 - CA$135,000`, `$70–$90/hour`,
`$50,000 to $80,000 USD annually` all become min, max, ISO 4217 currency and a period.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jobbot.currency import CODES, SIGNS
from jobbot.models import Salary, SalaryPeriod
from jobbot.pay import PERIOD_WORDS

# Signs of more than one character first (`CA$` before `$`), then the single ones.
_LONG_SIGNS = sorted((sign for sign in SIGNS if len(sign) > 1), key=len, reverse=True)
_CURRENCY = (
    r"(?:"
    + "|".join(re.escape(sign) for sign in _LONG_SIGNS)
    + r"|[$€£¥₹₪₺₴]|(?:"
    + "|".join(CODES)
    + r")(?![A-Za-z]))"
)
# Thousands grouped by commas, dots, spaces or apostrophes (`CHF 120'000`).
_AMOUNT = r"\d{1,3}(?:[,.\u00a0\u202f '’]\d{3})+(?:\.\d{1,2})?|\d{1,9}(?:\.\d{1,2})?"
# `k`, `m`, and the Indian `LPA` / `lakh` (100,000) and `crore` (10,000,000).
_MULTIPLIER = r"(?:[kK]|[mM](?![a-z])|LPA\b|lpa\b|[Ll]akhs?\b|[Ll]acs?\b|[Cc]rores?\b|万)"
_LAKH, _CRORE = 100_000, 10_000_000
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "lpa": _LAKH, "lakh": _LAKH, "lakhs": _LAKH,
                "lac": _LAKH, "lacs": _LAKH, "crore": _CRORE, "crores": _CRORE,
                "万": 10_000}  # fmt: skip
# Every dash people put between two amounts: hyphen, non-breaking hyphen, figure dash, en and
# em dash, horizontal bar, minus sign, small em dash, tilde, wave dash (`600万〜900万`).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58~\u301c"
_SEPARATOR = rf"\s*+(?:[{_DASHES}]|to|and|until|bis)\s*+"
_UNITS = (
    r"hour|hr|h|day|week|wk|month|mo|year|yr|annum|stunde|std|tag|monat|jahr|hora|mês|mes|año|ano"
)
_PERIOD = (
    rf"(?:\s*+(?:/|per|pro|por|an?|each)\s*+(?P<unit>{_UNITS})\b"
    r"|\s*+(?:,\s*+)?(?P<adverb>hourly|daily|weekly|monthly|yearly|annually)\b"
    r"|\s*+(?P<pa>p\.?a)\b\.?)"
)
# Words between an amount and its period: `3600-5800 EUR gross per month`, `$144k base`.
_QUALIFIER = (
    r"(?:\s*+\(?(?:gross|net|brutto|netto|base|total|ote|before\s+tax|pre-tax|b2b)\)?(?![\w-]))"
)

# A range or a single amount: currency before or after each amount, a period after (or after
# the first amount too: `US$52/hour to US$75/hour`).
_SALARY = re.compile(
    rf"(?P<cur1>{_CURRENCY})?\s?(?P<a1>{_AMOUNT})(?:\s?(?P<k1>{_MULTIPLIER}))?"
    rf"(?P<per1>\s*+(?:/|per|an?)\s*+(?:{_UNITS})\b(?=\s*+(?:[{_DASHES}]|to)\s*+\D{{0,4}}\d))?"
    rf"(?:\s?(?P<post1>{_CURRENCY})(?=\s*+(?:[{_DASHES}]|to|and)\s*+\d))?"
    rf"(?:{_SEPARATOR}(?P<cur2>{_CURRENCY})?\s?(?P<a2>{_AMOUNT})(?:\s?(?P<k2>{_MULTIPLIER}))?)?"
    rf"(?:\s?(?P<code>{_CURRENCY}))?"
    rf"(?:\s*+\+\s*+(?:equity|bonus|benefits|stock|commission)\b)?"
    rf"{_QUALIFIER}{{0,2}}"
    rf"(?:{_PERIOD})?",
)
# `$100 per interview`: a rate per something that is not a period is not a salary.
_OTHER_RATE = re.compile(r"\s*+(?:/|per\s)\s*+(?P<word>[A-Za-z]+)")
# Between two figures given as alternatives: `75–90 USD or 300–380 PLN per hour`.
_ALTERNATIVE = re.compile(r"\s*+(?:or|/|\(|,)\s*+")
_MAX_RANGE_RATIO = 10
_BOUND = re.compile(
    r"\b(?P<word>up to|to|max(?:imum)?|from|start(?:ing|s)\s(?:at|from)|at least|min(?:imum)?)"
    r"\s*$",
    re.I,
)


def _number(text: str, multiplier: str | None) -> float | None:
    """`130,000` / `65.000` / `1 500` / `42.5` with an optional `k` or `m` as a float."""
    digits = re.sub(r"[\s\u00a0\u202f'’]", "", text)
    cents = ""
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+(?:\.\d{1,2})?", digits):
        head, dot, tail = digits.rpartition(".")
        if dot and len(tail) <= 2:
            digits, cents = head, f".{tail}"
        digits = re.sub(r"[,.]", "", digits)
    try:
        value = float(digits + cents)
    except ValueError:
        return None
    if multiplier:
        value *= _MULTIPLIERS.get(multiplier.lower(), 1)
    return value


def _currency(*tokens: str | None) -> str | None:
    """The ISO code the tokens name; a specific one (`CA$`, `EUR`) beats a bare `$`."""
    codes: list[tuple[str, str]] = []
    for token in tokens:
        if not token:
            continue
        code = SIGNS.get(token) or (token.upper() if token.upper() in CODES else None)
        if code:
            codes.append((token, code))
    specific = [code for token, code in codes if token != "$"]
    return (specific or [code for _, code in codes] or [None])[0]


def _period(match: re.Match[str]) -> SalaryPeriod | None:
    word = match.group("unit") or match.group("adverb") or match.group("pa")
    if word is None and match.group("per1"):
        word = match.group("per1").strip(" /").split()[-1]
    return PERIOD_WORDS.get(word.lower().replace(".", "")) if word else None


def find_salaries(text: str, *, require_currency: bool = True) -> list[Salary]:
    """Every pay figure in `text`, in order. Without a currency a figure counts only when
    `require_currency` is False (a line labelled `Salary:` needs no `$`)."""
    return [salary for _, salary in salaries_with_offsets(text, require_currency=require_currency)]


def salaries_with_offsets(
    text: str, *, require_currency: bool = True, ranges_only: bool = False
) -> list[tuple[int, Salary]]:
    """Like `find_salaries`, with where each figure starts, so callers can read its context.

    A figure with no period of its own takes the period of an alternative right after it:
    in `75–90 USD or 300–380 PLN per hour` both are hourly. With `ranges_only`, single
    figures (`$4m raised`) are skipped before any work is spent on them.
    """
    found: list[tuple[int, int, Salary, bool]] = []
    for match in _SALARY.finditer(text):
        if ranges_only and match.group("a2") is None:
            continue
        result = _from_match(match, text, require_currency=require_currency)
        if result is not None:
            salary, explicit, start = result
            found.append((start, match.end(), salary, explicit))
    for i in range(len(found) - 1, 0, -1):
        start, end, salary, explicit = found[i - 1]
        later_start, _, later, later_explicit = found[i]
        gap = text[end:later_start]
        if not explicit and later_explicit and len(gap) <= 8 and _ALTERNATIVE.fullmatch(gap):
            found[i - 1] = (start, end, salary.model_copy(update={"period": later.period}), True)
    return [(start, salary) for start, _, salary, _ in found]


def parse_salary(text: str, *, require_currency: bool = True) -> Salary | None:
    """The first pay figure in `text`, or None."""
    found = find_salaries(text, require_currency=require_currency)
    return found[0] if found else None


def _ends_with_bare_number(matched: str) -> bool:
    """`... 120` or `... 120,`: the figure ends in digits with no `k`, currency or period."""
    tail = matched.rstrip()
    if tail[-1:] in {",", "."}:
        tail = tail[:-1]
    return tail[-1:].isdigit()


def _from_match(
    match: re.Match[str], text: str, *, require_currency: bool
) -> tuple[Salary, bool, int] | None:
    """The salary a match states, whether its period was written out, and where it starts."""
    cur1 = match.group("cur1") or match.group("post1")
    cur2, code = match.group("cur2"), match.group("code")
    if require_currency and not (cur1 or cur2 or code):
        return None
    matched = match.group(0)
    start = match.start() + len(matched) - len(matched.lstrip())
    end = match.start() + len(matched.rstrip())
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    if (before and (before.isalnum() or before in "#/.")) or after.isalnum():
        return None  # part of a longer token such as `v2`, `2024-10`, or `#3`
    k1, k2 = match.group("k1"), match.group("k2")
    low = _number(match.group("a1"), k1)
    high = _number(match.group("a2"), k2) if match.group("a2") else None
    if low is None or low <= 0:
        return None
    if k1 is None and k2 and high is not None and low < 1000 <= high:
        low = _number(match.group("a1"), k2) or low  # `$90 - 120k`, `18-25 LPA`: both
    if high is not None and high < low:
        low, high = high, low
    if high is not None and high > _MAX_RANGE_RATIO * low:
        return None  # `$1,000 stipend and 25 days` is two unrelated numbers, not a range
    if high is None and _ends_with_bare_number(matched) and not (cur1 or code):
        return None  # a lone bare number is not a salary
    period = _period(match)
    if period is None and (k1 or k2 or "").lower() == "lpa":
        period = "YEAR"  # lakhs per annum
    explicit = period is not None
    if period is None:
        other = _OTHER_RATE.match(text, end)
        if other and other.group("word").lower() not in PERIOD_WORDS:
            return None  # `$100 per interview`, `$5 per user`
        period = "YEAR" if max(low, high or 0) >= 1000 else "HOUR"
    bound = _BOUND.search(text[max(0, start - 20) : start])
    if high is None and text[end : end + 1] == "+":
        return Salary(min=low, currency=_currency(cur1, code), period=period), explicit, start
    if high is None and bound:
        word = bound.group("word").lower()
        if word in {"up to", "to", "max", "maximum"}:
            return Salary(max=low, currency=_currency(cur1, code), period=period), explicit, start
        return Salary(min=low, currency=_currency(cur1, code), period=period), explicit, start
    salary = Salary(
        min=low,
        max=high if high is not None else low,
        currency=_currency(cur1, cur2, code),
        period=period,
    )
    return salary, explicit, start


def salary_from_value(value: Any) -> Salary | None:
    """A front matter `salary`: text, a number, or a mapping (also schema.org `baseSalary`);
    a `Salary` a source already built is kept as it is."""
    if isinstance(value, Salary):
        return value
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Salary(min=float(value), max=float(value), period="YEAR" if value >= 1000 else None)
    if isinstance(value, Mapping):
        return _salary_from_mapping(value)
    if isinstance(value, list):
        parts = [str(v) for v in value]
        return parse_salary(" - ".join(parts), require_currency=False)
    return parse_salary(str(value), require_currency=False)


def _salary_from_mapping(value: Mapping[str, Any]) -> Salary | None:
    data = {str(k).lower(): v for k, v in value.items()}
    inner = data.get("value")
    if isinstance(inner, Mapping):  # schema.org MonetaryAmount holding a QuantitativeValue
        data = {**data, **{str(k).lower(): v for k, v in inner.items()}}
    low = _as_amount(data.get("min", data.get("minvalue", data.get("from"))))
    high = _as_amount(data.get("max", data.get("maxvalue", data.get("to"))))
    if low is None and high is None:
        # one amount: `value: 55000`, or schema.org's `value: {value: 55000, unitText: YEAR}`
        single = data.get("value")  # (the inner mapping's keys were merged into `data`)
        if isinstance(single, str) and (written := parse_salary(single, require_currency=False)):
            low, high = written.min, written.max  # `"value": "120000-150000"`
        else:
            low = high = _as_amount(single if not isinstance(single, Mapping) else None)
    if low is None and high is None:
        return None
    currency_text = str(data.get("currency", "") or "").strip()
    currency = _currency(currency_text) if currency_text else None
    unit = str(data.get("period", data.get("unit", data.get("unittext", ""))) or "").lower()
    unit = re.sub(r"[_\s-]+", " ", unit).strip()  # `PER_MONTH`, `per hour`, `hours`
    period = PERIOD_WORDS.get(unit.removeprefix("per ").rstrip("s").strip())
    if period is None:
        period = "YEAR" if max(low or 0, high or 0) >= 1000 else "HOUR"
    if low is not None and high is not None and high < low:
        low, high = high, low
    return Salary(min=low, max=high, currency=currency, period=period)


def _as_amount(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    match = re.search(rf"({_AMOUNT})\s?({_MULTIPLIER})?", str(value))
    if not match:
        return None
    return _number(match.group(1), match.group(2))
