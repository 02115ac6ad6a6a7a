"""Slash-command options turned into core values: pure functions, no Discord objects.

`min_salary` is typed by people, so it accepts `150k`, `$150,000`, `120000` or `€90k`;
a bare number below 1,000 is read as thousands (a yearly salary of 150 is not meant).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from jobbot.currency import currency_code
from jobbot.models import EmploymentType, SalaryFloor, Workplace

CHOICE_LIMIT = 25
CHOICE_NAME_LIMIT = 100

WORKPLACES: dict[str, Workplace] = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}
EMPLOYMENT_TYPES: dict[str, EmploymentType] = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "internship": "INTERN",
}
_SALARY = re.compile(
    r"^\s*(?P<pre>[$€£])?\s*(?P<num>[0-9][0-9,._ ]*)\s*(?P<unit>[km])?\s*"
    r"(?P<code>usd|eur|gbp)?\s*(?P<post>[$€£])?\s*\+?\s*$",
    re.IGNORECASE,
)


def parse_salary(text: str) -> SalaryFloor:
    """A yearly salary floor from what someone typed; ValueError with a readable reason."""
    match = _SALARY.match(text or "")
    if not match:
        raise ValueError(f"“{text}” is not a salary; try 150k or 150000.")
    digits = re.sub(r"[,_ ]", "", match["num"])
    if digits.count(".") > 1:
        digits = digits.replace(".", "")
    amount = float(digits)
    unit = (match["unit"] or "").lower()
    if unit == "k" or (not unit and amount < 1000):
        amount *= 1000
    elif unit == "m":
        amount *= 1_000_000
    symbol = match["pre"] or match["post"] or match["code"]
    currency = currency_code(symbol)
    return SalaryFloor(amount=amount, currency=currency, period="YEAR")


def faq_choices(
    questions: Iterable[str | tuple[str, Sequence[str]]], typed: str, limit: int = CHOICE_LIMIT
) -> list[str]:
    """Questions matching what someone is typing, for autocomplete (at most 25).

    Each item is a question, or a question with its aliases. Every typed word must occur in
    the question or in one of its aliases (case-insensitive); questions starting with the
    typed text come first, then those where it occurs earliest. This filters names like a
    picker does; it is not search.
    """
    words = typed.lower().split()
    prefix = " ".join(words)
    seen: set[str] = set()
    matches: list[tuple[int, int, str]] = []
    for item in questions:
        question, aliases = (item, ()) if isinstance(item, str) else item
        if question in seen:
            continue
        names = [question.lower(), *(alias.lower() for alias in aliases)]
        hits = [name for name in names if all(word in name for word in words)]
        if not hits:
            continue
        seen.add(question)
        starts = any(name.startswith(prefix) for name in hits)
        first = min(name.find(words[0]) for name in hits) if words else 0
        matches.append((0 if starts else 1, first, question))
    matches.sort(key=lambda match: (match[0], match[1], match[2].lower()))
    return [question for _, _, question in matches[:limit]]


class Numbered(Protocol):
    """A subscription or an alert: what its number autocomplete shows."""

    @property
    def id(self) -> int: ...

    @property
    def query(self) -> str: ...


def numbered_choices(
    records: Iterable[Numbered], typed: str, limit: int = CHOICE_LIMIT
) -> list[tuple[int, str]]:
    """`(3, "#3 python remote")` for each record whose number starts with what is typed (a
    `#` before it ignored) or whose query contains it, for an `id` autocomplete."""
    typed = typed.strip().lstrip("#").casefold()
    return [
        (r.id, f"#{r.id} {r.query}")
        for r in records
        if not typed or str(r.id).startswith(typed) or typed in r.query.casefold()
    ][:limit]
