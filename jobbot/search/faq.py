"""FAQ matching that understands paraphrase without a model: fields, vocabulary, typos, a gate.

An entry is read as four fields — its question, its other phrasings (aliases, and phrasings
an admin taught), its tags, and its answer — and a query word counts for as much as the
field it is found in (a word of the question says more than the same word deep in the
answer). Words are weighted by how rare they are across entries, so "backend", which every
entry mentions, decides nothing, while "microservices" decides a lot. Both sides go through
the same career vocabulary (`vocabulary.py`), so "devs make" meets "engineer salary".

The score of an entry mixes two views: how much of the question's weight the entry covers
(any field), and how well the question matches one phrasing as a whole. The gate
(`CONFIDENT`, `LEAD`) was calibrated on the labelled set in `bench/data/answers.jsonl`:
below it the engine says it is not sure and offers the closest entries instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from jobbot.models import FAQEntry
from jobbot.search.analyzer import canonical, keep, raw_tokens, stem
from jobbot.search.clean import clean
from jobbot.search.spelling import Speller
from jobbot.search.vocabulary import (
    ANY_KIND,
    AREAS,
    FILLER,
    GROUPS,
    WEAK,
    WEAK_WEIGHT,
    asks,
    clauses,
    concept,
    expand,
    frames,
    rewrite,
    subjects,
)

# Field factors: what a query word found in that field is worth.
IN_QUESTION = 1.0
IN_TAGS = 0.85
IN_ANSWER = 0.65  # times tf / (tf + 1): a word the answer uses once counts a third
# A word only one entry's answer uses says more: that answer is where it is discussed.
IN_ONLY_ANSWER = 1.0
# How the two views mix.
COVERAGE_SHARE = 0.5
PHRASING_SHARE = 0.5
# A phrasing's own words missing from the question count this much against the match.
MISSING_WEIGHT = 0.8
# A word no entry uses weighs this share of the rarest word's weight: it is evidence that the
# FAQ does not cover the question, but one odd modifier ("main") must not sink a clear match.
UNKNOWN_SHARE = 0.6
# A term's rarity counts its uses in answers at this share of its uses in questions and tags.
BODY_DF_SHARE = 0.25
# Words of the clauses around the question (the story before "how do I …") count this much.
CONTEXT_WEIGHT = 0.5
# A corrected typo is trusted a little less than a word typed right.
CORRECTED_WEIGHT = 0.8
# The gate: the best entry must score this much...
CONFIDENT = 0.45
# ...and lead the runner-up by this much; otherwise "did you mean".
LEAD = 0.08
# A clear winner may score lower: at least `CONFIDENT_ALONE`, with the runner-up at most
# `ALONE_RATIO` of it.
CONFIDENT_ALONE = 0.3
ALONE_RATIO = 0.75
# A lead on meaningful words (`FAQIndex._ahead`): what only the best entry names must
# outweigh what only the runner-up names this many times, and the best must score this much.
DECISIVE_RATIO = 2.0
DECISIVE_MIN = 0.35
# ...the best must name this share of the question's weight, and what only it names this share.
DECISIVE_COVER = 0.5
DECISIVE_SHARE = 0.2
# Below this the entries are not even close enough to offer.
CLOSE = 0.2
MAX_TERMS = 32
MAX_QUERY_CHARS = 2000


def question_key(text: str) -> str:
    """The form in which a question counts as asked verbatim: case, spacing and the
    closing punctuation do not matter."""
    return clean(text, MAX_QUERY_CHARS).casefold().rstrip("?!.。 ")


_FILLER_STEMS = frozenset(stem(w) for w in FILLER)
VOCABULARY = frozenset(w for group in GROUPS.values() for w in group)


def _words(text: str) -> list[str]:
    """Canonical, stopword-free, filler-free words of a text."""
    return _kept_words(expand(raw_tokens(text)))


def _kept_words(tokens: list[str]) -> list[str]:
    return [
        word
        for token in rewrite(tokens)
        for word in canonical(token)
        if keep(word) and word not in FILLER and stem(word) not in _FILLER_STEMS
    ]


def phrase_terms(text: str) -> list[str]:
    """Index terms of a question or phrasing: words as concepts, plus its frames."""
    terms = [concept(stem(word)) for word in _words(text)]
    return terms + frames(expand(raw_tokens(text)))


def body_terms(text: str) -> list[str]:
    """Index terms of answer text (no frames: "or" in prose compares nothing)."""
    return [concept(stem(word)) for word in _words(text)]


@dataclass(frozen=True)
class Scored:
    """One entry's score for a question (0 to 1)."""

    index: int
    score: float


