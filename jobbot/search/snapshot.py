"""An immutable, picklable bundle of everything the engine searches.

The engine swaps whole snapshots (one attribute assignment) so a request never sees half an
old index and half a new one; the cache pickles the same object.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobbot.models import Corpus, FAQEntry, Posting
from jobbot.search.analyzer import analyze
from jobbot.search.filters import PostingTable
from jobbot.search.index import BM25Index
from jobbot.search.places import Gazetteer
from jobbot.search.stats import SkillTable

# Field weights by repetition: title and skills count three times, the rest once.
TITLE_WEIGHT = 3
SKILLS_WEIGHT = 3
QUESTION_WEIGHT = 3
ALIAS_WEIGHT = 2


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


def faq_head(entry: FAQEntry) -> list[str]:
    """Terms of the question itself: its wording, aliases and tags."""
    return analyze(" ".join([entry.question, *entry.aliases, *entry.tags]))


def faq_terms(entry: FAQEntry) -> list[str]:
    """Ranking terms: question above aliases above tags and answer."""
    question = analyze(entry.question)
    aliases = analyze(" ".join(entry.aliases))
    rest = analyze(" ".join([*entry.tags, entry.answer]))
    return question * QUESTION_WEIGHT + aliases * ALIAS_WEIGHT + rest


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
    faq_index: BM25Index
    faq_head_index: BM25Index
    faq_heads: tuple[frozenset[str], ...]

    @classmethod
    def build(cls, corpus: Corpus) -> Snapshot:
        postings = tuple(corpus.postings)
        heads = [posting_head(p) for p in postings]
        table = PostingTable.build(postings)
        faq_docs = [faq_terms(e) for e in corpus.faq]
        faq_head_terms = [faq_head(e) for e in corpus.faq]
        return cls(
            postings=postings,
            faq=tuple(corpus.faq),
            corpus=corpus,
            # A generator: each posting's token list lives only while it is counted.
            jobs=BM25Index.build(posting_terms(p, h) for p, h in zip(postings, heads, strict=True)),
            heads=BM25Index.build(heads),
            table=table,
            skills=SkillTable.build(postings),
            gazetteer=Gazetteer.build(table.place_sets),
            faq_index=BM25Index.build(faq_docs),
            faq_head_index=BM25Index.build(faq_head_terms),
            faq_heads=tuple(frozenset(h) for h in faq_head_terms),
        )
