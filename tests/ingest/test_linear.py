"""Every ingestion extractor is linear: pathological 10,000-character inputs finish fast.

A run of 300 spaces once took an extractor 20 s (two adjacent `\\s*`), a page of `1k€` took
minutes (the text before every figure searched again). The inputs here are what breaks
backtracking patterns: runs of whitespace of every Unicode class, zero-width and bidi marks,
digits, `$`, `k`, `-`, brackets, and phrases repeated to 10k characters. Each extractor runs
them all in a child process with a deadline (so a hang fails instead of stalling the suite)
and no single call may take more than `BOUND` seconds; linear code takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobbot.ingest import DocumentError, parse_text
from jobbot.ingest.company import company_from_text
from jobbot.ingest.document import clean_inline, labelled_values, parse_document, strip_html
from jobbot.ingest.faq import qa_pairs
from jobbot.ingest.fields import (
    clean_location,
    clean_title,
    date_from_value,
    employment_from_body,
    employment_from_text,
    experience_from_text,
    is_placeholder,
    seniority_from_text,
    url_from_value,
    workplace_from_body,
    workplace_from_text,
)
from jobbot.ingest.header import header_hints
from jobbot.ingest.html import html_to_text
from jobbot.ingest.jsonld import jobpostings_in_html
from jobbot.ingest.records import dict_cell
from jobbot.ingest.salary import find_salaries, salary_from_value
from jobbot.ingest.skills import canonical_skill, find_skills
from jobbot.ingest.tabular import looks_tabular
from jobbot.ingest.text import escape_name, normalize_text
from jobbot.ingest.visa import visa_from_text
from tests.ingest.bounded import within

SIZE = 10_000
BOUND = 0.5  # seconds for one call on 10k characters; the slowest linear one takes ~0.1
DEADLINE = 60  # for one extractor over every input

WHITESPACE = [
    " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2000",
    "\u2003", "\u2007", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
]  # fmt: skip
INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a",
    "\u202e", "\u2066", "\u2069", "\u061c",
]  # fmt: skip
PIECES = [
    "1", "1 ", "1,", "1.", "$1", "$", "k", "-", "1k€ ", "$1-", "$1k-$", "1 000 ", "1-", "(1",
    "[", "(", "]", "[]", "{", "<", "<a ", "<!--", "&#x", "**", "__", "*a", "#", "|", ":", "- ",
    "|a|b|\n", "\n-\n", "a: ", "**a**:", "Remote ", "remote (", "not remote ", "3 days ",
    "years ", "5-8+ years ", "2+ years of ", "at least ", "salary: ", "full time ",
    "permanent ", "visa sponsorship ", "no sponsorship ", "About ", "Here at ", "Acme is a ",
    "join Acme ", "Company | Role | ", "Go ", "k8s ", "node js ", "US$52/hour to ", "1/hour ",
    "per ", "http://a", "💰 ", "'a': '", "{'a': 1, ", "Q: x?\n", "? ", "```",
]  # fmt: skip


def _fill(piece: str) -> str:
    return (piece * (SIZE // len(piece) + 1))[:SIZE]


def pathological() -> list[tuple[str, str]]:
    """(name, 10k-character text) for every class of trouble."""
    cases = []
    for char in WHITESPACE + INVISIBLE:
        cases.append((f"$1, a run of {char!r}, k", f"$1{char * (SIZE - 4)}k "))
    for char in WHITESPACE[:4]:
        cases.append((f"a label, a run of {char!r}, a value", f"Salary:{char * (SIZE - 10)}1k"))
    cases.extend((f"{piece!r} repeated", _fill(piece)) for piece in PIECES)
    return cases


def _document(source: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            return parse_text(text, source)
        except DocumentError:
            return None

    parse.__name__ = f"parse_text[{source}]"
    return parse


def _quiet(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    def call(text: str) -> Any:
        try:
            return fn(text)
        except DocumentError:
            return None

    call.__name__ = fn.__name__
    return call


EXTRACTORS: list[Callable[[str], Any]] = [
    find_salaries,
    lambda text: find_salaries(text, require_currency=False),
    salary_from_value,
    workplace_from_text,
    workplace_from_body,
    clean_location,
    employment_from_text,
    employment_from_body,
    experience_from_text,
    seniority_from_text,
    clean_title,
    date_from_value,
    url_from_value,
    is_placeholder,
    find_skills,
    canonical_skill,
    clean_inline,
    strip_html,
    lambda text: labelled_values(text.split("\n")),
    lambda text: qa_pairs(text.split("\n")),
    _quiet(parse_document),
    company_from_text,
    visa_from_text,
    header_hints,
    _quiet(html_to_text),
    _quiet(jobpostings_in_html),
    dict_cell,
    looks_tabular,
    normalize_text,
    escape_name,
    _document("job.md"),
    _document("job.txt"),
    _document("job.html"),
    _document("job.json"),
    _document("job.csv"),
]
NAMES = [getattr(fn, "__name__", "?") for fn in EXTRACTORS]
NAMES[1] = "find_salaries[no currency]"
NAMES[18], NAMES[19] = "labelled_values", "qa_pairs"


def slowest(fn: Callable[[str], Any], cases: list[tuple[str, str]]) -> tuple[float, str]:
    """The longest one call took, and on which input."""
    import time

    worst = (0.0, "")
    for name, text in cases:
        started = time.perf_counter()
        fn(text)
        worst = max(worst, (time.perf_counter() - started, name))
    return worst


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=NAMES)
def test_every_extractor_is_fast_on_pathological_input(extractor: Callable[[str], Any]) -> None:
    (took, case), _ = within(DEADLINE, slowest, extractor, pathological())
    assert took < BOUND, f"{took:.2f} s on {case}"


MIXED = st.lists(st.sampled_from(WHITESPACE + INVISIBLE + PIECES), min_size=1, max_size=40).map(
    lambda parts: _fill("".join(parts))
)


@given(MIXED)
@settings(max_examples=12, deadline=None)
def test_mixtures_of_the_pieces_are_fast_for_every_extractor(text: str) -> None:
    (took, case), _ = within(DEADLINE, slowest_of_all, text)
    assert took < BOUND, f"{took:.2f} s in {case}"


def slowest_of_all(text: str) -> tuple[float, str]:
    return max(
        (slowest(fn, [(name, text)])[0], name) for fn, name in zip(EXTRACTORS, NAMES, strict=True)
    )
