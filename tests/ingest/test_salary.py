"""Pay ranges in the forms postings use."""

from __future__ import annotations

import pytest

from jobbot.ingest.salary import find_salaries, parse_salary, salary_from_value
from jobbot.models import Salary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$35k - $65k", Salary(min=35000, max=65000, currency="USD", period="YEAR")),
        (
            "$130,000 - $190,000 + equity",
            Salary(min=130000, max=190000, currency="USD", period="YEAR"),
        ),
        ("$50k - $150k /year", Salary(min=50000, max=150000, currency="USD", period="YEAR")),
        ("€65,000 – €80,000 per year", Salary(min=65000, max=80000, currency="EUR", period="YEAR")),
        (
            "£35,000 - £42,000 per annum",
            Salary(min=35000, max=42000, currency="GBP", period="YEAR"),
        ),
        ("$70–$90/hour", Salary(min=70, max=90, currency="USD", period="HOUR")),
        (
            "CA$110,000 - CA$135,000",
            Salary(min=110000, max=135000, currency="CAD", period="YEAR"),
        ),
        (
            "$50,000 to $80,000 USD annually",
            Salary(min=50000, max=80000, currency="USD", period="YEAR"),
        ),
        ("$90 - 120k", Salary(min=90000, max=120000, currency="USD", period="YEAR")),
        ("$90,000 - 120k", Salary(min=90000, max=120000, currency="USD", period="YEAR")),
        ("€4.500 - €5.200 monthly", Salary(min=4500, max=5200, currency="EUR", period="MONTH")),
        ("$600/day", Salary(min=600, max=600, currency="USD", period="DAY")),
        ("$45 - $60 an hour", Salary(min=45, max=60, currency="USD", period="HOUR")),
        ("80,000 - 95,000 GBP", Salary(min=80000, max=95000, currency="GBP", period="YEAR")),
        ("between $95k and $120k", Salary(min=95000, max=120000, currency="USD", period="YEAR")),
        ("up to $120k", Salary(min=None, max=120000, currency="USD", period="YEAR")),
        ("$100k+", Salary(min=100000, max=None, currency="USD", period="YEAR")),
        ("from $95,000", Salary(min=95000, max=None, currency="USD", period="YEAR")),
        ("120.000 € - 140.000 €", Salary(min=120000, max=140000, currency="EUR", period="YEAR")),
        ("USD 120,000–150,000", Salary(min=120000, max=150000, currency="USD", period="YEAR")),
        ("45-55k EUR", Salary(min=45000, max=55000, currency="EUR", period="YEAR")),
        ("$8,000/month", Salary(min=8000, max=8000, currency="USD", period="MONTH")),
    ],
)
def test_salary_forms(text: str, expected: Salary) -> None:
    assert parse_salary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3-5 years of experience",
        "Series B, 2019-2024",
        "team of 40",
        "version 2.5",
        "HTTP/2 and 404",
    ],
)
def test_numbers_without_currency_are_not_pay(text: str) -> None:
    assert parse_salary(text) is None


def test_labelled_salary_needs_no_currency_symbol() -> None:
    assert parse_salary("60000 - 70000", require_currency=False) == Salary(
        min=60000, max=70000, currency=None, period="YEAR"
    )
    assert parse_salary("Competitive", require_currency=False) is None


def test_find_salaries_keeps_order() -> None:
    found = find_salaries("Juniors earn $50k-$70k; this role pays $120k - $150k.")
    assert [(s.min, s.max) for s in found] == [(50000, 70000), (120000, 150000)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$35k - $65k", Salary(min=35000, max=65000, currency="USD", period="YEAR")),
        (120000, Salary(min=120000, max=120000, currency=None, period="YEAR")),
        (
            {"min": 90000, "max": 110000, "currency": "EUR"},
            Salary(min=90000, max=110000, currency="EUR", period="YEAR"),
        ),
        (
            {"min": 40, "max": 55, "currency": "usd", "period": "hour"},
            Salary(min=40, max=55, currency="USD", period="HOUR"),
        ),
        (
            {
                "currency": "GBP",
                "value": {"minValue": 50000, "maxValue": 60000, "unitText": "YEAR"},
            },
            Salary(min=50000, max=60000, currency="GBP", period="YEAR"),
        ),
        ("Competitive", None),
        (None, None),
    ],
)
def test_front_matter_salary_values(value: object, expected: Salary | None) -> None:
    assert salary_from_value(value) == expected


def test_two_unrelated_amounts_are_not_a_range() -> None:
    assert find_salaries("we add $1,000 and 25 days of leave") == []
