"""The engine: one function from a user's text to a platform-neutral `Answer`.

`Engine.ask` cleans the text once (`search.clean`), routes it (explicit `/jobs` or `/faq`,
else by what the words ask: `search.intent`), searches an immutable `Snapshot` of the
knowledge, and returns structured results plus markdown. `reload` swaps in a new snapshot
atomically; `teach` adds FAQ phrasings, kept across reloads. Observers (the miss recorder)
see every answer without the engine knowing what they store.
"""

from __future__ import annotations

import gc
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from jobbot import metrics
from jobbot.models import (
    Answer,
    CommandSyntax,
    Corpus,
    FAQEntry,
    FAQHit,
    JobHit,
    Posting,
    Query,
    Request,
    Stats,
    company_key,
)
from jobbot.present import DEFAULT_SYNTAX, help_text
from jobbot.search import replies
from jobbot.search.analyzer import analyze, raw_tokens, stem, word_set
from jobbot.search.cache import load_or_build
from jobbot.search.clean import clean, only_invisible
from jobbot.search.faq import FAQMatch
from jobbot.search.filters import EMPLOYMENT_BITS
from jobbot.search.index import BM25Index
from jobbot.search.intent import route_of, signals
from jobbot.search.query import has_filters, merge_filters, parse_query, query_text
from jobbot.search.snapshot import Snapshot
from jobbot.search.stats import STAT_WORDS, category, salary_stats
from jobbot.search.vocabulary import CHAT, SEARCH_ALTERNATIVES
from jobbot.sources import Source

log = logging.getLogger(__name__)

MAX_TEXT = 10_000
MAX_TERMS = 32
BUDGET_SECONDS = 2.0
"""A request that takes longer is abandoned at the next stage with a short apology."""
GENERIC_SHARE = 0.75
"""A word in at least this share of postings ("engineer") never makes a partial match."""
MAX_PHRASE_CHECKS = 5_000
MAX_OPTION_CHECKS = 5_000
"""Postings read for whether a negated word is only an option in them; past this many the
word's postings are all left out (cheap and safe)."""
PHRASED = 0.9
"""An FAQ match this close is one of the entry's phrasings in other words."""
MAX_NAMED = 8
"""Postings behind a figure listed by name; more are counted, with the search to list them."""

# FAQ terms that make plain words a career question rather than a search.
CAREER_TERMS = frozenset(
    {"~compare", "~duties", "~become", "~growth", "~tip", "~interview", "~prepare", "~learn",
     "~qualification", "~degree", "~difficulty", "~beginner", "~pay", "~tradeoff", "career", "path",
     "roadmap"}
)  # fmt: skip
# Words of a figures question that say how it is asked, not which postings it is about:
# "how many openings do you have rn", "how many jobs mention kubernetes", "the highest paying
# job" (the figures show the highest anyway).
NOT_SUBJECT = CHAT | word_set(
    """mention mentions mentioning mentioned require requires requiring required ask asks
    asking asked list lists listed listing have has got currently total altogether overall
    right now highest lowest best worst top most least biggest smallest paying pays paid
    offer offers offering here there years year experience yoe exp companies company
    employers employer firms hiring hire hires better worse more less well good decent fair
    competitive enough"""
)
_COMMAND_RE = re.compile(r"^ ?/(jobs|faq|help)\b ?(.*)$", re.IGNORECASE | re.DOTALL)
_UNKNOWN_COMMAND_RE = re.compile(r"^/([A-Za-z][\w-]*)(?:\s|$)")
_HELP_WORDS = {"help", "/help", "?", "commands", "usage", "start", "/start"}

Observer = Callable[[Request, Answer], None]


class OverBudgetError(Exception):
    """A request ran past its time budget; answered with an apology, not a half answer."""


@dataclass(frozen=True)
class _Clause:
    """One thing a search requires: a word, one of several (`OR`), or a phrase."""

    label: str
    alternatives: tuple[tuple[str, ...], ...]
    phrase: tuple[str, ...] = ()


@dataclass
class _Matches:
    """Which postings meet each clause, and their scores."""

    hits: list[np.ndarray]
    scores: np.ndarray

    def count(self) -> np.ndarray:
        return np.sum(self.hits, axis=0) if self.hits else np.zeros(len(self.scores), np.int16)


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
    metrics.indexed(len(snapshot.postings), len(snapshot.faq))
    return snapshot


# A word in a list of options ("Go, or deep experience in Java or Kotlin", "AWS, GCP or
# Azure") or marked as a bonus ("Kotlin welcome", "Scala a plus") is not required.
_OPTION_AFTER = re.compile(
    r"^(?:(?:,? [\w.#+/-]+){0,2},? or\b|,? (?:is |are )?(?:welcome|a plus|a bonus|nice to have)\b)"
)
_OPTION_BEFORE = re.compile(r"\bor (?:[\w.#+/-]+,? ){0,2}$")
_OPTION_WINDOW = 40


