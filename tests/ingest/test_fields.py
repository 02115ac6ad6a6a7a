"""Single-field extractors: workplace, location, employment type, experience, seniority,
titles, dates and links."""

from __future__ import annotations

from datetime import date

import pytest

from jobbot.ingest.fields import (
    clean_location,
    clean_title,
    date_from_value,
    employment_from_body,
    employment_from_text,
    experience_from_text,
    seniority_from_text,
    url_from_value,
    workplace_from_body,
    workplace_from_text,
    workplace_from_value,
)
from jobbot.models import YearsRange


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Remote", ["remote"]),
        ("Berlin or Remote", ["remote"]),
        ("San Francisco, CA (Hybrid) or Remote", ["hybrid", "remote"]),
        ("Austin, TX (On-site)", ["onsite"]),
        ("Remote — anywhere in Europe", ["remote"]),
        ("London, onsite", ["onsite"]),
        ("London (2 days in office)", ["hybrid"]),
        ("London, 3 days a week in the office", ["hybrid"]),
        ("Toronto", []),
    ],
)
def test_workplace_from_location(text: str, expected: list[str]) -> None:
    assert workplace_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We offer remote work flexibility and a stipend.", []),
        ("Benefits: home office budget, remote work flexibility", []),
        ("This is a fully remote role.", ["remote"]),
        ("We are a remote-first company.", ["remote"]),
        ("The position is hybrid, three days in the office.", ["hybrid"]),
        ("This is an on-site position in Austin.", ["onsite"]),
    ],
)
def test_workplace_from_running_text(text: str, expected: list[str]) -> None:
    assert workplace_from_body(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, ["remote"]),
        (False, []),
        (["Hybrid", "remote"], ["hybrid", "remote"]),
        ("TELECOMMUTE", ["remote"]),  # schema.org jobLocationType
    ],
)
def test_workplace_from_front_matter(value: object, expected: list[str]) -> None:
    assert workplace_from_value(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("San Francisco, CA (Hybrid) or Remote", "San Francisco, CA"),
        ("[Your City, Your State/Country] or Remote", None),
        ("Austin, TX (On-site)", "Austin, TX"),
        ("Remote — anywhere in Europe", "Anywhere in Europe"),
        ("Remote", None),
        ("Berlin, Germany", "Berlin, Germany"),
        ("<b>Lisbon</b>", "Lisbon"),
        ("Remote (US)", "US"),
        ("On-site in Austin, TX", "Austin, TX"),
        ("Remote-friendly (Berlin)", "Berlin"),
        ("London (2 days in office)", "London"),
        ("New York, NY / Remote", "New York, NY"),
        ("Remote (US time zones)", "US time zones"),
    ],
)
def test_clean_location(text: str, expected: str | None) -> None:
    assert clean_location(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Full Time", ["FULL_TIME"]),
        ("Full-time", ["FULL_TIME"]),
        ("full time", ["FULL_TIME"]),
        ("Contract", ["CONTRACTOR"]),
        ("Permanent, full time", ["FULL_TIME"]),
        ("Part-time", ["PART_TIME"]),
        ("Internship", ["INTERN"]),
        ("Freelance", ["CONTRACTOR"]),
        ("Temporary", ["TEMPORARY"]),
        ("Full-time or Contract", ["FULL_TIME", "CONTRACTOR"]),
        ("PER_DIEM", ["PER_DIEM"]),
        ("Competitive", []),
    ],
)
def test_employment_type(text: str, expected: list[str]) -> None:
    assert employment_from_text(text) == expected


def test_employment_type_in_running_text_needs_a_statement() -> None:
    assert employment_from_body("This is a full-time position based in Oslo.") == ["FULL_TIME"]
    assert employment_from_body("We review contract terms with legal.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3-5 years of backend experience", YearsRange(min=3, max=5)),
        ("Minimum of 3-5 years of backend development experience", YearsRange(min=3, max=5)),
        ("4+ years of backend development experience", YearsRange(min=4, max=None)),
        ("Mid to Senior (4-8 years)", YearsRange(min=4, max=8)),
        ("at least 2 years in production", YearsRange(min=2, max=None)),
        ("5 years or more", YearsRange(min=5, max=None)),
        ("two years of professional experience", YearsRange(min=2, max=2)),
        ("Founded 12 years ago", None),
        ("No experience needed", None),
    ],
)
def test_experience(text: str, expected: YearsRange | None) -> None:
    assert experience_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senior Backend Engineer", "senior"),
        ("Sr. Python Developer", "senior"),
        ("Junior Data Engineer", "junior"),
        ("Staff Engineer, Platform", "staff"),
        ("Lead Backend Engineer", "lead"),
        ("Principal Engineer", "principal"),
        ("Backend Engineering Intern", "intern"),
        ("Mid to Senior (4-8 years)", "mid"),
        ("Backend Engineer", None),
    ],
)
def test_seniority(text: str, expected: str | None) -> None:
    assert seniority_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Backend Software <em>Engineer</em>", "Backend Software Engineer"),
        ("Software Engineer - Backend Job Description Template", "Software Engineer - Backend"),
        ("Backend Engineer (f/m/x)", "Backend Engineer"),
        ("Platform Engineer (m/w/d)", "Platform Engineer"),
        ("**Data Engineer**", "Data Engineer"),
        ("Site Reliability Engineer", "Site Reliability Engineer"),
    ],
)
def test_clean_title(text: str, expected: str) -> None:
    assert clean_title(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-04T05:00:00Z", date(2024, 4, 4)),
        ("April 4, 2024", date(2024, 4, 4)),
        ("4 April 2024", date(2024, 4, 4)),
        ("March 3rd, 2025", date(2025, 3, 3)),
        (date(2025, 1, 2), date(2025, 1, 2)),
        ("yesterday", None),
        ("2024-13-45", None),
    ],
)
def test_dates(value: object, expected: date | None) -> None:
    assert date_from_value(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://jobs.example.com/backend-42", "https://jobs.example.com/backend-42"),
        ("Apply at <https://example.org/apply>.", "https://example.org/apply"),
        ("/contacto", None),
        ("mailto:jobs@example.com", None),
    ],
)
def test_urls_must_be_absolute_http(value: str, expected: str | None) -> None:
    assert url_from_value(value) == expected
