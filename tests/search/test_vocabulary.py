"""The career vocabulary's reading of chat: shorthand, clauses, and who a question is about."""

from __future__ import annotations

import pytest

from jobbot.search.analyzer import raw_tokens
from jobbot.search.vocabulary import asks, clauses, expand, frames, subjects


def read(text: str) -> list[str]:
    return expand(raw_tokens(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fe vs be", ["frontend", "vs", "backend"]),
        ("should i go fs or be", ["should", "i", "go", "fullstack", "or", "backend"]),
        ("be dev salary", ["backend", "dev", "salary"]),
        ("i want to be a dev", ["i", "want", "to", "be", "a", "dev"]),  # the verb stays
        ("after 6 yoe", ["after", "years"]),  # numbers say nothing here
        ("ic or em", ["ic", "or", "engineering", "manager"]),
        ("stay on the technical track", ["stay", "on", "the", "ic", "track"]),
        ("on-call and on call", ["oncall", "and", "oncall"]),
        ("service level objectives (SLOs)", ["slo", "slo"]),
        ("a scrum master", ["a", "scrum", "master"]),  # not a master's degree
        ("do i need a master's", ["do", "i", "need", "a", "masters", "s"]),
        ("waht is devops", ["what", "is", "devops"]),
        ("is 90k good", ["is", "salary", "good"]),  # a sum of money is about pay
        ("whats a 401k", ["whats", "a"]),  # a pension plan is not pay
        ("diff between fe and be", ["difference", "between", "frontend", "and", "backend"]),
    ],
)
def test_shorthand_is_spelled_out(text: str, expected: list[str]) -> None:
    assert read(text) == expected


def test_the_question_is_told_from_the_story_around_it() -> None:
    parts = clauses("I have a final round on Friday and I'm freaking out, how do I prepare?")
    assert [asks(part) for part in parts] == [False, True]
    assert parts[1] == ["how", "do", "i", "prepare"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("what does a data engineer do", ["data"]),
        ("how much do frontend devs make", ["frontend"]),
        ("what does a product manager do", ["product"]),
        ("what does a senior software engineer do", []),  # how senior, not which kind
        ("how do i become a developer", []),
        ("is a phd worth it for ml roles", ["ml"]),
        ("do i need a degree for python jobs", []),  # a skill, not a kind of worker
    ],
)
def test_the_kind_of_worker_asked_about(text: str, kinds: list[str]) -> None:
    assert subjects(read(text)) == kinds


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("what do backend engineers work on", "~duties"),
        ("wtf does a backend engineer even do", "~duties"),
        ("what will i actually be doing there", "~duties"),
        ("what does a typical week look like", "~duties"),
        ("how do i get to senior", "~growth"),
        ("how do i get into backend", "~become"),
    ],
)
def test_word_order_says_what_is_asked(text: str, frame: str) -> None:
    assert frame in frames(read(text))


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("explain what a backend engineer does pls", "~duties"),
        ("what is backend engineers job", "~duties"),
        ("how long to reach senior", "~growth"),
        ("can i make it to staff in five years", "~growth"),
        ("How I can start career in backend", "~become"),
        ("how much more do seniors make", "~pay"),
    ],
)
def test_more_word_orders_say_what_is_asked(text: str, frame: str) -> None:
    assert frame in frames(read(text))


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("jobs paying more than 150k", "~compare"),  # a sum, not a choice
        ("can i get a developer job without a degree", "~duties"),  # being hired, not duties
        ("what do i need to do", "~duties"),  # about the asker
    ],
)
def test_word_orders_that_do_not_ask_it(text: str, frame: str) -> None:
    assert frame not in frames(read(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how would i go about it", ["how", "would", "i", "about", "it"]),  # the verb
        ("full stack goes deeper", ["fullstack", "deeper"]),
        ("is go worth learning", ["is", "go", "worth", "learning"]),  # the language
        ("a cache in front of my api", ["a", "cache", "my", "api"]),  # not the frontend
        ("career changer here", ["career", "change", "here"]),
    ],
)
def test_words_that_look_like_topics_but_are_not(text: str, expected: list[str]) -> None:
    assert read(text) == expected


def test_a_short_choice_is_the_question_wherever_it_stands() -> None:
    parts = clauses("backend or full-stack - which path?")
    assert [asks(part) for part in parts] == [True, True]


@pytest.mark.parametrize(
    "text",
    [
        "what is expected of a junior backend dev",
        "whats expected from a backend engineer in a team",
        "what do u do as a backend engineer",
        "what do you do as backend engineer besides writing apis",
    ],
)
def test_what_is_expected_of_a_role_asks_about_its_duties(text: str) -> None:
    assert "~duties" in frames(read(text))


@pytest.mark.parametrize(
    "text", ["what do i need to do to get hired", "how much cloud do employers expect"]
)
def test_what_the_asker_must_do_is_not_a_roles_duties(text: str) -> None:
    assert "~duties" not in frames(read(text))


@pytest.mark.parametrize("text", ["front or back end", "front and back-end", "front vs back end"])
def test_front_said_once_before_back_end_is_the_frontend(text: str) -> None:
    assert read(text)[0] == "frontend"
    assert read(text)[-1] == "backend"


def test_v_between_two_sides_compares_them() -> None:
    assert "~compare" in frames(read("frontend v backend"))
    assert "~compare" not in frames(read("v8 engine"))
