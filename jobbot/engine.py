"""The engine: one function from a user's text to a platform-neutral `Answer`.

`Engine.ask` routes a request (explicit `/jobs` or `/faq`, else by what the text looks like),
searches an immutable `Snapshot` of the knowledge, and returns structured results plus
markdown. `reload` swaps in a new snapshot atomically, so adapters pick up changed knowledge
without a restart while requests keep being answered.
"""

from __future__ import annotations

import gc
import logging
import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

import numpy as np

from jobbot.models import (
    Answer,
    CommandSyntax,
    Corpus,
    FAQHit,
    JobHit,
    Posting,
    Query,
    Request,
    Stats,
)
from jobbot.present import DEFAULT_SYNTAX, help_text
from jobbot.search import replies
from jobbot.search.analyzer import canonical_tokens, normalize, terms_of, word_set
from jobbot.search.cache import load_or_build
from jobbot.search.query import has_filters, merge_filters, parse_query
from jobbot.search.snapshot import Snapshot
from jobbot.search.stats import STAT_WORDS, category, detect, salary_stats
from jobbot.sources import Source

log = logging.getLogger(__name__)

MAX_TEXT = 10_000
MAX_TERMS = 32
# FAQ confidence gate. The best entry's question/aliases/tags must hold this share of the
# query's term weight (IDF)...
FAQ_HEAD_COVERAGE = 0.4
# ...and score this much above the runner-up: a tie between entries is a guess.
FAQ_MIN_LEAD = 1.15

_COMMAND_RE = re.compile(r"^\s*/(jobs|faq|help)\b[ \t]*(.*)$", re.IGNORECASE | re.DOTALL)
_HELP_WORDS = {"help", "/help", "?", "commands", "usage", "start", "/start"}
_QUESTION_START = word_set(
    """what whats what's how why which who when where should is are do does can could would
    will am was were isn't aren't don't doesn't explain describe define tell"""
)
_QUESTION_MARKERS = re.compile(r"\b(difference between|vs|versus|compared to|meaning of)\b")
_JOB_WORDS = re.compile(r"\b(jobs?|roles?|openings?|positions?|vacanc(y|ies)|hiring)\b")


def is_question(text: str) -> bool:
    """A question for the FAQ rather than a search: `...?`, `what/how/why ...`, `x vs y`."""
    t = normalize(text).strip()
    if t.endswith("?"):
        return True
    first = t.split(maxsplit=1)[0] if t else ""
    return first in _QUESTION_START or bool(_QUESTION_MARKERS.search(t))


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _settled(snapshot: Snapshot) -> Snapshot:
    """Move the freshly built index out of the cyclic garbage collector's sight.

    A snapshot is hundreds of thousands of long-lived objects without reference cycles; a
    full collection walks all of them (about 90 ms at 10k postings, 0.8 s at 100k) and would
    land on some unlucky request. Frozen objects are still freed by reference counting when a
    reload drops the old snapshot.
    """
    gc.freeze()
    return snapshot


def _visible(request: Request, query: Query, snap: Snapshot) -> np.ndarray:
    """Rows the asker may see: not named by a negative word (`-frontend`, in a title, skills
    or department), not a posting or company they said Not interested to."""
    keep = np.ones(len(snap.postings), dtype=bool)
    for term in _dedupe(terms_of(query.excluded)):
        keep[snap.heads.postings(term)[0]] = False
    hidden = request.hidden
    if hidden:
        rows = snap.rows_by_id
        keep[[rows[i] for i in hidden.postings if i in rows]] = False
        for company in hidden.companies:
            found = snap.rows_by_company.get(company)
            if found is not None:
                keep[found] = False
    return keep


def _hit(posting: Posting, score: float, today: date) -> JobHit:
    closes = (posting.valid_through - today).days if posting.valid_through else None
    return JobHit.model_construct(
        **dict(posting), score=round(float(score), 4), closes_in_days=closes
    )