@dataclass(frozen=True)
class FAQMatch:
    """The outcome for one question: the closest entries, and whether the best is sure."""

    ranked: tuple[Scored, ...] = ()
    confident: bool = False
    exact: bool = False
    terms: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    """Words of the question that no entry uses (what the FAQ does not cover)."""
    corrected: tuple[tuple[str, str], ...] = ()

    @property
    def close(self) -> bool:
        """Whether the best entries are near enough to offer as "did you mean"."""
        return bool(self.ranked) and self.ranked[0].score >= CLOSE


@dataclass(frozen=True)
class _Fields:
    heads: frozenset[str]
    tags: frozenset[str]
    tag_phrases: tuple[frozenset[str], ...]
    body: dict[str, int]
    phrasings: tuple[frozenset[str], ...]

    def about_another(self, kinds: Sequence[str], asked: Iterable[str]) -> bool:
        """Whether the entry is about a specialty (its question names one, e.g. backend)
        that the question (its terms `asked`) never names, while it names a kind of worker
        the entry does not: "what does a data engineer do" is not answered by the backend
        engineer's duties, but "is devops a good career for backend devs" is about DevOps."""
        areas = self.heads & AREAS
        if not kinds or not areas or areas & set(asked):
            return False
        named = self.heads | self.tags
        return any(kind not in named for kind in kinds)