def _only_as_option(posting: Posting, word: str) -> bool:
    """Whether a posting names `word` only as one of several options or as a bonus, never
    as what the job is (its title or department) or requires: `backend -java` keeps the Go
    role that welcomes Java developers who want to switch."""
    if stem(word) in analyze(f"{posting.title} {posting.department or ''}"):
        return False
    text = posting.description.lower()
    pattern = re.compile(rf"(?<![\w.#+]){re.escape(word)}(?![\w#+])")
    mentions = 0
    for found in pattern.finditer(text):
        mentions += 1
        after = text[found.end() : found.end() + _OPTION_WINDOW]
        before = text[max(0, found.start() - _OPTION_WINDOW) : found.start()]
        if not (_OPTION_AFTER.search(after) or _OPTION_BEFORE.search(before)):
            return False
    return mentions > 0


def _visible(request: Request, query: Query, snap: Snapshot) -> np.ndarray:
    """Rows the asker may see: not named by a negative word (`-frontend`, in a title, skills
    or department, unless only as one option among several), not a posting or company they
    said Not interested to."""
    keep = np.ones(len(snap.postings), dtype=bool)
    for word in query.excluded:  # a role noun takes its others along: -developer, -engineer
        for term in {stem(word), *SEARCH_ALTERNATIVES.get(stem(word), ())}:
            rows = snap.heads.postings(term)[0]
            if len(rows) <= MAX_OPTION_CHECKS:
                rows = [r for r in rows if not _only_as_option(snap.postings[r], word)]
            keep[rows] = False
    hidden = request.hidden
    if hidden:
        rows = snap.rows_by_id
        keep[[rows[i] for i in hidden.postings if i in rows]] = False
        for company in hidden.companies:
            found = snap.rows_by_company.get(company)
            if found is not None:
                keep[found] = False
    return keep


