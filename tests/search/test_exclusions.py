"""Leaving postings out of one person's results: negative words (`-frontend`) in any query,
and a member's Not interested postings and companies (`Request.hidden`)."""

from __future__ import annotations

import pytest

from jobbot.engine import Engine
from jobbot.models import Hidden, Request, company_key
from jobbot.search.query import parse_query
from tests.support.search_corpus import TODAY, corpus


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(corpus(), today=lambda: TODAY)


@pytest.mark.parametrize(
    ("text", "keywords", "excluded"),
    [
        ("python -django", ["python"], ["django"]),
        ("backend -front-end -PHP", ["backend"], ["frontend", "php"]),
        ("c++ -c#", ["c++"], ["c#"]),
        ("python - go", ["python", "go"], []),  # a lone dash excludes nothing
        ("full-stack", ["fullstack"], []),  # an inner hyphen is part of the word
        ("-senior", [], ["senior"]),
    ],
)
def test_negative_words_are_taken_out_of_the_query(
    text: str, keywords: list[str], excluded: list[str]
) -> None:
    query = parse_query(text)
    assert query.keywords == keywords
    assert query.excluded == excluded


def test_the_reply_says_what_was_left_out(engine: Engine) -> None:
    text = engine.ask(Request(text="python -django -flask", command="jobs")).text
    assert "python · without django, flask" in text


def test_a_salary_range_is_not_a_negative_word() -> None:
    assert parse_query("python 100k-150k").excluded == []


def titles(engine: Engine, request: Request) -> list[str]:
    return [hit.title for hit in engine.ask(request).jobs]


def test_a_negative_word_hides_postings_whose_title_or_skills_say_it(engine: Engine) -> None:
    everything = titles(engine, Request(text="python", command="jobs", page_size=25))
    assert "Junior Python Developer" in everything  # skills: Python, Django
    without = titles(engine, Request(text="python -django", command="jobs", page_size=25))
    assert "Junior Python Developer" not in without
    assert set(without) == set(everything) - {"Junior Python Developer"}


def test_hidden_postings_and_companies_leave_only_that_members_results(engine: Engine) -> None:
    answer = engine.ask(Request(text="python", command="jobs", page_size=25))
    first, second = answer.jobs[0], answer.jobs[1]
    hidden = Hidden(postings=[first.id], companies=[company_key(second.company or "")])
    mine = engine.ask(Request(text="python", command="jobs", page_size=25, hidden=hidden))
    assert first.id not in [j.id for j in mine.jobs]
    assert second.company not in [j.company for j in mine.jobs]
    assert mine.total == answer.total - 2
    assert engine.ask(Request(text="python", command="jobs", page_size=25)).total == answer.total


def test_an_unknown_hidden_id_changes_nothing(engine: Engine) -> None:
    hidden = Hidden(postings=["no-such-posting"], companies=["nobody at all"])
    plain = engine.ask(Request(text="golang", command="jobs"))
    assert engine.ask(Request(text="golang", command="jobs", hidden=hidden)).total == plain.total


def test_a_posting_is_found_by_its_id(engine: Engine) -> None:
    hit = engine.ask(Request(text="golang", command="jobs")).jobs[0]
    found = engine.posting(hit.id)
    assert found is not None
    assert found.title == hit.title
    assert engine.posting("no-such-posting") is None
