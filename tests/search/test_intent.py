"""Routing by what the text asks: how long something takes is not a count of postings, a
question mark alone does not turn openings into a question, and the query language searches."""

from __future__ import annotations

import pytest

from jobbot.search.intent import route
from jobbot.search.query import parse_query


def where(text: str) -> str:
    return route(text, parse_query(text))


@pytest.mark.parametrize(
    "text",
    [
        "how many years it take from junior to senior usually",
        "how many interviews do senior devs usually go through",
        "how many languages should a backend dev know",
    ],
)
def test_how_many_years_or_rounds_is_not_a_count_of_postings(text: str) -> None:
    assert where(text) == "faq"


@pytest.mark.parametrize(
    "text", ["how many remote jobs are there", "how many senior positions are open"]
)
def test_how_many_openings_is_still_a_count(text: str) -> None:
    assert where(text) == "count"


@pytest.mark.parametrize("text", ["remote python roles?", "internships?", "senior go jobs??"])
def test_openings_with_only_a_question_mark_are_a_search(text: str) -> None:
    assert where(text) == "jobs"


@pytest.mark.parametrize(
    "text", ["java OR kotlin", "engineer -frontend", '"site reliability"', "python AND django"]
)
def test_the_query_language_is_a_search(text: str) -> None:
    assert where(text) == "jobs"


@pytest.mark.parametrize(
    "text",
    ["python or java for backend", "what jobs are there -- any tips?", "back-end vs front-end"],
)
def test_lower_case_or_and_hyphens_in_words_do_not_make_a_search(text: str) -> None:
    assert where(text) != "jobs"


def test_avg_is_a_pay_figure() -> None:
    assert where("avg pay for qa") == "salary"


@pytest.mark.parametrize(
    "text",
    ["best laptop for programming", "best language for game dev", "recommended books for sql"],
)
def test_best_something_for_a_purpose_asks_for_advice(text: str) -> None:
    assert where(text) == "faq"


def test_best_paying_jobs_is_still_about_openings() -> None:
    assert where("best paying remote jobs") != "faq"


def test_a_question_in_the_middle_of_a_message_makes_it_a_question() -> None:
    assert where("my manager is terrible what do i do, how do i handle it") == "faq"


def test_a_condition_is_not_a_request_for_openings() -> None:
    assert where("i finished a python course, what next if i want a backend job") == "faq"
    assert where("i want a backend job in berlin") == "jobs"
