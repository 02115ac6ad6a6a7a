"""Data-grounded answers: pay, in-demand skills and counts, computed from indexed postings.

Every figure says how many postings it rests on, so a median over three postings is not
mistaken for a market survey.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from jobbot.models import Posting, SalaryStat, SkillCount
from jobbot.search.analyzer import normalize, word_set
from jobbot.search.filters import PERIODS, PostingTable

StatKind = Literal["salary", "skills", "count"]

_SALARY_RE = re.compile(
    r"\b(earn|earns|earning|earnings|how much|salary range|pay range|salary ranges|"
    r"average salar\w*|median salar\w*|typical salar\w*|(?:average|median|typical) pay)\b"
)
_SALARY_Q_RE = re.compile(
    r"\b(salary|salaries|pay|paid|compensation|wages?|income|make)\b.*\?|"
    r"^(what|how)\b.*\b(salary|salaries|pay|paid|compensation|wages?|income|make)\b"
)
_SKILLS_RE = re.compile(
    r"\b(in[- ]demand|most (popular|common|wanted|requested|used|sought)|"
    r"top (skills|languages|technologies|frameworks|databases|tools|clouds?)|"
    r"which (programming )?(languages|skills|technologies|frameworks|databases|tools|clouds?)"
    r"\b.*\b(need|needed|want|wanted|asked|use|used|popular|common|demand|employers))"
)
_COUNT_RE = re.compile(r"\bhow many\b|\bnumber of (jobs|postings|openings|roles)\b")

# Words that ask for a statistic rather than name what it is about.
STAT_WORDS: frozenset[str] = word_set(
    """
    earn earns earning earnings much many salary salaries pay paid pays range ranges average avg
    median typical compensation wage wages income make makes demand in-demand popular common
    wanted requested used sought top skills skill languages language technologies technology
    frameworks framework databases database tools tool clouds cloud programming number count
    employers need needed asked use currently available open people typically usually
    percentage percent share proportion fraction ratio prevalent widespread hour hourly year
    yearly annual annually month monthly rate rates per unpaid
    """
)

CATEGORIES: dict[str, frozenset[str]] = {
    "languages": word_set(
        """python go java javascript typescript ruby rust c# c++ c kotlin scala php swift
        elixir erlang clojure haskell r sql bash perl dart objective-c lua julia f# groovy
        node.js"""
    ),
    "databases": word_set(
        """postgresql mysql mongodb redis sqlite cassandra dynamodb elasticsearch oracle
        mariadb memcached couchdb neo4j snowflake bigquery clickhouse"""
    )
    | {"sql server"},
    "clouds": frozenset(["aws", "azure", "gcp", "google cloud", "digitalocean", "heroku"]),
    "frameworks": word_set(
        """django flask fastapi spring rails react vue angular express laravel next.js
        svelte .net nestjs graphql"""
    )
    | {"spring boot", "ruby on rails", "asp.net"},
}
_CATEGORY_WORDS = {
    "language": "languages",
    "languages": "languages",
    "database": "databases",
    "databases": "databases",
    "cloud": "clouds",
    "clouds": "clouds",
    "framework": "frameworks",
    "frameworks": "frameworks",
}
_SKILL_ALIASES = {"golang": "go", "postgres": "postgresql", "js": "javascript", "k8s": "kubernetes"}


def detect(text: str) -> StatKind | None:
    """Which statistic a routed (free-text) question asks for, if any."""
    t = normalize(text)
    if _COUNT_RE.search(t):
        return "count"
    if _SKILLS_RE.search(t):
        return "skills"
    if _SALARY_RE.search(t) or _SALARY_Q_RE.search(t):
        return "salary"
    return None


def category(text: str) -> str | None:
    """`languages`, `databases`, `clouds` or `frameworks` when the question names one."""
    for word in re.findall(r"[a-z]+", normalize(text)):
        if word in _CATEGORY_WORDS:
            return _CATEGORY_WORDS[word]
    return None


def salary_stats(table: PostingTable, rows: np.ndarray) -> list[SalaryStat]:
    """Min, median (of range midpoints) and max per currency and period, most postings first.

    Amounts are never mixed across currencies or periods: each group is its own line.
    """
    rows = rows[table.period[rows] >= 0]
    stats: list[SalaryStat] = []
    groups = np.unique(np.stack([table.currency[rows], table.period[rows]]), axis=1)
    for currency_code, period_code in groups.T:
        group = rows[(table.currency[rows] == currency_code) & (table.period[rows] == period_code)]
        low, high = table.salary_low[group], table.salary_high[group]
        stats.append(
            SalaryStat(
                currency=table.currencies[currency_code] if currency_code >= 0 else None,
                period=PERIODS[period_code],
                count=len(group),
                min=float(low.min()),
                median=float(np.median((low + high) / 2)),
                max=float(high.max()),
            )
        )
    return sorted(stats, key=lambda s: (-s.count, s.currency or "", s.period or ""))


@lru_cache(maxsize=20_000)
def skill_key(skill: str) -> str:
    """One spelling per skill, so `Postgres` and `PostgreSQL` count together."""
    key = " ".join(normalize(skill).split())
    return _SKILL_ALIASES.get(key, key)


def _most_used(spellings: Counter[str], key: str) -> str:
    """The spelling most postings use (ties: the first in sort order); a skill no posting
    names any more keeps its key."""
    used = [(-n, s) for s, n in spellings.items() if n > 0]
    return min(used)[1] if used else key


@dataclass(frozen=True)
class SkillTable:
    """(posting, skill) pairs as arrays, so counting skills over any subset is one bincount."""

    rows: np.ndarray  # int32 posting row per pair
    skills: np.ndarray  # int32 skill id per pair
    keys: tuple[str, ...]  # skill id → canonical key
    names: tuple[str, ...]  # skill id → most common spelling
    spellings: tuple[Counter[str], ...] = ()  # skill id → how often each spelling is used

    def rebuild(
        self,
        old_postings: Sequence[Posting],
        postings: Sequence[Posting],
        new_row_of_old: np.ndarray,
        fresh: Sequence[int],
    ) -> SkillTable:
        """The table `build(postings)` would give, reading only the fresh rows' skills and
        the skills of the postings that left."""
        ids = {key: sid for sid, key in enumerate(self.keys)}
        spellings = [Counter(c) for c in self.spellings]
        for old_row in np.flatnonzero(new_row_of_old < 0).tolist():
            for skill in old_postings[old_row].skills:
                key = skill_key(skill)
                if key in ids:
                    spellings[ids[key]][skill.strip()] -= 1
        moved = new_row_of_old[self.rows]
        keep = moved >= 0
        rows, skills = [moved[keep]], [self.skills[keep]]
        extra_rows: list[int] = []
        extra_skills: list[int] = []
        for row in fresh:
            seen: set[int] = set()
            for skill in postings[row].skills:
                key = skill_key(skill)
                if not key:
                    continue
                sid = ids.setdefault(key, len(ids))
                if sid == len(spellings):
                    spellings.append(Counter())
                spellings[sid][skill.strip()] += 1
                if sid not in seen:
                    seen.add(sid)
                    extra_rows.append(row)
                    extra_skills.append(sid)
        rows.append(np.asarray(extra_rows, np.int32))
        skills.append(np.asarray(extra_skills, np.int32))
        return SkillTable(
            rows=np.concatenate(rows).astype(np.int32),
            skills=np.concatenate(skills).astype(np.int32),
            keys=tuple(ids),
            names=tuple(_most_used(c, key) for c, key in zip(spellings, ids, strict=True)),
            spellings=tuple(spellings),
        )

    @classmethod
    def build(cls, postings: Sequence[Posting]) -> SkillTable:
        ids: dict[str, int] = {}
        spellings: list[Counter[str]] = []
        rows: list[int] = []
        skills: list[int] = []
        for i, p in enumerate(postings):
            seen: set[int] = set()
            for skill in p.skills:
                key = skill_key(skill)
                if not key:
                    continue
                sid = ids.setdefault(key, len(ids))
                if sid == len(spellings):
                    spellings.append(Counter())
                spellings[sid][skill.strip()] += 1
                if sid not in seen:
                    seen.add(sid)
                    rows.append(i)
                    skills.append(sid)
        return cls(
            rows=np.asarray(rows, np.int32),
            skills=np.asarray(skills, np.int32),
            keys=tuple(ids),
            names=tuple(_most_used(c, key) for c, key in zip(spellings, ids, strict=True)),
            spellings=tuple(spellings),
        )

    def counts(
        self, selected: np.ndarray, within: str | None = None, limit: int = 10
    ) -> list[SkillCount]:
        """How many selected postings name each skill, optionally one category only."""
        counts = np.bincount(self.skills[selected[self.rows]], minlength=len(self.keys))
        allowed = CATEGORIES.get(within or "")
        order = sorted(
            (sid for sid in np.flatnonzero(counts) if allowed is None or self.keys[sid] in allowed),
            key=lambda sid: (-counts[sid], self.keys[sid]),
        )
        return [SkillCount(skill=self.names[sid], count=int(counts[sid])) for sid in order[:limit]]
