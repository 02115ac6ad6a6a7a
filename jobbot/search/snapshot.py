"""An immutable, picklable bundle of everything the engine searches.

The engine swaps whole snapshots (one attribute assignment) so a request never sees half an
old index and half a new one; the cache pickles the same object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from jobbot.models import Corpus, FAQEntry, Posting, company_key
from jobbot.search.analyzer import analyze
from jobbot.search.faq import FAQIndex
from jobbot.search.filters import PostingTable
from jobbot.search.index import BM25Index
from jobbot.search.places import Gazetteer
from jobbot.search.spelling import Speller
from jobbot.search.stats import SkillTable

# Field weights by repetition: title and skills count three times, the rest once.
TITLE_WEIGHT = 3
SKILLS_WEIGHT = 3


def posting_head(p: Posting) -> list[str]:
    """Terms of what a posting is (title, skills, department, seniority)."""
    return analyze(" ".join([p.title, " ".join(p.skills), p.department or "", p.seniority or ""]))


def posting_terms(p: Posting, head: list[str]) -> list[str]:
    """Ranking terms: title and skills repeated above company, location and body.

    `head` (from `posting_head`) already holds title and skills once.
    """
    title = analyze(p.title)
    skills = analyze(" ".join(p.skills))
    body = analyze(" ".join([p.company or "", p.location or "", p.description]))
    return title * (TITLE_WEIGHT - 1) + skills * (SKILLS_WEIGHT - 1) + head + body


@dataclass(frozen=True)
class Snapshot:
    """Corpus plus indexes; never mutated after `build`."""

    postings: tuple[Posting, ...]
    faq: tuple[FAQEntry, ...]
    corpus: Corpus
    jobs: BM25Index
    heads: BM25Index
    table: PostingTable
    skills: SkillTable
    gazetteer: Gazetteer
    faq_match: FAQIndex
    taught: tuple[tuple[str, str], ...] = ()  # the phrasings `faq_match` was built with

    @cached_property
    def speller(self) -> Speller:
        """Typo correction for searches, over the terms of what postings are (titles,
        skills); built on the first search that needs it."""
        return Speller.build(term for term in self.heads.vocab if term.isalpha())

    def with_phrasings(self, taught: Iterable[tuple[str, str]]) -> Snapshot:
        """The same snapshot with these taught FAQ phrasings (replacing earlier ones)."""
        taught = tuple(taught)
        return replace(self, faq_match=self.faq_match.with_phrasings(taught), taught=taught)

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        previous: Snapshot | None = None,
        taught: Iterable[tuple[str, str]] = (),
    ) -> Snapshot:
        """Index a corpus. With `previous`, postings it already indexed unchanged (same id,
        equal content) are not re-tokenized: a reload that adds one posting costs the
        numpy assembly and the filter columns, not a pass over every description.
        `taught` adds FAQ phrasings an admin attached to entries."""
        postings = tuple(corpus.postings)
        faq, taught = tuple(corpus.faq), tuple(taught)
        if previous is not None and previous.faq == faq and previous.taught == taught:
            faq_match = previous.faq_match  # the FAQ did not change: neither does its index
        else:
            faq_match = FAQIndex.build(faq, taught)
        if previous is None:
            table = PostingTable.build(postings)
            skills = SkillTable.build(postings)
            heads = [posting_head(p) for p in postings]
            jobs = BM25Index.build(
                # A generator: each posting's token list lives only while it is counted.
                posting_terms(p, h)
                for p, h in zip(postings, heads, strict=True)
            )
            head_index = BM25Index.build(heads)
        else:
            new_row_of_old, fresh = _reuse(previous.postings, postings)
            table = previous.table.rebuild(postings, new_row_of_old, fresh)
            skills = previous.skills.rebuild(previous.postings, postings, new_row_of_old, fresh)
            fresh_heads = {row: posting_head(postings[row]) for row in fresh}
            jobs = BM25Index.rebuild(
                previous.jobs,
                new_row_of_old,
                ((row, posting_terms(postings[row], fresh_heads[row])) for row in fresh),
                len(postings),
            )
            head_index = BM25Index.rebuild(
                previous.heads, new_row_of_old, fresh_heads.items(), len(postings)
            )
        return cls(
            postings=postings,
            faq=faq,
            corpus=corpus,
            jobs=jobs,
            heads=head_index,
            table=table,
            skills=skills,
            gazetteer=Gazetteer.build(set(table.place_sets)),
            faq_match=faq_match,
            taught=taught,
        )

    # Built on first use (a posting looked up, a member's hidden postings left out), not in
    # `build`: most snapshots never need them.
    @cached_property
    def rows_by_id(self) -> dict[str, int]:
        """Each posting id's row (the first, as ingest keeps the first of each id)."""
        rows: dict[str, int] = {}
        for row, posting in enumerate(self.postings):
            rows.setdefault(posting.id, row)
        return rows

    @cached_property
    def rows_by_company(self) -> dict[str, np.ndarray]:
        """Rows of each company (by `company_key`), for hiding a whole company."""
        rows: dict[str, list[int]] = {}
        for row, posting in enumerate(self.postings):
            if posting.company:
                rows.setdefault(company_key(posting.company), []).append(row)
        return {key: np.asarray(value, np.int32) for key, value in rows.items()}


def _reuse(old: Sequence[Posting], new: Sequence[Posting]) -> tuple[np.ndarray, list[int]]:
    """Where each old posting sits in `new` (-1 if gone or changed), and the new rows that
    need indexing."""
    if len(old) == len(new):  # the usual reload: files edited in place, none added or removed
        same = [a is b or (a.id == b.id and a == b) for a, b in zip(old, new, strict=True)]
        if sum(same) >= len(same) - 64:
            rows = np.arange(len(new), dtype=np.int32)
            fresh_rows = [row for row, kept in enumerate(same) if not kept]
            rows[fresh_rows] = -1
            return rows, fresh_rows
    old_rows = {p.id: i for i, p in enumerate(old)}
    new_row_of_old = np.full(len(old), -1, dtype=np.int32)
    fresh: list[int] = []
    for row, posting in enumerate(new):
        i = old_rows.get(posting.id)
        if i is not None and new_row_of_old[i] < 0 and (old[i] is posting or old[i] == posting):
            new_row_of_old[i] = row
        else:
            fresh.append(row)
    return new_row_of_old, fresh
