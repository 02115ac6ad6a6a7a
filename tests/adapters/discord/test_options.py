"""Option parsing, autocomplete filtering and button custom_ids: pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.custom_ids import JobsCursor, faq_custom_id
from adapters.discord.options import faq_choices, parse_salary
from jobbot.models import SalaryFloor


@pytest.mark.parametrize(
    ("typed", "amount", "currency"),
    [
        ("150k", 150_000, None),
        ("150K+", 150_000, None),
        ("$150,000", 150_000, "USD"),
        ("120000", 120_000, None),
        ("€90k", 90_000, "EUR"),
        ("85k gbp", 85_000, "GBP"),
        ("1.2m", 1_200_000, None),
        ("150", 150_000, None),
    ],
)
def test_salary_option_reads_what_people_type(
    typed: str, amount: float, currency: str | None
) -> None:
    floor = parse_salary(typed)
    assert (floor.amount, floor.currency, floor.period) == (amount, currency, "YEAR")


@pytest.mark.parametrize("typed", ["lots", "", "k", "$", "150k-200k"])
def test_salary_option_rejects_nonsense_with_a_reason(typed: str) -> None:
    with pytest.raises(ValueError, match="not a salary"):
        parse_salary(typed)


def test_faq_choices_match_every_typed_word_prefix_first_and_cap_at_25() -> None:
    questions = [f"Question {n} about careers?" for n in range(40)]
    questions += ["Careers: where to start?", "How do I negotiate salary?"]
    chosen = faq_choices(questions, "CAREERS")
    assert len(chosen) == 25
    assert chosen[0] == "Careers: where to start?"
    assert faq_choices(questions, "negotiate  salary") == ["How do I negotiate salary?"]
    assert faq_choices(questions, "salary careers") == []
    assert len(faq_choices(questions, "")) == 25


def test_faq_choices_match_aliases_but_show_the_question() -> None:
    entries = [
        ("What is the difference between backend and full-stack?", ["backend vs full-stack"]),
        ("How do I negotiate salary?", []),
    ]
    assert faq_choices(entries, "vs full") == [
        "What is the difference between backend and full-stack?"
    ]


def test_jobs_cursor_round_trips_through_its_custom_id() -> None:
    cursor = JobsCursor(
        text="python backend: apis",
        page=3,
        workplace="hybrid",
        employment_type="CONTRACTOR",
        min_salary=SalaryFloor(amount=150_000, currency="USD"),
        location="Berlin: Mitte",
    )
    custom_id = cursor.custom_id()
    assert custom_id == "jobbot:jobs:3:hc:150000USD:Berlin Mitte:python backend: apis"
    parsed = JobsCursor.parse(custom_id)
    assert parsed == JobsCursor(
        text="python backend: apis",
        page=3,
        workplace="hybrid",
        employment_type="CONTRACTOR",
        min_salary=SalaryFloor(amount=150_000, currency="USD"),
        location="Berlin Mitte",
    )
    assert not JobsCursor(text="python").is_shortened()


@given(text=st.text(max_size=2000), location=st.text(max_size=300), page=st.integers(1, 10**6))
def test_any_query_fits_a_custom_id_and_parses_back(text: str, location: str, page: int) -> None:
    cursor = JobsCursor(text=text, location=location or None, page=page)
    custom_id = cursor.custom_id()
    assert len(custom_id) <= 100
    parsed = JobsCursor.parse(custom_id)
    assert parsed is not None
    assert " ".join(text.split()).startswith(parsed.text)


def test_long_query_is_cut_at_a_word_and_flagged() -> None:
    cursor = JobsCursor(text="senior python backend engineer " * 10)
    parsed = JobsCursor.parse(cursor.custom_id())
    assert parsed is not None
    assert cursor.is_shortened()
    assert parsed.text.endswith(("senior", "python", "backend", "engineer"))


def test_faq_custom_id_fits() -> None:
    assert len(faq_custom_id("why? " * 100)) <= 100
    assert faq_custom_id("How do I negotiate?") == "jobbot:faq:How do I negotiate?"
