"""What the FAQ learns from: questions it missed, ratings of its answers, taught phrasings.

Three tables (end of `schema.py`), written through the store's engine: a miss is counted per
question and platform (its latest wording, how it ended, the closest entry, when it was
last asked); a rating is one person's 👍 or 👎 on one entry (clicking again changes it, never
counts twice); a phrasing is an admin's "this question means that entry", which the engine
uses from then on. Every method raises only `StoreError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Engine, case, delete, func, select, update

from jobbot.announce.database import insert_ignore
from jobbot.announce.schema import faq_misses_table, faq_phrasings_table, faq_ratings_table
from jobbot.announce.store import Store, guarded
from jobbot.clock import Clock, SystemClock
from jobbot.search.faq import question_key

MAX_TEXT: Final = 500
MAX_PHRASING: Final = 300
MAX_KEY: Final = 512


def text_key(text: str) -> str:
    """One key per question however it was typed (case, spacing, end punctuation): the
    same key under which the FAQ matcher treats a question as asked verbatim."""
    return question_key(text)[:MAX_KEY]


@dataclass(frozen=True, slots=True)
class Miss:
    """A question the FAQ could not answer, over every platform it was asked on."""

    text: str
    count: int
    platforms: tuple[str, ...]
    last_asked: datetime
    outcome: str
    best_entry: str | None


@dataclass(frozen=True, slots=True)
class Rating:
    """How people rated one entry's answer."""

    entry_id: str
    helpful: int
    unhelpful: int
    last_rated: datetime


@dataclass(frozen=True, slots=True)
class Phrasing:
    """A phrasing an admin attached to an entry."""

    id: int
    entry_id: str
    phrasing: str
    platform: str
    taught_by: str | None
    taught_at: datetime


