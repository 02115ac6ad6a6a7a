"""What a free-text message asks for, from its words and their order: openings, figures, or
a career answer.

"any remote golang jobs?" is a question, but about openings; "how many remote jobs are
there" and "is remote work common?" are answered by counting postings; "how much do senior
backend devs make" by their pay (with the FAQ's answer beside it); "what does a backend
engineer do?" by the FAQ. Plain keywords ("python berlin") search. Pure and linear: one pass
over at most `MAX_WORDS` words, each looking a fixed number of words ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, Literal

from jobbot.models import Query
from jobbot.search.analyzer import normalize, raw_tokens, word_set
from jobbot.search.query import has_filters
from jobbot.search.spelling import distance
from jobbot.search.vocabulary import QUESTION_TYPOS, asks

Route = Literal["jobs", "count", "salary", "skills", "faq", "words"]
MAX_WORDS: Final = 200
MAX_CHARS: Final = 2000

JOB_NOUNS: Final = word_set(
    """job jobs role roles opening openings position positions vacancy vacancies gig gigs
    posting postings listing listings opportunity opportunities internship internships
    contracts openings"""
)
# Words that say "show me openings": at the start, or anywhere for the hiring forms.
_ASK_STARTS: Final = word_set(
    """any anything got show find list search searching looking look give recommend seeking
    hiring openings anyone anybody"""
)
_HIRING: Final = word_set("hiring hire hires recruiting")
_ASK_PAIRS: Final = frozenset(
    {("are", "there"), ("is", "there"), ("you", "have"), ("you", "got"), ("is", "hiring"),
     ("s", "hiring"), ("whos", "hiring"), ("are", "hiring"), ("companies", "hiring"),
     ("me", "some"), ("open", "roles"), ("what", "jobs"), ("which", "jobs"),
    ("anything", "for"), ("something", "for"),
     ("what", "roles"), ("which", "roles"), ("what", "openings"), ("which", "companies"),
     ("who", "hires"), ("hiring", "for"), ("whats", "open"), ("s", "open"),
     ("anything", "open")}
)  # fmt: skip
# "do you have anything for a kotlin dev": openings for a person, whatever else it says.
_FOR_SOMEONE: Final = frozenset({("anything", "for"), ("something", "for")})
# "i need a python job" asks for openings; "do i need a degree" asks about requirements.
_WANT_PAIRS: Final = frozenset(
    {("looking", "for"), ("i", "want"), ("i", "need"), ("im", "looking")}
)
# Words that ask how to do something: never a request for openings ("any tips for remote").
ADVICE: Final = word_set(
    """tip tips advice advise how why should explain meaning mean difference vs versus
    better worth prepare become learn succeed pros cons advantages disadvantages"""
)
PAY_WORDS: Final = word_set(
    """salary salaries pay paid pays paying earn earns earning earnings compensation comp tc
    wage wages income money unpaid rate rates hourly"""
)
_PAY_NOUNS: Final = word_set("salary salaries pay compensation comp tc wage wages rate rates")
_CHARGE: Final = word_set("charge charges charging bill billing cost costs")
_HOW_MUCH_VERBS: Final = word_set(
    "make makes making get gets paid earn earns pay pays charge charges bill offer offered"
)
_AUXILIARIES: Final = word_set("do does did can could will would should is are am might")
_MORE: Final = word_set("more less extra")
WINDOW: Final = 8
_PAY_AMOUNT: Final = word_set("much average avg median typical range ranges like expect")
_NOT_PAY: Final = word_set(
    """negotiate negotiating negotiation raise raises increase counter counteroffer ask
    asking bump"""
)
_SHARE: Final = word_set("percentage percent share proportion fraction ratio")
_COMMON: Final = word_set("common popular prevalent widespread usual typical normal rare")
_DEMAND: Final = word_set("demand in-demand wanted requested sought")
_SKILL_NOUNS: Final = word_set(
    """skill skills language languages technology technologies tech framework frameworks
    database databases tool tools cloud clouds stack stacks"""
)
_COMPARE: Final = word_set("vs versus difference differences compare compared comparison")
_QUESTION_START: Final = word_set(
    """what whats wat wut how hows why which who whos when where should is are do does can could
    would will am was were isn't aren't don't doesn't explain describe define tell"""
)


@dataclass(frozen=True)
class Signals:
    """What the words of a message show, for routing and for tests."""

    question: bool
    job_noun: bool
    asks_openings: bool
    advice: bool
    counting: bool
    pay: bool
    skills: bool
    compare: bool = False
    marked: bool = False
    """Only a question mark makes it a question ("remote python roles?"): no question word."""
    syntax: bool = False
    """Search syntax: `OR` / `AND` in capitals, a `-word`, or a "quoted phrase"."""


def signals(text: str, query: Query) -> Signals:
    """The routing signals of a message; `query` is what the query parser made of it (its
    filters: a workplace, place, pay floor, type, level or recency)."""
    t = normalize(text)
    words = [QUESTION_TYPOS.get(w, w) for w in raw_tokens(t)[:MAX_WORDS]]
    first = words[0] if words else ""
    pairs = set(pairwise(words))
    present = set(words)
    # Chat puts the story first: "I keep seeing SRE roles, what is that job" asks in its
    # second clause. Each clause's first word counts as a start.
    starts = {first} | _clause_starts(t)
    question = (
        t.rstrip().endswith("?") or bool(starts & _QUESTION_START) or bool(pairs & _ASKING_PAIRS)
    )
    job_noun = bool(present & JOB_NOUNS)
    # "best laptop for programming" asks for a recommendation; "best paying jobs" a search.
    advice = (
        bool(present & ADVICE)
        or ("how", "to") in pairs
        or (first in {"best", "recommended"} and not job_noun)
    )
    filtered = has_filters(query)
    about_postings = job_noun or filtered or bool(present & (_HIRING | {"companies"}))
    wants = (_wants(words) and first not in _QUESTION_START) or bool(present & _HIRING)
    # "got any go jobs" asks; "got an offer for a backend role, what will I do" tells.
    story = first == "got" and len(words) > 1 and words[1] in {"a", "an", "the", "my", "our"}
    asks = (
        bool((starts - {first} if story else starts) & _ASK_STARTS)
        or bool(pairs & _ASK_PAIRS)
        or wants
    ) and (about_postings or len(words) <= 4 or bool(pairs & _FOR_SOMEONE))
    counting = about_postings and (
        _how_many_postings(words)
        or ("number", "of") in pairs
        or bool(present & _SHARE)
        or (question and bool(present & _COMMON) and first in {"is", "are", "how"})
        or (first in {"are", "do"} and len(words) > 1 and words[1] == "most")
    )
    # Pay asked about is pay in the question itself, not in the story around it ("I make
    # decent money as a mid-level dev, how do I get to senior" asks about growth).
    asked = _asked_words(t)
    pay_words = _pay_words(asked)
    asked_present = set(asked)
    asked_pairs = set(pairwise(asked))
    # Beside a pay floor, pay words describe the filter ("remote jobs paying over 150k").
    floor_only = query.min_salary is not None and ("how", "much") not in pairs
    # "is 80k good for a mid-level dev": a sum asked about in a question, not a search.
    sum_asked = (
        query.min_salary is not None
        and question
        and not (job_noun or asks or advice)
        and "401k" not in present  # a pension plan, not a sum
    )
    pay = sum_asked or (
        not (present & _NOT_PAY)
        and not floor_only
        and (
            bool(pay_words and (question or asked_present & _PAY_AMOUNT or len(words) <= 5))
            or _how_much_pay(asked)
            or _make_question(asked)
            or _pay_phrase(asked)
            or (("per", "hour") in asked_pairs and bool(asked_present & _CHARGE))
        )
    )
    skills = bool(present & _DEMAND) or (
        bool(present & _SKILL_NOUNS)
        and (
            (
                bool(present & {"most", "top"})
                and bool(present & (_COMMON | {"used", "asked", "requested", "wanted", "needed"}))
            )
            or any(("top", noun) in pairs for noun in _SKILL_NOUNS)
            or any(  # "top backend languages": one word between
                words[i] == "top" and words[i + 2] in _SKILL_NOUNS for i in range(len(words) - 2)
            )
            or (bool(present & {"employers"}) and bool(present & {"want", "need", "ask"}))
        )
    )
    compare = bool(present & _COMPARE)
    marked = question and not starts & _QUESTION_START
    syntax = bool(_SYNTAX.search(text))
    return Signals(question, job_noun, asks, advice, counting, pay, skills, compare, marked, syntax)


# `python OR java`, `engineer -frontend`, `"site reliability"`: the query language.
_SYNTAX = re.compile(r"\b(?:OR|AND)\b|(?:^|\s)-[^\W\d_]|\"[^\"]+\"")
# After "how many" these count something other than postings ("how many years does it take").
_NOT_POSTINGS: Final = word_set(
    """years year yrs months month weeks week days day hours hour hrs minutes times rounds
    round interviews interview steps languages language people applications"""
)


def _how_many_postings(words: list[str]) -> bool:
    """ "how many remote jobs": a count of postings; "how many years from junior to senior"
    asks how long something takes."""
    return any(
        (a, b) == ("how", "many")
        and (words[i + 2] if i + 2 < len(words) else "") not in _NOT_POSTINGS
        for i, (a, b) in enumerate(pairwise(words))
    )


_CLAUSE_BREAK = re.compile(r"[.!?;:]+ |, | [-–—]+ |\(|\)")


# Pairs that make a question wherever they stand ("my manager is terrible what do i do").
_ASKING_PAIRS: Final = frozenset(
    {("what", "should"), ("should", "i"), ("how", "do"), ("how", "can"), ("how", "should")}
)


def _wants(words: list[str]) -> bool:
    """ "i need a python job" asks for openings; "what next if i want a backend job" states a
    condition of a question."""
    return any(
        pair in _WANT_PAIRS and (i == 0 or words[i - 1] not in {"if", "once", "when"})
        for i, pair in enumerate(pairwise(words))
    )


def _asked_words(text: str) -> list[str]:
    """The words of the clauses that ask, when a message has both a story and a question;
    else all its words."""
    parts = [raw_tokens(part) for part in _CLAUSE_BREAK.split(text[:MAX_CHARS])]
    parts = [part[:MAX_WORDS] for part in parts if part]
    asking = [asks(part) for part in parts]
    if any(asking) and not all(asking):
        return [w for part, a in zip(parts, asking, strict=True) if a for w in part]
    return [w for part in parts for w in part][:MAX_WORDS]


def _pay_words(words: list[str]) -> set[str]:
    """Pay words among these, typos one letter off included ("salery"); "comp sci" is a
    degree and a "rate limiter" is code."""
    found = set(words) & PAY_WORDS
    found |= {w for w in set(words) - found if _typo_of_pay(w)}
    for a, b in pairwise(words):
        if a in found and (
            (a == "comp" and b in {"sci", "science"})
            or (a in {"rate", "rates"} and b.startswith("limit"))
        ):
            found.discard(a)
    return found


_PAY_SPELLED: Final = frozenset(w for w in PAY_WORDS if len(w) >= 5)


def _typo_of_pay(word: str) -> bool:
    """ "salery", "sallary", "compensaton": one edit from a pay word of five letters or more,
    with the same first letter."""
    if len(word) < 5 or not word.isalpha():
        return False
    return any(
        w[0] == word[0] and abs(len(w) - len(word)) <= 1 and distance(w, word) == 1
        for w in _PAY_SPELLED
    )


def _how_much_pay(words: list[str]) -> bool:
    """ "how much do seniors make", "how much does it pay": pay; "how much AWS do I need to
    get hired" asks how much of something else."""
    for i, (a, b) in enumerate(pairwise(words)):
        if (a, b) != ("how", "much"):
            continue
        after = words[i + 2 : i + 2 + WINDOW]
        while after and after[0] in _MORE:
            after = after[1:]  # "how much more do seniors make": still pay
        if not after:
            return False
        if after[0] in PAY_WORDS or after[0] in {"money", "cash"}:
            return True
        if after[0] not in _AUXILIARIES:
            return False  # "how much aws", "how much sql"
        return bool(set(after) & (_HOW_MUCH_VERBS | PAY_WORDS))
    return False


