"""No message can freeze the bot: every text path is bounded in time by the input's size.

A run of 200 spaces once kept `Engine.ask` busy for 7 s (the salary pattern backtracked), and
tabs, non-breaking or ideographic spaces and zero-width marks did the same. These tests time
pathological 10k-character messages through the whole engine, on every route, and fail
above a small bound; the text is cleaned once at the edge (NFKC, invisible characters
dropped, whitespace runs collapsed).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbot.engine import Engine
from jobbot.models import Request
from jobbot.search.clean import clean, only_invisible
from jobbot.search.query import parse_query
from jobbot.sources import directories
from tests.support.paths import ROOT

BOUND = 0.5
"""CPU seconds one 10k-character message may take, on any route (today's code: ~20 ms).
CPU time, not the wall clock: a quadratic path still shows (300 spaces once took 20 s), a
machine busy with other jobs does not."""
SIZE = 10_000
WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\u00ad\ufeff"
PIECES = [
    *WHITESPACE,
    *INVISIBLE,
    *"0123456789$€£k-+/,.()[]{}<>\"'#",
    "150k",
    "$150,000",
    " over ",
    " under ",
    " per hour ",
    " last 30 days ",
    " remote ",
    " python ",
    " or ",
    " OR ",
    " not ",
    " -java ",
    " what does a backend engineer do ",
    " how many ",
    " how much ",
    " which languages ",
    " salary ",
    " full stack ",
    " new york ",
    " TX ",
    "\u0301",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_source(directories([Path(ROOT) / "knowledge"]))


def timed(engine: Engine, text: str, command: str | None) -> float:
    start = time.process_time()
    answer = engine.ask(Request(text=text, command=command))  # type: ignore[arg-type]
    elapsed = time.process_time() - start
    assert answer.text
    assert "could not answer" not in answer.text
    return elapsed


PATHOLOGICAL = {
    "a run of spaces between words": "python" + " " * (SIZE - 12) + "remote",
    "every kind of whitespace": ("python" + WHITESPACE * 400)[:SIZE],
    "zero-width and bidi marks": "py" + (INVISIBLE * SIZE)[: SIZE - 2],
    "digits": "9" * SIZE,
    "money signs": "$" * SIZE,
    "k": "k" * SIZE,
    "pay floors": "over $150k+ " * (SIZE // 12),
    "dashes": "-" * SIZE,
    "negated words": "-a " * (SIZE // 3),
    "brackets": "([{<" * (SIZE // 4),
    "quotes": '"' * SIZE,
    "quoted phrases": '"a b" ' * (SIZE // 6),
    "or chains": "python or " * (SIZE // 10),
    "a repeated question": "what does a backend engineer do " * (SIZE // 32),
    "repeated salary words": "salary " * (SIZE // 7),
    "repeated skills questions": "which languages " * (SIZE // 16),
    "combining marks": "a" + "\u0301\u0316" * (SIZE // 2 - 1),
    "control characters": "".join(chr(i) for i in range(32)) * (SIZE // 32),
}


@pytest.mark.parametrize("command", [None, "jobs", "faq"])
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_messages_are_answered_quickly(
    engine: Engine, name: str, command: str | None
) -> None:
    assert timed(engine, PATHOLOGICAL[name], command) < BOUND, name


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    st.sampled_from([None, "jobs", "faq"]),
)
def test_any_mix_of_hostile_pieces_at_10k_characters_is_quick(
    engine: Engine, pieces: list[str], command: str | None
) -> None:
    unit = "".join(pieces)
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    assert timed(engine, text, command) < BOUND


def test_cleaning_collapses_every_whitespace_and_drops_invisible_marks() -> None:
    assert clean(f"py\u200bthon{WHITESPACE}\u202eremote\ufeff") == "python remote"
    assert clean("\x00\x07python\x1b[31m remote") == "python [31m remote"
    assert (
        clean("ｐｙｔｈｏｎ　ｒｅｍｏｔｅ") == "python remote"
    )  # full-width letters, ideographic space
    assert clean(clean("a\u00a0\u00a0b")) == clean("a\u00a0\u00a0b") == "a b"


def test_the_parser_sees_one_space_however_the_words_are_separated() -> None:
    plain = parse_query("python remote 150k+")
    for gap in (" " * 500, "\t\n" * 200, "\u00a0" * 300, "\u3000" * 300, "\u200b \u200b" * 200):
        odd = parse_query(f"python{gap}remote{gap}150k+")
        assert (odd.keywords, odd.workplace, odd.min_salary) == (
            plain.keywords,
            plain.workplace,
            plain.min_salary,
        )


@pytest.mark.parametrize("text", ["\x00\x01\x02", "\u200b\u200b", "\x1b\x07\u202e\ufeff"])
@pytest.mark.parametrize("command", [None, "jobs"])
def test_text_made_only_of_invisible_characters_shows_help(
    engine: Engine, text: str, command: str | None
) -> None:
    assert only_invisible(text)
    answer = engine.ask(Request(text=text, command=command))  # type: ignore[arg-type]
    assert answer.intent == "help"
    assert answer.jobs == []


def test_a_request_over_its_time_budget_gets_an_apology_not_a_hang() -> None:
    ticks = iter(range(0, 10_000, 5))  # every look at the clock is 5 seconds later
    corpus = directories([Path(ROOT) / "knowledge"]).load()
    slow = Engine(corpus, timer=lambda: float(next(ticks)), budget=2.0)
    answer = slow.ask("python remote jobs")
    assert answer.intent == "unknown"
    assert "too long" in answer.text
    assert answer.jobs == []
