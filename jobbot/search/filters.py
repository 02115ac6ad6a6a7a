"""Hard filters over postings as numpy columns, so a filter costs microseconds at 100k.

A filter never guesses in a posting's favour: a posting with no stated salary is left out of a
salary search, one with no date out of a recency search, one with no workplace out of a
`remote` search. Salaries are compared like with like: the same pay period (yearly floors with
yearly salaries, hourly with hourly), and the same currency when the query names one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import get_args

import numpy as np

from jobbot.models import EmploymentType, Posting, Query, Salary, SalaryPeriod
from jobbot.search.places import place_keys

WORKPLACE_BITS = {"remote": 1, "hybrid": 2, "onsite": 4}
EMPLOYMENT_BITS = {name: 1 << i for i, name in enumerate(get_args(EmploymentType))}
PERIODS: tuple[SalaryPeriod, ...] = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
SENIORITY_CODES = {
    name: i for i, name in enumerate(["intern", "junior", "mid", "senior", "staff", "lead"])
}
SENIORITY_CODES["principal"] = len(SENIORITY_CODES)
OPEN_ENDED = np.iinfo(np.int32).max
_TITLE_LEVELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bintern(ship)?\b"), "intern"),
    (re.compile(r"\b(junior|jr|entry[- ]level|graduate)\b"), "junior"),
    (re.compile(r"\bprincipal\b"), "principal"),
    (re.compile(r"\bstaff\b"), "staff"),
    (re.compile(r"\b(lead|head of)\b"), "lead"),
    (re.compile(r"\b(senior|sr)\b"), "senior"),
    (re.compile(r"\b(mid|mid[- ]level|intermediate)\b"), "mid"),
]


def seniority_of(posting: Posting) -> str | None:
    """The posting's level: stated, else from its title, else from years of experience."""
    if posting.seniority:
        return posting.seniority
    title = posting.title.lower()
    for pattern, level in _TITLE_LEVELS:
        if pattern.search(title):
            return level
    years = posting.experience_years.min if posting.experience_years else None
    if years is None:
        return None
    if years < 2:
        return "junior"
    return "mid" if years < 5 else "senior"


def salary_period(salary: Salary) -> SalaryPeriod:
    """The stated period, else a guess from the size of the amount."""
    if salary.period:
        return salary.period
    top = salary.max if salary.max is not None else salary.min
    return "YEAR" if top is not None and top >= 1000 else "HOUR"


