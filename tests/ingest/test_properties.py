"""Extractors face whatever text people paste: none of them may raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobbot.ingest import DocumentError, parse_text
from jobbot.ingest.fields import (
    clean_location,
    clean_title,
    date_from_value,
    employment_from_text,
    experience_from_text,
    seniority_from_text,
    url_from_value,
    workplace_from_body,
    workplace_from_text,
)
from jobbot.ingest.salary import find_salaries, salary_from_value
from jobbot.ingest.skills import find_skills

# Text built from the characters postings are made of, so the generator reaches the patterns.
POSTING_ALPHABET = st.sampled_from(
    [
        *"0123456789$€£kK,.-–/+()[]:#*_ \n\t?",
        *["CA$", "USD", "per year", "Remote", "Go", "years", "---", "title: ", "<em>", "&amp;"],
    ]
)
posting_like = st.lists(POSTING_ALPHABET, max_size=80).map("".join)
any_text = st.one_of(st.text(max_size=300), posting_like)


@given(any_text)
@settings(max_examples=300, deadline=None)
def test_field_extractors_never_raise(text: str) -> None:
    find_salaries(text)
    find_salaries(text, require_currency=False)
    salary_from_value(text)
    workplace_from_text(text)
    workplace_from_body(text)
    clean_location(text)
    employment_from_text(text)
    experience_from_text(text)
    seniority_from_text(text)
    clean_title(text)
    date_from_value(text)
    url_from_value(text)
    find_skills(text)


@given(any_text)
@settings(max_examples=200, deadline=None)
def test_whole_documents_parse_or_give_a_reason(text: str) -> None:
    try:
        parsed = parse_text(text, "postings/x.md")
    except DocumentError as exc:
        reason = str(exc)
        assert reason.strip()
        return
    assert parsed.postings or parsed.faq


@given(any_text)
@settings(max_examples=100, deadline=None)
def test_salaries_found_are_ordered_ranges(text: str) -> None:
    for salary in find_salaries(text):
        if salary.min is not None and salary.max is not None:
            assert salary.min <= salary.max
        assert salary.period is not None