@dataclass(frozen=True)
class FAQIndex:
    """Every entry's fields, the terms' weights, and a speller over the FAQ's own words."""

    entries: tuple[FAQEntry, ...] = ()
    fields: tuple[_Fields, ...] = ()
    idf: dict[str, float] = field(default_factory=dict)
    unseen_idf: float = 1.0
    exact: dict[str, int] = field(default_factory=dict)
    only: frozenset[str] = frozenset()
    """Terms a single entry uses, only in its answer ("cassandra", "elasticsearch")."""
    speller: Speller = field(default_factory=Speller)
    taught: tuple[tuple[str, str], ...] = ()
    """(entry id, phrasing) pairs added on top of the entries' own aliases."""
    named: frozenset[str] = frozenset()
    """Terms some entry names in its question, phrasings or tags (not only in its answer)."""

    @classmethod
    def build(cls, entries: Sequence[FAQEntry], taught: Iterable[tuple[str, str]] = ()) -> FAQIndex:
        by_id = {entry.id: i for i, entry in enumerate(entries)}
        extra: dict[int, list[str]] = {}
        kept: list[tuple[str, str]] = []
        for entry_id, phrasing in taught:
            if entry_id in by_id and phrasing.strip():
                extra.setdefault(by_id[entry_id], []).append(phrasing)
                kept.append((entry_id, phrasing))
        fields: list[_Fields] = []
        named_terms: set[str] = set()
        exact: dict[str, int] = {}
        df: dict[str, float] = Counter()
        users: Counter[str] = Counter()
        surface: list[str] = []
        for i, entry in enumerate(entries):
            texts = [entry.question, *entry.aliases, *extra.get(i, [])]
            phrasings = tuple(frozenset(phrase_terms(t)) for t in texts)
            tag_terms = [frozenset(phrase_terms(tag)) for tag in entry.tags]
            tags = frozenset().union(*(t for t in tag_terms if len(t) == 1))
            tag_phrases = tuple(t for t in tag_terms if len(t) > 1)
            body = Counter(body_terms(entry.answer))
            heads = frozenset().union(*phrasings)
            fields.append(_Fields(heads, tags, tag_phrases, dict(body), phrasings))
            named = heads | tags | frozenset().union(*tag_phrases)
            named_terms |= named
            df.update(dict.fromkeys(named, 1.0))
            df.update({t: BODY_DF_SHARE for t in body if t not in named})
            users.update(set(body) | named)
            for text in texts:
                exact.setdefault(question_key(text), i)
            for text in (*texts, *entry.tags, entry.answer):
                surface.extend(_words(text))
        n = len(entries)
        idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        return cls(
            entries=tuple(entries),
            fields=tuple(fields),
            idf=idf,
            unseen_idf=math.log(1 + (n + 0.5) / 0.5) if n else 1.0,
            only=frozenset(t for t, f in df.items() if f == BODY_DF_SHARE and users[t] == 1),
            exact=exact,
            speller=Speller.build([*surface, *(w for g in GROUPS.values() for w in g)]),
            taught=tuple(kept),
            named=frozenset(named_terms),
        )

    def names(self, entry_id: str, term: str) -> bool:
        """Whether the entry with this id names a term (a concept such as `~pay`) in its
        question, phrasings or tags."""
        for entry, f in zip(self.entries, self.fields, strict=True):
            if entry.id == entry_id:
                return term in f.heads or term in f.tags
        return False

    def with_phrasings(self, taught: Iterable[tuple[str, str]]) -> FAQIndex:
        """The same entries with these taught phrasings (replacing earlier ones)."""
        return FAQIndex.build(self.entries, taught)

    # -- matching -------------------------------------------------------------------------

    def query_terms(
        self,
        text: str,
        known: Callable[[str], bool] | None = None,
        context: Callable[[str], bool] | None = None,
    ) -> tuple[dict[str, float], list[tuple[str, str]]]:
        """Weighted terms of a question, typos corrected against the FAQ's words unless
        `known(stem)` says the word is real elsewhere (e.g. in postings). Words `context`
        names (places, companies) are the story around a question, not its topic, and are
        left out unless the FAQ itself uses them; so are the words of clauses around the
        question ("I have a final round on Friday, how do I prepare") at half weight."""
        weights, corrected, _ = self._query_terms(text, known, context)
        return weights, corrected

    def _query_terms(
        self,
        text: str,
        known: Callable[[str], bool] | None = None,
        context: Callable[[str], bool] | None = None,
    ) -> tuple[dict[str, float], list[tuple[str, str]], frozenset[str]]:
        """`query_terms`, plus the terms that only the story around the question used."""
        text = text[:MAX_QUERY_CHARS]
        weights: dict[str, float] = {}
        corrected: list[tuple[str, str]] = []
        in_question: set[str] = set()
        parts = clauses(text)
        asking = [asks(part) for part in parts]
        story = any(asking) and not all(asking)
        if story and not any(
            self._topical(word) or frames(part)
            for part, a in zip(parts, asking, strict=True) if a
            for word in _kept_words(part) or [""]
        ):  # fmt: skip
            # "working across time zones with my team, how do you handle it": the question
            # says nothing of its own, so the clauses around it are what it is about.
            story = False
        words = [
            (word, CONTEXT_WEIGHT if story and not asked else 1.0, asked or not story)
            for part, asked in zip(parts, asking, strict=True)
            for word in _kept_words(part)
        ]
        for word, share, asked in words:
            term = concept(stem(word))
            if context is not None and term not in self.idf and context(word):
                continue
            weight = (WEAK_WEIGHT if term in WEAK else 1.0) * share
            fix = None
            if term not in self.idf and not (known and known(stem(word))):
                fix = self.speller.correct(word)
            elif not term.startswith("~") and word not in self.speller:
                # A typo that happens to stem like another word ("programer" → program):
                # taken only when it is one letter from a word of the vocabulary.
                fix = self.speller.correct(word)
                fix = fix if fix is not None and concept(stem(fix)).startswith("~") else None
            if fix is None and term not in self.idf and not (known and known(stem(word))):
                # Four letters are too few to correct in general ("bake" is not "make"), but
                # one edit from a word of the career vocabulary ("lern") is taken.
                fix = self.speller.correct(word, min_length=4, within=VOCABULARY)
            if fix is not None:
                corrected.append((word, fix))
                term, weight = concept(stem(fix)), CORRECTED_WEIGHT * weight
            weights[term] = max(weights.get(term, 0.0), weight)
            if asked:
                in_question.add(term)
            if len(weights) >= MAX_TERMS:
                break
        for term in frames([token for part in parts for token in part]):
            weights.setdefault(term, 1.0)
            in_question.add(term)
        return weights, corrected, frozenset(weights.keys() - in_question)

    def _topical(self, word: str) -> bool:
        """Whether a word says what a question is about: one an entry's question, phrasings
        or tags use, and not a weak one."""
        term = concept(stem(word))
        return term in self.named and term not in WEAK

    def match(
        self,
        text: str,
        known: Callable[[str], bool] | None = None,
        context: Callable[[str], bool] | None = None,
    ) -> FAQMatch:
        """The closest entries to a question, best first (at most three), and the verdict."""
        if not self.entries:
            return FAQMatch()
        exact = self.exact.get(question_key(text))
        weights, corrected, story = self._query_terms(text, known, context)
        if exact is not None:
            return FAQMatch((Scored(exact, 1.0),), confident=True, exact=True, terms=tuple(weights))
        if not weights:
            return FAQMatch(terms=())
        unknown_weight = UNKNOWN_SHARE * self.unseen_idf
        w = {t: self.idf.get(t, unknown_weight) * m for t, m in weights.items()}
        total = sum(w.values())
        scored = [Scored(i, round(self._score(w, total, f), 4)) for i, f in enumerate(self.fields)]
        scored.sort(key=lambda s: (-s.score, s.index))
        ranked = tuple(s for s in scored[:3] if s.score > 0)
        unknown = tuple(t for t in weights if t not in self.idf)
        # Words the FAQ does not use count against a match only when the question itself
        # says them, not the story around it ("fresher from mechanical engineering").
        doubt = any(t not in story for t in unknown)
        confident = bool(ranked) and (
            _sure(ranked, doubt) or self._ahead(ranked, w, story, unknown_words=doubt)
        )
        if confident:
            confident = self._for_this_kind(ranked[0].index, text, corrected, weights)
        if confident:
            # A weak word alone ("choose", "learn") never decides: the entry must share a
            # word that says what the question is about — one it names, or one only its
            # answer discusses ("what is cassandra used for").
            best = self.fields[ranked[0].index]
            confident = any(
                t not in WEAK
                and (t in best.heads or t in best.tags or (t in self.only and t in best.body))
                for t in weights
            )
        if not confident and story:
            # A long story can drown a plain question ("been lurking for a while … how do I
            # actually become a backend engineer from here"): the question alone decides
            # when it is sure of the entry the whole message ranks first, and
            # about the kind of worker the whole message names.
            alone = self.match(_asked_text(text), known, context) if _asked_text(text) else None
            if (
                alone is not None
                and alone.confident
                and alone.ranked[0].index == ranked[0].index
                and self._for_this_kind(alone.ranked[0].index, text, corrected, weights)
            ):
                return FAQMatch(
                    alone.ranked, True, False, tuple(weights), unknown, tuple(corrected)
                )
        return FAQMatch(ranked, confident, False, tuple(weights), unknown, tuple(corrected))

    def _for_this_kind(
        self,
        index: int,
        text: str,
        corrected: Sequence[tuple[str, str]],
        weights: Mapping[str, float],
    ) -> bool:
        """Whether the entry may answer for the kinds of worker the text names (see
        `_Fields.about_another`)."""
        fixed = dict(corrected)  # "senoir engineer" names a level, not a kind
        kinds = [
            concept(stem(word))
            for said in subjects(expand(raw_tokens(text)))
            if fixed.get(said, said) not in ANY_KIND
            for word in canonical(fixed.get(said, said))
            if keep(word)
        ]
        return not self.fields[index].about_another(kinds, weights)

    def _strong(self, w: Mapping[str, float], f: _Fields) -> dict[str, float]:
        """The question's meaningful terms (not weak) that an entry names in its question,
        phrasings or tags, with their weights."""
        return {
            t: weight
            for t, weight in w.items()
            if t not in WEAK
            and (
                t in f.heads or t in f.tags or any(t in p and p <= w.keys() for p in f.tag_phrases)
            )
        }

    def _ahead(
        self,
        ranked: Sequence[Scored],
        w: Mapping[str, float],
        story: frozenset[str],
        unknown_words: bool,
    ) -> bool:
        """A clear lead on meaningful words: the best entry names (in its question,
        phrasings or tags) most of what the question asks, and what only it names
        outweighs what only the runner-up names — "which db to learn first for backend
        jobs" is about databases, whatever else the becoming entry shares with it. Words of
        the story around the question never make the lead."""
        if len(ranked) < 2 or ranked[0].score < DECISIVE_MIN:
            return False
        if unknown_words and ranked[0].score < CONFIDENT:
            return False
        total = sum(x for t, x in w.items() if t not in WEAK)  # weak words never decide
        best = self._strong(w, self.fields[ranked[0].index])
        second = self._strong(w, self.fields[ranked[1].index])
        only_best = sum(x for t, x in best.items() if t not in second and t not in story)
        only_second = sum(x for t, x in second.items() if t not in best)
        return (
            sum(best.values()) >= DECISIVE_COVER * total
            and only_best >= DECISIVE_SHARE * total
            and only_best >= DECISIVE_RATIO * only_second
        )

    def _score(self, w: Mapping[str, float], total: float, f: _Fields) -> float:
        if total <= 0:
            return 0.0
        covered = 0.0
        for term, weight in w.items():
            if term in f.heads:
                covered += weight * IN_QUESTION
            elif term in f.tags or any(term in t and t <= w.keys() for t in f.tag_phrases):
                covered += weight * IN_TAGS
            elif term in f.body:
                tf = f.body[term]
                share = IN_ONLY_ANSWER if term in self.only else IN_ANSWER
                covered += weight * share * tf / (tf + 1)
        best_phrasing = 0.0
        for phrasing in f.phrasings:
            shared = sum(weight for term, weight in w.items() if term in phrasing)
            if not shared:
                continue
            missing = sum(self.idf.get(t, 0.0) for t in phrasing if t not in w)
            best_phrasing = max(best_phrasing, shared / (total + MISSING_WEIGHT * missing))
        return COVERAGE_SHARE * covered / total + PHRASING_SHARE * best_phrasing


def _asked_text(text: str) -> str:
    """The clauses of a message that ask, when it also tells a story; else ""."""
    parts = clauses(text[:MAX_QUERY_CHARS])
    asking = [asks(part) for part in parts]
    if not any(asking) or all(asking):
        return ""
    return " ".join(word for part, a in zip(parts, asking, strict=True) if a for word in part)


def _sure(ranked: Sequence[Scored], unknown_words: bool) -> bool:
    """The gate: a high score with a clear lead, or, when every word of the question is
    one the FAQ uses, a moderate score far ahead of the rest."""
    best = ranked[0].score
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if best >= CONFIDENT and best - second >= LEAD:
        return True
    return not unknown_words and best >= CONFIDENT_ALONE and second <= ALONE_RATIO * best