def _clause_hits(clause: _Clause, index: BM25Index, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Which of `n` documents of `index` meet a clause (any alternative, every term of it),
    and the best alternative's BM25 score for each."""
    hit = np.zeros(n, dtype=bool)
    best = np.zeros(n)
    for terms in clause.alternatives:
        alt_hit = np.ones(n, dtype=bool)
        alt_score = np.zeros(n)
        for term in terms:
            ids, weights = index.postings(term)
            present = np.zeros(n, dtype=bool)
            present[ids] = True
            alt_hit &= present
            alt_score[ids] += weights
        hit |= alt_hit
        np.maximum(best, np.where(alt_hit, alt_score, 0.0), out=best)
    return hit, best


def _career(terms: Iterable[str], query: Query) -> bool:
    """Whether an FAQ match's terms make a search-like text a career question. Beside a pay
    floor, pay words describe the filter ("remote jobs paying over 150k"), not a question
    about pay."""
    career = set(CAREER_TERMS & set(terms))
    if query.min_salary is not None:
        career.discard("~pay")
    return bool(career)


def _phrased(answer: Answer) -> bool:
    """An FAQ answer to a question put as one of the entry's phrasings in other words
    ("what do employers look for when hiring devs"): it wins over a search, whatever the
    words "hiring" or "jobs" would suggest."""
    return bool(answer.faq) and answer.faq[0].score >= PHRASED


def _context_words(snap: Snapshot) -> frozenset[str]:
    """Words that name a place (longer than a state code) or a company's first word: in a
    career question they set the scene ("I live in Berlin", "my final round at OrbitPay")."""
    words: set[str] = set()
    for name in snap.gazetteer.names:
        words.update(w for w in name.split() if len(w) > 2)
    for posting in snap.postings:
        if posting.company:
            first = company_key(posting.company).split(" ", 1)[0]
            if len(first) > 2:
                words.add(first)
    return frozenset(words)


def _hit(posting: Posting, score: float, today: date) -> JobHit:
    closes = (posting.valid_through - today).days if posting.valid_through else None
    return JobHit.model_construct(
        **dict(posting), score=round(float(score), 4), closes_in_days=closes
    )


_COMPANY_WORDS = word_set("company companies employer employers firms startups")
"""A count that names these is asked at how many employers too."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Deadline:
    def __init__(self, timer: Callable[[], float], budget: float) -> None:
        self.timer = timer
        self.end = timer() + budget

    def check(self) -> None:
        if self.timer() > self.end:
            raise OverBudgetError


class Engine:
    """Holds the current knowledge snapshot and answers requests; safe to share across threads."""

    def __init__(
        self,
        corpus: Corpus,
        today: Callable[[], date] = date.today,
        *,
        timer: Callable[[], float] = time.monotonic,
        budget: float = BUDGET_SECONDS,
    ) -> None:
        self._setup(today, timer, budget)
        self._snapshot = _settled(Snapshot.build(corpus))

    def _setup(self, today: Callable[[], date], timer: Callable[[], float], budget: float) -> None:
        self._today = today
        self._timer = timer
        self._budget = budget
        self._lock = threading.Lock()
        self._taught: tuple[tuple[str, str], ...] = ()
        self._observers: list[Observer] = []
        self._hidden: frozenset[str] = frozenset()
        self._hidden_rows: tuple[Snapshot, frozenset[str], np.ndarray] | None = None
        self._context: tuple[Snapshot, frozenset[str]] | None = None
        self._company_words: tuple[Snapshot, frozenset[str]] | None = None

    @classmethod
    def from_snapshot(
        cls,
        snapshot: Snapshot,
        today: Callable[[], date] = date.today,
        *,
        timer: Callable[[], float] = time.monotonic,
        budget: float = BUDGET_SECONDS,
    ) -> Engine:
        """An engine over an already built (e.g. cached) snapshot."""
        engine = cls.__new__(cls)
        engine._setup(today, timer, budget)
        engine._snapshot = _settled(snapshot)
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

    @property
    def taught(self) -> tuple[tuple[str, str], ...]:
        """The (entry id, phrasing) pairs taught so far."""
        return self._taught

    def posting(self, posting_id: str) -> Posting | None:
        """The listed posting with this id, or None when it is not (or no longer) listed."""
        snap = self._snapshot
        row = snap.rows_by_id.get(posting_id)
        return snap.postings[row] if row is not None else None

    def reload(self, corpus: Corpus) -> None:
        """Index a new corpus, then swap it in; requests in flight finish on the old one.

        Postings already indexed unchanged are not re-tokenized; taught phrasings stay."""
        with self._lock:
            self._snapshot = _settled(
                Snapshot.build(corpus, previous=self._snapshot, taught=self._taught)
            )

    def teach(self, phrasings: Iterable[tuple[str, str]]) -> None:
        """Use these (entry id, phrasing) pairs from now on, on top of the entries' aliases.

        The full set replaces the previous one (the store is the record); phrasings for
        entries not in the knowledge wait until an entry with that id is loaded."""
        with self._lock:
            self._taught = tuple(dict.fromkeys(phrasings))
            self._snapshot = self._snapshot.with_phrasings(self._taught)

    def observe(self, observer: Observer) -> None:
        """Call `observer(request, answer)` after every answer (errors are logged, never
        passed on to the person asking)."""
        self._observers.append(observer)

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
        started = time.perf_counter()
        answer = self._answer(request)
        metrics.answered(request.platform, answer.intent, time.perf_counter() - started)
        return answer

    def _answer(self, request: Request) -> Answer:
        try:
            answer = self._ask(request, self._snapshot, _Deadline(self._timer, self._budget))
        except OverBudgetError:
            log.warning("answer over its %.1f s budget: %r", self._budget, request.text[:200])
            answer = Answer(
                intent="unknown",
                text=(
                    "That took me too long to answer, sorry. Try fewer words, or "
                    f"`{self._syntax(request).spell('help')}` for examples."
                ),
                page_size=request.page_size,
                confident=False,
            )
        except Exception:  # a bug must not reach the user as a traceback
            log.exception("engine failed on %r", request.text[:200])
            answer = Answer(
                intent="unknown",
                text=(
                    f"Sorry, I could not answer that. Try `{self._syntax(request).spell('help')}` "
                    "for what I can do."
                ),
                page_size=request.page_size,
                confident=False,
            )
        for observer in self._observers:
            try:
                observer(request, answer)
            except Exception:
                log.exception("an answer observer failed")
        return answer

    # -- routing -------------------------------------------------------------------------

    def _ask(self, request: Request, snap: Snapshot, deadline: _Deadline) -> Answer:
        raw = request.text[:MAX_TEXT]
        if only_invisible(raw):  # control characters, zero-width marks: nothing to search
            return self._help(request)
        text = clean(raw, MAX_TEXT)
        command = request.command
        explicit = _COMMAND_RE.match(text)
        if explicit:
            word, text = explicit.group(1).lower(), explicit.group(2).strip()
            if word == "help":
                return self._help(request)
            command = command or word  # type: ignore[assignment]
        if text.lower() in _HELP_WORDS or (not text and command != "jobs"):
            return self._help(request)
        unknown = _UNKNOWN_COMMAND_RE.match(text)
        if unknown:  # `/bogus thing`: say so rather than search for "bogus thing"
            return self._help(request, f"I don't know the command `/{unknown.group(1)[:40]}`.")
        if text and not any(ch.isalnum() for ch in text):
            # "🚀🚀🚀", "...": nothing to search or ask about (a bare `/jobs` lists them all)
            note = "There is nothing to search for or ask about in that." if command else ""
            return self._help(request, note)
        if command == "faq":
            return self._faq(request, text, snap, asked=True)
        if command == "jobs":
            return self._jobs(request, text, snap, asked=True, deadline=deadline)
        query = parse_query(text, snap.gazetteer)
        deadline.check()
        asked = signals(text, query)
        where = route_of(asked)
        if where in ("count", "salary", "skills"):
            return self._stats(request, text, where, snap, deadline)
        if where == "jobs":
            if asked.syntax:  # `java OR kotlin`, `engineer -frontend`: written as a search
                return self._jobs(request, text, snap, asked=True, deadline=deadline)
            faq = self._faq(request, text, snap, asked=False)
            if faq.confident and (_career(faq.query.keywords, query) or _phrased(faq)):
                return faq  # "backend engineer job description", "degree required for dev jobs"
            jobs = self._jobs(request, text, snap, asked=True, deadline=deadline)
            if jobs.total or jobs.searches:
                # Openings were asked for: when a filter emptied the search ("new python
                # jobs", none in the last 7 days), why and what works beats an FAQ entry.
                return jobs
            return faq if faq.confident else jobs
        if where == "faq":
            # A question about a company with openings here, not asking how to do
            # something, is about its openings ("is the OrbitPay role remote"); "how do I
            # prepare for my OrbitPay interview" stays a question.
            company = not asked.advice and self._names_company(text, snap)
            if company:
                jobs = self._jobs(request, text, snap, asked=True, deadline=deadline)
                if jobs.total and not jobs.searches:
                    return jobs
            answer = self._faq(request, text, snap, asked=True)
            if answer.confident:
                return answer
            # A question with a filter in it may be a search ("what is there in berlin"),
            # but not one asking how to do something ("how do I get visa sponsorship").
            if (
                has_filters(query)
                and answer.suggestions_kind != "did_you_mean"
                and not asked.advice
                and not company
            ):
                jobs = self._jobs(request, text, snap, asked=False, deadline=deadline)
                if jobs.total and not jobs.searches:
                    return jobs
            return answer
        # Plain words: a search, unless they are about a career rather than openings and
        # the FAQ is sure ("career path for backend developers", "backend vs full stack"),
        # or no opening has them all and the FAQ is sure ("tips for working from home").
        faq = self._faq(request, text, snap, asked=False)
        if faq.confident and _career(faq.query.keywords, query):
            return faq
        jobs = self._jobs(request, text, snap, asked=False, deadline=deadline)
        if jobs.total and not jobs.searches:
            return jobs
        return faq if faq.confident else jobs

    def _help(self, request: Request, note: str = "") -> Answer:
        text = help_text(self._syntax(request))
        return Answer(
            intent="help", text=f"{note}\n\n{text}" if note else text, page_size=request.page_size
        )

    @staticmethod
    def _syntax(request: Request) -> CommandSyntax:
        return request.syntax or DEFAULT_SYNTAX

    # -- jobs ----------------------------------------------------------------------------

    def _query(self, request: Request, text: str, snap: Snapshot) -> Query:
        return merge_filters(parse_query(text, snap.gazetteer), request.filters, snap.gazetteer)

    @staticmethod
    def _clauses(query: Query) -> list[_Clause]:
        """What a query requires, as index terms with their alternatives."""

        def alternatives(words: str) -> list[tuple[str, ...]]:
            terms = tuple(stem(w) for w in words.split(" ") if w)
            found = [terms]
            if len(terms) == 1:
                found += [
                    (alt,) for alt in SEARCH_ALTERNATIVES.get(terms[0], ()) if alt != terms[0]
                ]
            return found

        clauses = [_Clause(word, tuple(alternatives(word))) for word in _dedupe(query.keywords)][
            :MAX_TERMS
        ]
        for group in query.any_of:
            alts = [alt for words in group for alt in alternatives(words)]
            clauses.append(_Clause(" or ".join(group), tuple(dict.fromkeys(alts))))
        for phrase in query.phrases:
            terms = tuple(analyze(phrase))
            if terms:
                clauses.append(_Clause(f"“{phrase}”", (terms,), phrase=terms))
        return clauses

    @staticmethod
    def _match(clauses: Sequence[_Clause], snap: Snapshot) -> _Matches:
        hits: list[np.ndarray] = []
        total = np.zeros(len(snap.postings))
        for clause in clauses:
            hit, best = _clause_hits(clause, snap.jobs, len(snap.postings))
            if clause.phrase:
                hit &= Engine._has_phrase(clause.phrase, hit, snap)
            hits.append(hit)
            total += best
        return _Matches(hits, total)

    @staticmethod
    def _has_phrase(phrase: tuple[str, ...], candidates: np.ndarray, snap: Snapshot) -> np.ndarray:
        """Candidates whose text has the phrase's terms in order, next to each other."""
        out = np.zeros(len(candidates), dtype=bool)
        size = len(phrase)
        for row in np.flatnonzero(candidates)[:MAX_PHRASE_CHECKS]:
            p = snap.postings[row]
            terms = analyze(" ".join([p.title, " ".join(p.skills), p.description]))
            out[row] = any(
                tuple(terms[i : i + size]) == phrase for i in range(len(terms) - size + 1)
            )
        return out

    @staticmethod
    def _clause_heads(clause: _Clause, snap: Snapshot) -> np.ndarray:
        """Postings whose title, skills or department meet the clause."""
        return _clause_hits(clause, snap.heads, len(snap.postings))[0]

    @staticmethod
    def _generic(clause: _Clause, snap: Snapshot, heads: np.ndarray | None = None) -> bool:
        """A word most postings *are* ("engineer" in nearly every title): it alone never
        makes a posting relevant to a longer search. `heads`: the clause's head hits, when
        already known."""
        n = len(snap.postings)
        if n < 8 or clause.phrase:
            return False
        if heads is None:
            heads = Engine._clause_heads(clause, snap)
        return heads.sum() >= GENERIC_SHARE * n

    def _jobs(
        self, request: Request, text: str, snap: Snapshot, asked: bool, deadline: _Deadline
    ) -> Answer:
        """A search. `asked`: the text asks for openings (or `/jobs` was used), so even an
        empty result answers that intent; plain words that find nothing are `unknown`."""
        query = self._query(request, text, snap)
        clauses = self._clauses(query)
        mask = self._mask(query, snap) & _visible(request, query, snap)
        deadline.check()
        posted = snap.table.posted
        note = ""
        searches: list[str] = []
        if clauses:
            matches = self._match(clauses, snap)
            deadline.check()
            scores = matches.scores
            count = matches.count()
            rows = np.flatnonzero(mask & (count == len(clauses)))
            if not len(rows) and len(clauses) > 1:
                rows, note, searches = self._partial(query, clauses, matches, mask, snap)
            else:
                # Openings that *are* about the words (title, skills) come without those
                # that only mention them somewhere in the description ("backend jobs" does
                # not list the mobile role that works with backend engineers).
                strong = rows[self._in_heads(clauses, snap)[rows]]
                if len(strong) and len(strong) < len(rows):
                    said = (
                        "these words"
                        if len(clauses) > 1
                        else f"“{replies.escape(clauses[0].label)}”"
                    )
                    note = (
                        f"{_plural(len(rows) - len(strong), 'other opening')} only mention "
                        f"{said} in passing."
                    )
                    rows = strong
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
            "searches": searches,
        }
        syntax = self._syntax(request)
        if hits:
            text_md = replies.jobs_text(hits, query, total, page, pages, request.page_size, note)
            return Answer(intent="jobs", jobs=hits, text=text_md, **common)
        hint, searches = self._why_empty(request, query, clauses, snap)
        common["searches"] = searches
        related = self._related(text, snap)
        questions = [entry.question for entry in related]
        return Answer(
            intent="jobs" if asked else "unknown",
            text=replies.nothing_found_text(query, hint, questions, syntax, searches),
            confident=False,
            suggestions=questions,
            suggestion_ids=[entry.id for entry in related],
            suggestions_kind="related" if related else None,
            **common,
        )

    def _partial(
        self,
        query: Query,
        clauses: Sequence[_Clause],
        matches: _Matches,
        mask: np.ndarray,
        snap: Snapshot,
    ) -> tuple[np.ndarray, str, list[str]]:
        """No posting has every word: the postings with the most of the meaningful ones, a
        note saying which words matched, and the narrower search that finds them."""
        hits = [hit & mask for hit in matches.hits]
        useful = [
            i for i, hit in enumerate(hits) if hit.any() and not self._generic(clauses[i], snap)
        ]
        if not useful:
            return np.zeros(0, dtype=np.int64), "", []
        # What postings *are* (title, skills) counts before what they mention in passing.
        heads = {i: self._clause_heads(clauses[i], snap) & mask for i in useful}
        head_count = np.sum(list(heads.values()), axis=0)
        if head_count.max() > 0:
            rows = np.flatnonzero(head_count == head_count.max())
            met = {i: heads.get(i, hits[i]) for i in range(len(clauses))}
        else:
            count = np.sum([hits[i] for i in useful], axis=0)
            rows = np.flatnonzero(count == count.max())
            met = dict(enumerate(hits))
        # Which clauses the shown postings all meet (generic ones included).
        shared = [i for i, hit in met.items() if hit[rows].all()]
        missing = [c.label for i, c in enumerate(clauses) if i not in shared]
        matched = [clauses[i].label for i in shared]
        note = (
            f"No opening matches all of {replies.escape(' '.join(c.label for c in clauses))}; "
            f"these match {replies.escape(' '.join(matched))}"
            + (f" (not {replies.escape(', '.join(missing))})" if missing else "")
            + "."
        )
        narrower = query.model_copy(
            update={
                "keywords": [w for w in query.keywords if w in matched],
                "any_of": [g for g in query.any_of if " or ".join(g) in matched],
                "phrases": [p for p in query.phrases if f"“{p}”" in matched],
            }
        )
        return rows, note, [query_text(narrower)]

    def _why_empty(
        self, request: Request, query: Query, clauses: Sequence[_Clause], snap: Snapshot
    ) -> tuple[str, list[str]]:
        """Why a search found nothing (which word or filter emptied it), and searches near
        it that do find openings, most results first."""
        if not snap.postings:
            return "No postings are loaded yet.", []
        reasons: list[str] = []
        matches = self._match(clauses, snap) if clauses else None
        unknown = [
            c.label
            for i, c in enumerate(clauses)
            if matches is not None and not matches.hits[i].any()
        ]
        if unknown:
            words = replies.escape(", ".join(unknown))
            reasons.append(f"No opening mentions {words}.")
            fixes = {
                w: fix
                for w in query.keywords
                if w in unknown and (fix := snap.speller.correct(stem(w))) is not None
            }
            if fixes:
                shown = ", ".join(f"“{replies.escape(f)}”" for f in fixes.values())
                reasons[-1] += f" Did you mean {shown}?"
        elif matches is not None and has_filters(query):
            loose = int((matches.count() == len(clauses)).sum())
            if loose:
                reasons.append(
                    f"{_plural(loose, 'opening')} match {replies.describe_keywords(query)}, "
                    "but none pass the filters."
                )
        elif not clauses and has_filters(query):
            reasons.append(self._filters_empty(query))
        candidates = self._relaxations(query)
        found: list[tuple[int, str]] = []
        for relaxed, removed in candidates:
            n = self._count(request, relaxed, snap)
            if n:
                found.append((n, query_text(relaxed)))
                if removed and len(reasons) < 4 and not unknown:
                    reasons.append(f"Without {removed}: {_plural(n, 'opening')}.")
        found.sort(key=lambda f: -f[0])
        searches = _dedupe(text for _, text in found if text.strip())[:3]
        if unknown and matches is not None:
            for w, fix in (
                (w, snap.speller.correct(stem(w))) for w in query.keywords if w in unknown
            ):
                if fix:
                    corrected = query.model_copy(
                        update={"keywords": [fix if k == w else k for k in query.keywords]}
                    )
                    if self._count(request, corrected, snap):
                        searches.insert(0, query_text(corrected))
        return " ".join(reasons), _dedupe(searches)[:3]

    def _filters_empty(self, query: Query) -> str:
        """Why filters alone found nothing; a date filter alone says how old the newest
        opening is ("new jobs this week" when the last was posted 13 days ago)."""
        days = query.posted_within_days
        if days and not has_filters(query.model_copy(update={"posted_within_days": None})):
            dates = [p.date_posted for p in self.open_postings() if p.date_posted is not None]
            window = "today" if days == 1 else f"in the last {days} days"
            if dates:
                return f"No opening was posted {window}; the newest is from {max(dates)}."
            return f"No opening was posted {window} (none says when it was posted)."
        return "No opening passes all of those filters together."

    @staticmethod
    def _relaxations(query: Query) -> list[tuple[Query, str]]:
        """The query with one part left out, for each part: (query, what was left out)."""
        out: list[tuple[Query, str]] = []

        def without(field: str, value: object, label: str) -> None:
            values = [v for v in getattr(query, field) if v != value]
            out.append((query.model_copy(update={field: values}), label))

        for word in query.keywords:
            without("keywords", word, f"“{replies.escape(word)}”")
        for group in query.any_of:
            without("any_of", group, f"“{replies.escape(' or '.join(group))}”")
        for phrase in query.phrases:
            without("phrases", phrase, f"“{replies.escape(phrase)}”")
        for field, label in (
            ("workplace", "the workplace filter"),
            ("locations", "the place"),
            ("employment_type", "the job type"),
            ("seniority", "the level"),
            ("excluded", "the excluded words"),
        ):
            values = getattr(query, field)
            if values:
                shown = replies.escape(", ".join(map(str, values)))
                out.append((query.model_copy(update={field: []}), f"{label} ({shown})"))
        if query.min_salary is not None:
            out.append((query.model_copy(update={"min_salary": None}), "the pay floor"))
        if query.posted_within_days:
            out.append((query.model_copy(update={"posted_within_days": None}), "the date filter"))
        return [(q, removed) for q, removed in out if query_text(q).strip()]

    def _count(self, request: Request, query: Query, snap: Snapshot) -> int:
        mask = self._mask(query, snap) & _visible(request, query, snap)
        clauses = self._clauses(query)
        if clauses:
            mask &= self._match(clauses, snap).count() == len(clauses)
        return int(mask.sum())

    def _related(self, text: str, snap: Snapshot) -> list[FAQEntry]:
        """FAQ questions near what was asked, only when they are near: never the same
        three for every miss."""
        match = self._faq_match(text, snap)
        if not match.close:
            return []
        top = match.ranked[0].score
        return [snap.faq[s.index] for s in match.ranked if s.score >= 0.5 * top]

    # -- FAQ -----------------------------------------------------------------------------

    @staticmethod
    def _about_pay(answer: Answer | None, snap: Snapshot) -> bool:
        """Whether an FAQ answer may stand beside pay figures: its entry is about pay, or
        the question compares and so does the entry ("which pays better, frontend or
        backend" gets the comparison)."""
        if answer is None or not answer.faq:
            return False
        entry = answer.faq[0].id
        if snap.faq_match.names(entry, "~pay"):
            return True
        return "~compare" in answer.query.keywords and snap.faq_match.names(entry, "~compare")

    def _names_company(self, text: str, snap: Snapshot) -> bool:
        """Whether a question names a company with openings here by a word the FAQ does not
        use ("what's open at Vaultline", "is OrbitPay remote"): it is about those openings."""
        companies = self._companies(snap)
        return any(word in companies for word in analyze(text))

    def _companies(self, snap: Snapshot) -> frozenset[str]:
        cached = self._company_words
        if cached is None or cached[0] is not snap:
            words = set()
            for posting in snap.postings:
                if posting.company:
                    first = analyze(company_key(posting.company).split(" ", 1)[0])
                    words.update(w for w in first[:1] if len(w) > 3 and w not in snap.faq_match.idf)
            cached = (snap, frozenset(words))
            self._company_words = cached
        return cached[1]

    def _faq_match(self, text: str, snap: Snapshot) -> FAQMatch:
        """The FAQ's closest entries: typos are not "corrected" into words postings use, and
        places and company names are the story around a question, not its topic."""
        cached = self._context
        if cached is None or cached[0] is not snap:
            cached = (snap, _context_words(snap))
            self._context = cached
        words = cached[1]
        return snap.faq_match.match(
            text, known=lambda t: t in snap.jobs.vocab, context=words.__contains__
        )

    def _faq(self, request: Request, text: str, snap: Snapshot, asked: bool) -> Answer:
        """The FAQ's answer. `asked`: the text is a career question (or `/faq` was used), so
        a decline still answers that intent; a fallback for plain words is `unknown`."""
        match = self._faq_match(text, snap)
        query = Query(raw=text[:2000], keywords=list(match.terms))
        if match.confident:
            best = match.ranked[0]
            entry = snap.faq[best.index]
            return Answer(
                intent="faq",
                query=query,
                faq=[FAQHit.model_construct(**dict(entry), score=best.score)],
                text=replies.faq_text(entry.question, entry.answer, entry.source),
                page_size=request.page_size,
                suggestions=[snap.faq[s.index].question for s in match.ranked[1:] if match.close],
                suggestion_ids=[snap.faq[s.index].id for s in match.ranked[1:] if match.close],
            )
        close = [snap.faq[s.index].question for s in match.ranked] if match.close else []
        topics = [] if close else self._topics(snap)
        # An FAQ without tags has no topics to name: a few of its questions instead.
        entries = [snap.faq[s.index] for s in match.ranked] if close else []
        if not entries and not topics:
            entries = list(snap.faq[:3])
        offered = [entry.question for entry in entries]
        kind = ("did_you_mean" if close else "can_answer") if offered else None
        return Answer(
            intent="faq" if asked else "unknown",
            query=query,
            text=replies.not_sure_text(
                offered, closest=bool(close), syntax=self._syntax(request), topics=topics
            ),
            page_size=request.page_size,
            confident=False,
            suggestions=offered,
            suggestion_ids=[entry.id for entry in entries],
            suggestions_kind=kind,
            miss="unsure" if close else "declined",
        )

    @staticmethod
    def _topics(snap: Snapshot) -> list[str]:
        """What the FAQ covers, by its most used tags: the way out of a miss with nothing
        near it."""
        counts: dict[str, int] = {}
        for entry in snap.faq:
            for tag in entry.tags:
                counts[tag.lower()] = counts.get(tag.lower(), 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))[:8]

    # -- figures -------------------------------------------------------------------------

    def _stats(
        self, request: Request, text: str, kind: str, snap: Snapshot, deadline: _Deadline
    ) -> Answer:
        query = self._query(request, text, snap)
        query = query.model_copy(
            update={
                "keywords": [
                    w for w in query.keywords if w not in STAT_WORDS and w not in NOT_SUBJECT
                ]
            }
        )
        clauses = self._clauses(query)
        mask = self._mask(query, snap) & _visible(request, query, snap)
        if clauses:
            mask &= self._subject(clauses, snap)
        deadline.check()
        rows = np.flatnonzero(mask)
        described = replies.describe_query(query)
        subject = described or "all openings"
        syntax = self._syntax(request)
        faq_answer = self._faq(request, text, snap, asked=False) if kind != "count" else None
        faq = faq_answer.faq if faq_answer is not None and faq_answer.confident else []
        off_topic = kind == "salary" and bool(faq) and not self._about_pay(faq_answer, snap)
        if off_topic:
            faq = []  # "do SREs get paid extra for on-call": the DevOps entry says nothing of pay
        if clauses and not len(rows) and not has_filters(query) and not faq and not off_topic:
            # "salary negotiation tactics" names no postings: a question, not a figure.
            return self._faq(request, text, snap, asked=True)
        stats = Stats(postings=len(rows))
        searches: list[str] = []
        if not len(rows):
            hint, searches = self._why_empty(request, query, clauses, snap)
            body = replies.no_figures_text(subject, hint, searches, syntax)
            shown = rows
        elif kind == "salary":
            asks_interns = "INTERN" in query.employment_type or "intern" in query.seniority
            if not asks_interns:  # an intern's hourly rate is not a salary to compare
                rows = rows[(snap.table.employment[rows] & EMPLOYMENT_BITS["INTERN"]) == 0]
            stats.postings = len(rows)
            stats.salary = salary_stats(snap.table, rows)
            shown = rows[snap.table.period[rows] >= 0]
            named = [snap.postings[i] for i in self._newest(shown, snap)[:MAX_NAMED]]
            body = replies.salary_text(
                subject,
                stats.salary,
                len(rows),
                named,
                len(shown),
                query_text(query),
                syntax,
                interns_left_out=not asks_interns and bool(mask.sum() - len(rows)),
            )
        elif kind == "skills":
            within = category(text)
            stats.skills = snap.skills.counts(mask, within)
            body = replies.skills_text(within or "skills", stats.skills, len(rows))
            shown = rows[:0]
        else:
            everything = not described
            companies = None
            if everything or _COMPANY_WORDS.intersection(raw_tokens(text)):
                companies = len({c for i in rows if (c := snap.postings[i].company)})
            body = replies.count_text(
                subject, len(rows), int(self._open(snap).sum()), query, companies, everything
            )
            shown = rows
        ordered = self._newest(shown, snap)
        jobs = [_hit(snap.postings[i], 0.0, self._today()) for i in ordered[: request.page_size]]
        if faq:
            entry = faq[0]
            body += "\n\n**From the FAQ** — " + replies.faq_text(
                entry.question, entry.answer, entry.source
            )
        total = len(shown)
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
            searches=searches,
            confident=bool(len(rows)) or bool(faq),
        )

    def _in_heads(self, clauses: Sequence[_Clause], snap: Snapshot) -> np.ndarray:
        """Postings whose title, skills or department hold every clause (words most
        postings are, such as "engineer", may be anywhere)."""
        head = np.ones(len(snap.postings), dtype=bool)
        for clause in clauses:
            if clause.phrase:
                continue
            hits = self._clause_heads(clause, snap)
            if not self._generic(clause, snap, hits):
                head &= hits
        return head

    def _subject(self, clauses: Sequence[_Clause], snap: Snapshot) -> np.ndarray:
        """Postings a figure is about: those that *are* what the words name (title, skills),
        else those that mention every word."""
        head = self._in_heads(clauses, snap)
        if head.any():
            return head
        return self._match(clauses, snap).count() == len(clauses)

    @staticmethod
    def _newest(rows: np.ndarray, snap: Snapshot) -> np.ndarray:
        return rows[np.argsort(-snap.table.posted[rows], kind="stable")]