def _clause_starts(text: str) -> set[str]:
    """The first word of every clause after the first (sentence and comma breaks)."""
    starts: set[str] = set()
    for part in _CLAUSE_BREAK.split(text[:MAX_CHARS])[1:]:
        tokens = raw_tokens(part[:40])
        if tokens:
            starts.add(tokens[0])
    return starts


def _pay_phrase(words: list[str]) -> bool:
    """ "salary for mid level backend engineer", "backend engineer salary": a pay noun at
    either end, or followed by for/of/in."""
    if not words:
        return False
    if words[0] in _PAY_NOUNS or words[-1] in _PAY_NOUNS:
        return True
    return any(a in _PAY_NOUNS and b in {"for", "of", "in"} for a, b in pairwise(words))


def _make_question(words: list[str]) -> bool:
    """ "what do senior engineers make", "what does a data engineer make a year"."""
    if len(words) < 3 or words[0] not in {"what", "whats"} or words[1] not in {"do", "does"}:
        return False
    return "make" in words[2:] or "makes" in words[2:]


def route(text: str, query: Query) -> Route:
    """Where a free-text message goes first (the engine falls back from there)."""
    return route_of(signals(text, query))


def route_of(s: Signals) -> Route:
    """Where a message with these signals goes first."""
    if s.counting:
        return "count"
    if s.pay:
        return "salary"
    if s.skills and not s.compare:  # "backend vs full-stack, which is in demand" compares
        return "skills"
    if s.asks_openings and not s.advice:
        return "jobs"
    if s.job_noun and (not s.question or s.marked) and not s.advice:
        return "jobs"  # "remote python roles", "internships?"
    if s.syntax and not s.question and not s.advice:
        return "jobs"  # "java OR kotlin": the query language is a search
    if s.question or s.advice:
        return "faq"
    return "words"
