"""The query parser: every filter form, and that no text can make it raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobbot.models import QueryFilters, SalaryFloor
from jobbot.search.places import Gazetteer, place_keys
from jobbot.search.query import merge_filters, parse_query


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("python remote", ["remote"]),
        ("wfh python", ["remote"]),
        ("hybrid", ["hybrid"]),
        ("onsite", ["onsite"]),
        ("on-site", ["onsite"]),
        ("on site", ["onsite"]),
        ("in office", ["onsite"]),
        ("remote or hybrid", ["remote", "hybrid"]),
    ],
)
def test_workplace(text: str, workplace: list[str]) -> None:
    query = parse_query(text)
    assert query.workplace == workplace
    assert not {"remote", "hybrid", "onsite", "office"} & set(query.keywords)


@pytest.mark.parametrize(
    ("text", "amount", "currency", "period"),
    [
        ("150k+", 150_000, None, "YEAR"),
        (">150k", 150_000, None, "YEAR"),
        ("over $150k", 150_000, "USD", "YEAR"),
        ("at least 150,000", 150_000, None, "YEAR"),
        ("min 120k", 120_000, None, "YEAR"),
        ("€65k+ backend", 65_000, "EUR", "YEAR"),
        ("contract $60/hour+", 60, "USD", "HOUR"),
        ("at least £40 per hour", 40, "GBP", "HOUR"),
    ],
)
def test_salary_floor(text: str, amount: float, currency: str | None, period: str) -> None:
    assert parse_query(text).min_salary == SalaryFloor(
        amount=amount,
        currency=currency,
        period=period,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("text", ["under 100k", "below $90,000", "max 120k", "up to £50k"])
def test_a_pay_ceiling_is_not_a_floor(text: str) -> None:
    query = parse_query(f"python {text}")
    assert query.min_salary is None
    assert query.keywords == ["python"]


@pytest.mark.parametrize("text", ["python 3", "3+ years", "c++ 20", "last 30 days", "top 10"])
def test_numbers_that_are_not_pay(text: str) -> None:
    assert parse_query(text).min_salary is None


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("contract", ["CONTRACTOR"]),
        ("full-time", ["FULL_TIME"]),
        ("full time", ["FULL_TIME"]),
        ("part-time", ["PART_TIME"]),
        ("internship", ["INTERN"]),
    ],
)
def test_employment_type(text: str, kinds: list[str]) -> None:
    assert parse_query(text + " python").employment_type == kinds


@pytest.mark.parametrize("level", ["junior", "mid", "senior", "staff", "lead"])
def test_seniority(level: str) -> None:
    query = parse_query(f"{level} go developer")
    assert query.seniority == [level]
    assert query.keywords == ["go", "developer"]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("new python jobs", 7),
        ("this week", 7),
        ("last 30 days", 30),
        ("posted in the past 2 weeks", 14),
        ("today", 1),
    ],
)
def test_recency(text: str, days: int) -> None:
    assert parse_query(text).posted_within_days == days


@pytest.mark.parametrize(
    ("text", "days", "keywords"),
    [
        ("new jobs this week", 7, []),
        ("latest python jobs posted in the last 30 days", 30, ["python"]),
        ("recent remote roles from the past 2 weeks", 14, []),
    ],
)
def test_every_recency_word_is_taken_out_and_the_explicit_window_wins(
    text: str, days: int, keywords: list[str]
) -> None:
    query = parse_query(text)
    assert query.posted_within_days == days
    assert query.keywords == keywords


def test_new_york_is_a_place_not_recency() -> None:
    query = parse_query("python new york")
    assert query.posted_within_days is None
    assert query.locations == ["new york"]


def test_locations_from_postings_and_regions() -> None:
    gazetteer = Gazetteer.build([place_keys("Lagos, Nigeria")])
    assert parse_query("python lagos", gazetteer).locations == ["lagos"]
    assert parse_query("berlin", gazetteer).locations == ["berlin"]
    assert parse_query("san francisco ml", gazetteer).locations == ["san francisco"]
    assert parse_query("europe", gazetteer).locations == ["europe"]
    assert parse_query("jobs in the us", gazetteer).locations == ["us"]
    assert parse_query("Austin TX", gazetteer).locations == ["austin", "texas"]


def test_lowercase_state_codes_are_words_not_places() -> None:
    # "in", "or", "me" are also US state codes; lowercase they are just words.
    assert parse_query("show me jobs in or near berlin").locations == ["berlin"]


def test_place_keys_include_enclosing_regions() -> None:
    assert {"berlin", "germany", "europe"} <= place_keys("Berlin, Germany")
    assert {"austin", "texas", "us"} <= place_keys("Austin, TX (On-site)")
    assert "europe" in place_keys("Remote — anywhere in Europe")
    assert "remote" not in place_keys("Remote — anywhere in Europe")


def test_all_filters_together_leave_only_keywords() -> None:
    query = parse_query("senior remote python contract 150k+ berlin this week")
    assert query.keywords == ["python"]
    assert query.seniority == ["senior"]
    assert query.workplace == ["remote"]
    assert query.employment_type == ["CONTRACTOR"]
    assert query.locations == ["berlin"]
    assert query.min_salary is not None
    assert query.posted_within_days == 7


def test_platform_options_override_text_filters() -> None:
    query = parse_query("remote python")
    merged = merge_filters(
        query, QueryFilters(workplace=["hybrid"], location="London", seniority=["senior"])
    )
    assert merged.workplace == ["hybrid"]
    assert merged.locations == ["london"]
    assert merged.seniority == ["senior"]
    assert merged.keywords == ["python"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises_on_any_text(text: str) -> None:
    query = parse_query(text)
    assert len(query.keywords) <= 64


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["remote", "150k+", "$", "k", "+", ">", "at least", "last", "30", "days", "new",
             "york", "c#", "node.js", "🚀", "\u200f", "\x00", "senior", "in", "office", ",", "."]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_parser_never_raises_on_filter_fragments(words: list[str]) -> None:
    parse_query(" ".join(words))


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("fe jobs in austin", ["frontend"]),
        ("fs positions", ["fullstack"]),
        ("be roles remote", ["backend"]),
        ("senior be dev", ["backend", "developer"]),
        ("jobs that can be remote", []),  # "can be": the verb
        ("i want to be a dev", ["developer"]),
    ],
)
def test_stack_shorthand_beside_a_role_is_the_side_it_names(text: str, keywords: list[str]) -> None:
    assert parse_query(text).keywords == keywords


def test_fe_or_be_needs_one_of_the_two_sides() -> None:
    assert parse_query("fe or be roles").any_of == [["frontend", "backend"]]


def test_the_askers_own_visa_is_not_a_sponsorship_filter() -> None:
    query = parse_query("my visa only lets me work in the uk, anything backend in london")
    assert not query.visa_sponsorship
    assert query.keywords == ["backend"]
    assert set(query.locations) == {"uk", "london"}
    assert parse_query("backend jobs with visa sponsorship").visa_sponsorship


@pytest.mark.parametrize(
    "text", ["5 yrs python", "python, 3 years of experience", "python 5yrs", "4+ years python"]
)
def test_years_of_experience_are_not_search_words(text: str) -> None:
    assert parse_query(text).keywords == ["python"]


def test_a_new_role_is_a_change_of_job_not_recency() -> None:
    query = parse_query("looking for a new role in python")
    assert query.posted_within_days is None
    assert query.keywords == ["python"]
    assert parse_query("new python jobs").posted_within_days == 7


@pytest.mark.parametrize(
    "text", ["jobs for new grads", "any entry level stuff for new grads", "recent graduate roles"]
)
def test_a_new_graduate_is_a_junior_level_not_a_recent_posting(text: str) -> None:
    query = parse_query(text)
    assert query.seniority == ["junior"]
    assert query.posted_within_days is None
    assert query.keywords == []


def test_fe_is_the_frontend_wherever_it_stands_beside_jobs() -> None:
    assert parse_query("are there fe jobs that are remote").keywords == ["frontend"]
    assert parse_query("there be dragons").keywords != ["backend"]  # "be" stays the verb


@pytest.mark.parametrize(
    ("text", "keywords"),
    [("jobs using kafka", ["kafka"]), ("looking for something in go, remote is a must", ["go"])],
)
def test_words_that_only_frame_a_search_are_not_required(text: str, keywords: list[str]) -> None:
    assert parse_query(text).keywords == keywords