class Engine:
    """Holds the current knowledge snapshot and answers requests; safe to share across threads."""

    def __init__(self, corpus: Corpus, today: Callable[[], date] = date.today) -> None:
        self._today = today
        self._lock = threading.Lock()
        self._snapshot = _settled(Snapshot.build(corpus))
        self._hidden: frozenset[str] = frozenset()
        self._hidden_rows: tuple[Snapshot, frozenset[str], np.ndarray] | None = None

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, today: Callable[[], date] = date.today) -> Engine:
        """An engine over an already built (e.g. cached) snapshot."""
        engine = cls.__new__(cls)
        engine._today = today
        engine._lock = threading.Lock()
        engine._snapshot = _settled(snapshot)
        engine._hidden = frozenset()
        engine._hidden_rows = None
        return engine

    @classmethod
    def from_source(
        cls,
        source: Source,
        cache_dir: Path | None = None,
        today: Callable[[], date] = date.today,
    ) -> Engine:
        """Load a source's knowledge; with `cache_dir`, reuse the index while the source's
        fingerprint is unchanged. `SourceError` when the source cannot be read at all."""
        if cache_dir is None:
            return cls(source.load(), today=today)
        snapshot = load_or_build(
            source.key, source.fingerprint(), cache_dir, lambda: Snapshot.build(source.load())
        )
        return cls.from_snapshot(snapshot, today=today)

    @property
    def corpus(self) -> Corpus:
        """The knowledge currently answered from."""
        return self._snapshot.corpus

    def posting(self, posting_id: str) -> Posting | None:
        """The listed posting with this id, or None when it is not (or no longer) listed."""
        snap = self._snapshot
        row = snap.rows_by_id.get(posting_id)
        return snap.postings[row] if row is not None else None

    def reload(self, corpus: Corpus) -> None:
        """Index a new corpus, then swap it in; requests in flight finish on the old one.

        Postings already indexed unchanged are not re-tokenized."""
        with self._lock:
            self._snapshot = _settled(Snapshot.build(corpus, previous=self._snapshot))

    def hide(self, posting_ids: Iterable[str]) -> None:
        """Leave these postings out of every answer (the store holds them closed), whatever
        the knowledge says; replaces the previous set."""
        self._hidden = frozenset(posting_ids)

    def open_postings(self) -> list[Posting]:
        """The postings still open today (not past `valid_through`, not hidden): what
        autocomplete and other lists offer."""
        snap = self._snapshot
        return [snap.postings[i] for i in np.flatnonzero(self._open(snap))]

    def _open(self, snap: Snapshot) -> np.ndarray:
        """Rows open today and not hidden."""
        keep = snap.table.open_on(self._today())
        hidden = self._hidden
        if not hidden:
            return keep
        cached = self._hidden_rows
        if cached is None or cached[0] is not snap or cached[1] is not hidden:
            rows = np.zeros(len(snap.postings), dtype=bool)
            by_id = snap.rows_by_id
            rows[[by_id[pid] for pid in hidden if pid in by_id]] = True
            cached = (snap, hidden, rows)
            self._hidden_rows = cached
        return keep & ~cached[2]

    def _mask(self, query: Query, snap: Snapshot) -> np.ndarray:
        """Rows passing the query's filters, open postings only."""
        mask = snap.table.mask(query, self._today())
        return mask & self._open(snap) if self._hidden else mask

    def ask(self, request: Request | str) -> Answer:
        """Answer a request (or bare text); never raises on any text."""
        if isinstance(request, str):
            request = Request(text=request)
        try:
            return self._ask(request, self._snapshot)
        except Exception:  # a bug must not reach the user as a traceback
            log.exception("engine failed on %r", request.text[:200])
            return Answer(
                intent="unknown",
                text=(
                    f"Sorry, I could not answer that. Try `{self._syntax(request).spell('help')}` "
                    "for what I can do."
                ),
                page_size=request.page_size,
                confident=False,
            )

    # -- routing -------------------------------------------------------------------------

    def _ask(self, request: Request, snap: Snapshot) -> Answer:
        text = request.text[:MAX_TEXT]
        command = request.command
        explicit = _COMMAND_RE.match(text)
        if explicit:
            word, text = explicit.group(1).lower(), explicit.group(2)
            if word == "help":
                return self._help(request)
            command = command or word  # type: ignore[assignment]
        stripped = text.strip()
        if stripped.lower() in _HELP_WORDS or (not stripped and command != "jobs"):
            return self._help(request)
        if command == "faq":
            return self._faq(request, stripped, snap, routed=False)
        if command == "jobs":
            return self._jobs(request, stripped, snap, routed=False)
        kind = detect(stripped)
        if kind is not None:
            return self._stats(request, stripped, kind, snap)
        if is_question(stripped):
            answer = self._faq(request, stripped, snap, routed=True)
            if answer.confident:
                return answer
            query = parse_query(stripped, snap.gazetteer)
            if has_filters(query) or _JOB_WORDS.search(normalize(stripped)):
                jobs = self._jobs(request, stripped, snap, routed=True)
                if jobs.total:
                    return jobs
            return answer
        jobs = self._jobs(request, stripped, snap, routed=True)
        terms = _dedupe(terms_of(jobs.query.keywords))[:MAX_TERMS]
        if jobs.total and (not terms or len(snap.jobs.docs_with_all(terms))):
            return jobs
        # Words no single posting has all of ("tips for working from home", "career path for
        # backend developers") may be exactly what an FAQ question is about.
        faq = self._faq(request, stripped, snap, routed=True)
        return faq if faq.confident else jobs

    def _help(self, request: Request) -> Answer:
        return Answer(
            intent="help", text=help_text(self._syntax(request)), page_size=request.page_size
        )

    @staticmethod
    def _syntax(request: Request) -> CommandSyntax:
        return request.syntax or DEFAULT_SYNTAX

    # -- jobs ----------------------------------------------------------------------------

    def _query(self, request: Request, text: str, snap: Snapshot) -> Query:
        return merge_filters(parse_query(text, snap.gazetteer), request.filters, snap.gazetteer)

    def _jobs(self, request: Request, text: str, snap: Snapshot, routed: bool) -> Answer:
        query = self._query(request, text, snap)
        terms = _dedupe(terms_of(query.keywords))[:MAX_TERMS]
        mask = self._mask(query, snap) & _visible(request, query, snap)
        posted = snap.table.posted
        need = request.page * request.page_size
        note = ""
        if terms:
            # Every keyword must match, as on any job board; only when no posting has them
            # all do postings with some of them count, and the reply says so.
            scores, matched = snap.jobs.scores_and_matches(terms)
            rows = np.flatnonzero(mask & (matched == len(terms)))
            if not len(rows) and len(terms) > 1:
                rows = np.flatnonzero(mask & (matched > 0))
                if len(rows):
                    note = (
                        f"No opening matches all of {' '.join(query.keywords)}; these match some."
                    )
            keys = (-posted[rows], -scores[rows])
        else:
            scores = np.zeros(len(posted))
            rows = np.flatnonzero(mask)
            keys = (-posted[rows],)
        total = len(rows)
        pages = max(1, math.ceil(total / request.page_size))
        page = request.page
        if page > pages:
            note = f"There is no page {page}; showing the last page, {pages}."
            page = pages
            need = page * request.page_size
        if total > need * 4:
            primary = keys[-1]
            top = np.argpartition(primary, need - 1)[:need]
            rows, keys = rows[top], tuple(k[top] for k in keys)
        ordered = rows[np.lexsort(keys)]
        start = (page - 1) * request.page_size
        hits = [
            _hit(snap.postings[i], scores[i], self._today())
            for i in ordered[start : start + request.page_size]
        ]
        common = {
            "query": query,
            "total": total,
            "page": page,
            "pages": pages,
            "page_size": request.page_size,
        }
        if hits:
            text_md = replies.jobs_text(hits, query, total, page, pages, request.page_size, note)
            return Answer(intent="jobs", jobs=hits, text=text_md, **common)
        hint = self._empty_hint(query, terms, mask, snap)
        suggestions = self._closest_questions(terms, snap)
        return Answer(
            intent="unknown" if routed else "jobs",
            text=replies.nothing_found_text(query, hint, suggestions, self._syntax(request)),
            confident=False,
            suggestions=suggestions,
            suggestions_kind="related" if suggestions else None,
            **common,
        )

    def _empty_hint(self, query: Query, terms: list[str], mask: np.ndarray, snap: Snapshot) -> str:
        if not snap.postings:
            return "No postings are loaded yet."
        if terms and has_filters(query):
            loose = int((snap.jobs.scores(terms) > 0).sum())
            if loose:
                return (
                    f"{loose} posting{'s' if loose != 1 else ''} mention "
                    f"{' '.join(query.keywords)}, but none pass the filters."
                )
        if terms and has_filters(query) and mask.any():
            return f"{int(mask.sum())} postings pass the filters, but none mention those words."
        return ""

    # -- FAQ -----------------------------------------------------------------------------

    def _faq_ranked(self, terms: Sequence[str], snap: Snapshot) -> list[tuple[int, float]]:
        if not terms or not snap.faq:
            return []
        # The whole entry, plus its question/aliases/tags once more: a query word in the
        # question says more about the entry than the same word in a long answer.
        scores = snap.faq_index.scores(terms) + snap.faq_head_index.scores(terms)
        order = np.argsort(-scores, kind="stable")
        return [(int(i), float(scores[i])) for i in order[:3] if scores[i] > 0]

    def _closest_questions(self, terms: Sequence[str], snap: Snapshot) -> list[str]:
        """The three closest FAQ questions, else three it can answer, so a reply never ends
        in a dead end."""
        closest = [snap.faq[i].question for i, _ in self._faq_ranked(terms, snap)]
        return closest or [entry.question for entry in snap.faq[:3]]

    def _confident(
        self, terms: Sequence[str], ranked: list[tuple[int, float]], snap: Snapshot
    ) -> bool:
        """Whether the best FAQ entry is clearly what was asked (see the gate constants)."""
        if not ranked:
            return False
        weights = {t: snap.faq_index.term_idf(t) for t in terms}
        total = sum(weights.values())
        best, score = ranked[0]
        head = sum(w for t, w in weights.items() if t in snap.faq_heads[best])
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return total > 0 and head / total >= FAQ_HEAD_COVERAGE and score >= FAQ_MIN_LEAD * runner_up

    def _faq(self, request: Request, text: str, snap: Snapshot, routed: bool) -> Answer:
        # Questions keep their filter words: "remote" is the topic of "is remote work ...?".
        query = Query(raw=text[:2000], keywords=_dedupe(canonical_tokens(text[:2000]))[:MAX_TERMS])
        terms = _dedupe(terms_of(query.keywords))
        ranked = self._faq_ranked(terms, snap)
        if self._confident(terms, ranked, snap):
            best, score = ranked[0]
            entry = snap.faq[best]
            return Answer(
                intent="faq",
                query=query,
                faq=[FAQHit.model_construct(**dict(entry), score=round(score, 4))],
                text=replies.faq_text(entry.question, entry.answer, entry.source),
                page_size=request.page_size,
                suggestions=[snap.faq[i].question for i, _ in ranked[1:]],
            )
        suggestions = self._closest_questions(terms, snap)
        return Answer(
            intent="faq" if not routed else "unknown",
            query=query,
            text=replies.not_sure_text(
                suggestions, closest=bool(ranked), syntax=self._syntax(request)
            ),
            page_size=request.page_size,
            confident=False,
            suggestions=suggestions,
            suggestions_kind=("did_you_mean" if ranked else "can_answer") if suggestions else None,
        )

    # -- figures -------------------------------------------------------------------------

    def _stats(self, request: Request, text: str, kind: str, snap: Snapshot) -> Answer:
        query = self._query(request, text, snap)
        query = query.model_copy(
            update={"keywords": [w for w in query.keywords if w not in STAT_WORDS]}
        )
        terms = _dedupe(terms_of(query.keywords))[:MAX_TERMS]
        mask = self._mask(query, snap) & _visible(request, query, snap)
        if terms:
            ids = snap.heads.docs_with_all(terms)
            if not len(ids):
                ids = snap.jobs.docs_with_all(terms)
            selected = np.zeros(len(mask), dtype=bool)
            selected[ids] = True
            mask &= selected
        rows = np.flatnonzero(mask)
        if terms and not len(rows) and not has_filters(query):
            # "salary negotiation tactics" names no postings: it is a question, not a figure.
            return self._faq(request, text, snap, routed=True)
        subject = replies.describe_query(query) or "all postings"
        stats = Stats(postings=len(rows))
        if kind == "salary":
            stats.salary = salary_stats(snap.table, rows)
            body = replies.salary_text(subject, stats.salary, len(rows))
            rows = rows[snap.table.period[rows] >= 0]
        elif kind == "skills":
            within = category(text)
            stats.skills = snap.skills.counts(mask, within)
            body = replies.skills_text(within or "skills", stats.skills, len(rows))
            rows = rows[:0]
        else:
            body = replies.count_text(subject, len(rows), int(self._open(snap).sum()))
        ordered = rows[np.argsort(-snap.table.posted[rows], kind="stable")]
        jobs = [_hit(snap.postings[i], 0.0, self._today()) for i in ordered[: request.page_size]]
        # The curated answer sits next to pay and skills figures; a count needs none.
        faq_answer = self._faq(request, text, snap, routed=True) if kind != "count" else None
        faq: list[FAQHit] = []
        if faq_answer is not None and faq_answer.confident and faq_answer.faq:
            faq = faq_answer.faq
            entry = faq[0]
            body += (
                "\n\n"
                + "**From the FAQ** — "
                + replies.faq_text(entry.question, entry.answer, entry.source)
            )
        total = len(rows)
        return Answer(
            intent="stats",
            query=query,
            jobs=jobs,
            faq=faq,
            text=body,
            total=total,
            pages=max(1, math.ceil(total / request.page_size)),
            page_size=request.page_size,
            stats=stats,
        )