class Feedback:
    """Misses, ratings and phrasings in the store's database."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self._db: Engine = store.engine

    @guarded
    def record_miss(
        self, text: str, platform: str, outcome: str, best_entry: str | None = None
    ) -> None:
        """Count one more asking of a question the FAQ declined or was unsure about."""
        key = text_key(text)
        if not key:
            return
        now = self.clock.now()
        t = faq_misses_table
        values = {
            "question_key": key,
            "platform": platform[:32],
            "text": text[:MAX_TEXT],
            "outcome": outcome[:16],
            "best_entry": best_entry,
            "count": 1,
            "first_asked": now,
            "last_asked": now,
        }
        with self._db.begin() as conn:
            if insert_ignore(conn, t, values):
                return
            conn.execute(
                update(t)
                .where(t.c.question_key == key, t.c.platform == values["platform"])
                .values(
                    count=t.c.count + 1,
                    text=values["text"],
                    outcome=values["outcome"],
                    best_entry=best_entry,
                    last_asked=now,
                )
            )

    @guarded
    def rate(
        self, entry_id: str, platform: str, rater: str, helpful: bool, question: str = ""
    ) -> bool:
        """Record one person's rating of an entry; True when it is their first for it."""
        now = self.clock.now()
        t = faq_ratings_table
        values = {
            "entry_id": entry_id[:128],
            "platform": platform[:32],
            "rater": rater[:128],
            "question": question[:MAX_TEXT],
            "helpful": int(helpful),
            "rated_at": now,
        }
        with self._db.begin() as conn:
            if insert_ignore(conn, t, values):
                return True
            conn.execute(
                update(t)
                .where(
                    t.c.entry_id == values["entry_id"],
                    t.c.platform == values["platform"],
                    t.c.rater == values["rater"],
                )
                .values(helpful=values["helpful"], question=values["question"], rated_at=now)
            )
        return False

    @guarded
    def teach(
        self, entry_id: str, phrasing: str, platform: str, taught_by: str | None = None
    ) -> bool:
        """Attach a phrasing to an entry; False when that entry already had it."""
        phrasing = " ".join(phrasing.split())[:MAX_PHRASING]
        values = {
            "entry_id": entry_id[:128],
            "phrasing": phrasing,
            "phrasing_key": text_key(phrasing),
            "platform": platform[:32],
            "taught_by": taught_by,
            "taught_at": self.clock.now(),
        }
        with self._db.begin() as conn:
            return insert_ignore(conn, faq_phrasings_table, values)

    @guarded
    def forget(self, entry_id: str, phrasing: str) -> bool:
        """Detach a taught phrasing; False when the entry did not have it."""
        t = faq_phrasings_table
        with self._db.begin() as conn:
            result = conn.execute(
                delete(t).where(t.c.entry_id == entry_id, t.c.phrasing_key == text_key(phrasing))
            )
        return bool(result.rowcount)

    @guarded
    def phrasings(self) -> list[Phrasing]:
        """Every taught phrasing, oldest first."""
        t = faq_phrasings_table
        with self._db.connect() as conn:
            rows = conn.execute(select(t).order_by(t.c.id)).all()
        return [
            Phrasing(r.id, r.entry_id, r.phrasing, r.platform, r.taught_by, r.taught_at)
            for r in rows
        ]

    @guarded
    def phrasings_version(self) -> tuple[int, int]:
        """(how many, highest id): changes whenever a phrasing is taught or forgotten."""
        t = faq_phrasings_table
        with self._db.connect() as conn:
            count, top = conn.execute(select(func.count(), func.max(t.c.id))).one()
        return int(count or 0), int(top or 0)

    @guarded
    def top_misses(self, limit: int = 20) -> list[Miss]:
        """The most-asked questions the FAQ missed, leaving out those since taught."""
        t, p = faq_misses_table, faq_phrasings_table
        taught = select(p.c.phrasing_key)
        stmt = (
            select(
                t.c.question_key,
                func.sum(t.c.count).label("count"),
                func.max(t.c.last_asked).label("last_asked"),
            )
            .where(t.c.question_key.not_in(taught))
            .group_by(t.c.question_key)
            .order_by(func.sum(t.c.count).desc(), func.max(t.c.last_asked).desc())
            .limit(limit)
        )
        with self._db.connect() as conn:
            groups = conn.execute(stmt).all()
            keys = [g.question_key for g in groups]
            rows = conn.execute(select(t).where(t.c.question_key.in_(keys))).all() if keys else []
        latest: dict[str, object] = {}
        platforms: dict[str, set[str]] = {}
        for row in rows:
            platforms.setdefault(row.question_key, set()).add(row.platform)
            current = latest.get(row.question_key)
            if current is None or row.last_asked > current.last_asked:  # type: ignore[attr-defined]
                latest[row.question_key] = row
        out: list[Miss] = []
        for group in groups:
            row = latest[group.question_key]
            out.append(
                Miss(
                    text=row.text,  # type: ignore[attr-defined]
                    count=int(group.count),
                    platforms=tuple(sorted(platforms[group.question_key])),
                    last_asked=group.last_asked,
                    outcome=row.outcome,  # type: ignore[attr-defined]
                    best_entry=row.best_entry,  # type: ignore[attr-defined]
                )
            )
        return out

    @guarded
    def worst_rated(self, limit: int = 10) -> list[Rating]:
        """Entries with at least one 👎, the most disliked first."""
        t = faq_ratings_table
        helpful = func.sum(case((t.c.helpful == 1, 1), else_=0))
        unhelpful = func.sum(case((t.c.helpful == 0, 1), else_=0))
        stmt = (
            select(
                t.c.entry_id,
                helpful.label("helpful"),
                unhelpful.label("unhelpful"),
                func.max(t.c.rated_at).label("last_rated"),
            )
            .group_by(t.c.entry_id)
            .having(unhelpful > 0)
            .order_by((unhelpful - helpful).desc(), unhelpful.desc(), t.c.entry_id)
            .limit(limit)
        )
        with self._db.connect() as conn:
            rows = conn.execute(stmt).all()
        return [Rating(r.entry_id, int(r.helpful), int(r.unhelpful), r.last_rated) for r in rows]


def as_pairs(phrasings: Iterable[Phrasing]) -> list[tuple[str, str]]:
    """(entry id, phrasing) pairs, as `Engine.teach` takes them."""
    return [(p.entry_id, p.phrasing) for p in phrasings]