@dataclass(frozen=True)
class PostingTable:
    """Filterable columns, one row per posting, in corpus order."""

    workplace: np.ndarray  # uint8 bits
    employment: np.ndarray  # uint16 bits
    seniority: np.ndarray  # int8 code, -1 unknown
    salary_low: np.ndarray  # float64 stated bottom of range (own period), nan when not stated
    salary_high: np.ndarray  # float64 stated top of range (own period), nan when not stated
    period: np.ndarray  # int8 index into PERIODS, -1 when no salary
    currency: np.ndarray  # int16 code into `currencies`, -1 unknown
    currencies: tuple[str, ...]
    posted: np.ndarray  # int32 date ordinal, 0 when not stated
    until: np.ndarray  # int32 ordinal of the last day open (`valid_through`), OPEN_ENDED if none
    visa: np.ndarray  # int8: 1 sponsorship offered, 0 ruled out, -1 not stated
    places: dict[str, np.ndarray]  # place key → ascending row ids
    place_sets: tuple[frozenset[str], ...]

    @classmethod
    def build(cls, postings: Sequence[Posting]) -> PostingTable:
        n = len(postings)
        workplace = np.zeros(n, np.uint8)
        employment = np.zeros(n, np.uint16)
        seniority = np.full(n, -1, np.int8)
        salary_low = np.full(n, np.nan)
        salary_high = np.full(n, np.nan)
        period = np.full(n, -1, np.int8)
        currency = np.full(n, -1, np.int16)
        posted = np.zeros(n, np.int32)
        until = np.full(n, OPEN_ENDED, np.int32)
        visa = np.full(n, -1, np.int8)
        currencies: dict[str, int] = {}
        places: dict[str, list[int]] = {}
        place_sets: list[frozenset[str]] = []
        for i, p in enumerate(postings):
            workplace[i] = sum(WORKPLACE_BITS.get(w, 0) for w in set(p.workplace))
            employment[i] = sum(EMPLOYMENT_BITS.get(e, 0) for e in set(p.employment_type))
            level = seniority_of(p)
            if level is not None:
                seniority[i] = SENIORITY_CODES[level]
            if level == "intern":
                employment[i] |= EMPLOYMENT_BITS["INTERN"]
            if p.salary is not None and (p.salary.max is not None or p.salary.min is not None):
                top = p.salary.max if p.salary.max is not None else p.salary.min
                low = p.salary.min if p.salary.min is not None else p.salary.max
                per = salary_period(p.salary)
                salary_low[i], salary_high[i] = float(low or 0), float(top or 0)
                period[i] = PERIODS.index(per)
                if p.salary.currency:
                    currency[i] = currencies.setdefault(p.salary.currency, len(currencies))
            if p.date_posted is not None:
                posted[i] = p.date_posted.toordinal()
            if p.valid_through is not None:
                until[i] = p.valid_through.toordinal()
            if p.visa_sponsorship is not None:
                visa[i] = int(p.visa_sponsorship)
            keys = place_keys(p.location)
            place_sets.append(keys)
            for key in keys:
                places.setdefault(key, []).append(i)
        return cls(
            workplace=workplace,
            employment=employment,
            seniority=seniority,
            salary_low=salary_low,
            salary_high=salary_high,
            period=period,
            currency=currency,
            currencies=tuple(currencies),
            posted=posted,
            until=until,
            visa=visa,
            places={k: np.asarray(v, np.int32) for k, v in places.items()},
            place_sets=tuple(place_sets),
        )

    def rebuild(
        self, postings: Sequence[Posting], new_row_of_old: np.ndarray, fresh: Sequence[int]
    ) -> PostingTable:
        """The table `build(postings)` would give, reading only the `fresh` rows: every other
        row is an unchanged posting of this table, now at `new_row_of_old[old row]`."""
        fresh_table = PostingTable.build([postings[row] for row in fresh])
        n = len(postings)
        kept = np.flatnonzero(new_row_of_old >= 0)
        into = new_row_of_old[kept]
        rows = np.asarray(fresh, dtype=np.int64)
        currencies = dict(zip(self.currencies, range(len(self.currencies)), strict=True))
        recode = np.asarray(
            [currencies.setdefault(c, len(currencies)) for c in fresh_table.currencies] or [0],
            dtype=np.int16,
        )
        columns: dict[str, np.ndarray] = {}
        for name in ("workplace", "employment", "seniority", "salary_low", "salary_high",
                     "period", "currency", "posted", "until", "visa"):  # fmt: skip
            old, new = getattr(self, name), getattr(fresh_table, name)
            column = np.empty(n, dtype=old.dtype)
            column[into] = old[kept]
            if name == "currency":
                new = np.where(new >= 0, recode[np.maximum(new, 0)], -1).astype(old.dtype)
            column[rows] = new
            columns[name] = column
        if n == len(self) and np.array_equal(into, kept):  # rows stay where they were
            place_sets = list(self.place_sets)
        else:
            place_sets = [frozenset()] * n
            for old_row, new_row in zip(kept.tolist(), into.tolist(), strict=True):
                place_sets[new_row] = self.place_sets[old_row]
        for row, keys in zip(fresh, fresh_table.place_sets, strict=True):
            place_sets[row] = keys
        places: dict[str, np.ndarray] = {}
        for key, ids in self.places.items():
            moved = new_row_of_old[ids]
            places[key] = moved[moved >= 0]
        for key, ids in fresh_table.places.items():
            joined = np.concatenate([places.get(key, np.zeros(0, np.int32)), rows[ids]])
            places[key] = joined
        return PostingTable(
            **columns,
            currencies=tuple(currencies),
            places={k: np.sort(v).astype(np.int32) for k, v in places.items() if len(v)},
            place_sets=tuple(place_sets),
        )

    def __len__(self) -> int:
        return len(self.posted)

    def open_on(self, today: date) -> np.ndarray:
        """Rows still open on `today`: no `valid_through`, or one not yet passed."""
        return self.until >= today.toordinal()

    def mask(self, query: Query, today: date) -> np.ndarray:
        """Rows that satisfy every hard filter in the query; closed postings never do."""
        keep = self.open_on(today)
        if query.workplace:
            bits = sum(WORKPLACE_BITS[w] for w in set(query.workplace))
            keep &= (self.workplace & bits) != 0
        if query.employment_type:
            bits = sum(EMPLOYMENT_BITS[e] for e in set(query.employment_type))
            keep &= (self.employment & bits) != 0
        if query.seniority:
            codes = [SENIORITY_CODES[s] for s in query.seniority]
            keep &= np.isin(self.seniority, codes)
        if query.locations:
            rows = np.zeros(len(self), dtype=bool)
            for key in query.locations:
                ids = self.places.get(key)
                if ids is not None:
                    rows[ids] = True
            keep &= rows
        if query.min_salary is not None:
            # Like with like: a yearly floor compares with yearly pay, an hourly one with
            # hourly rates (a part-time $70/hour is not a $145k/year job).
            keep &= self.period == PERIODS.index(query.min_salary.period)
            with np.errstate(invalid="ignore"):
                keep &= self.salary_high >= query.min_salary.amount
            if query.min_salary.currency:
                code = (
                    self.currencies.index(query.min_salary.currency)
                    if query.min_salary.currency in self.currencies
                    else -2
                )
                keep &= self.currency == code
        if query.excluded_workplace:
            bits = sum(WORKPLACE_BITS[w] for w in set(query.excluded_workplace))
            keep &= (self.workplace & bits) == 0
        if query.excluded_employment:
            bits = sum(EMPLOYMENT_BITS[e] for e in set(query.excluded_employment))
            keep &= (self.employment & bits) == 0
        if query.excluded_seniority:
            codes = [SENIORITY_CODES[s] for s in query.excluded_seniority]
            keep &= ~np.isin(self.seniority, codes)
        for key in query.excluded_locations:
            ids = self.places.get(key)
            if ids is not None:
                keep[ids] = False
        if query.visa_sponsorship:
            keep &= self.visa == 1
        if query.posted_within_days:
            since = (today - timedelta(days=query.posted_within_days)).toordinal()
            keep &= self.posted >= since
        return keep
