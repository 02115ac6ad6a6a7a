"""Typo correction against the knowledge's own words."""

from __future__ import annotations

import pytest

from jobbot.search.spelling import Speller

SPELLER = Speller.build(
    ["react", "teaches", "tested", "write", "career", "interview", "database", "degree"]
)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("carrer", "career"), ("intervew", "interview"), ("databse", "database"), ("degre", "degree")],
)
def test_a_typo_inside_a_word_is_corrected(typed: str, meant: str) -> None:
    assert SPELLER.correct(typed) == meant


@pytest.mark.parametrize("word", ["reach", "teacher", "tester", "writer"])
def test_a_real_word_that_only_ends_differently_is_left_alone(word: str) -> None:
    assert SPELLER.correct(word) is None
