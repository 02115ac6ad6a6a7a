"""Real-world wording, as issue 10 lists it, read into the facts a reader takes from it.

Each case is a whole (small) posting, so the test goes through the same path as a file.
"""

from __future__ import annotations

import pytest

from jobbot.ingest import parse_text
from jobbot.models import Posting, Salary


def one(text: str, source: str = "postings/job.md") -> Posting:
    [posting] = parse_text(text, source).postings
    return posting


# --- company -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "company"),
    [
        ("---\ntitle: Go Engineer\ncompany: Acme Robotics\n---\nBuild robots.\n", "a.md",
         "Acme Robotics"),
        ('<script type="application/ld+json">{"@type": "JobPosting", "title": "Go Engineer", '
         '"hiringOrganization": {"@type": "Organization", "name": "Acme Robotics"}}</script>',
         "a.html", "Acme Robotics"),
        ("Go Engineer\n\nCompany: Acme Robotics\n\nBuild robots.\n", "a.txt", "Acme Robotics"),
        ("# Go Engineer\n\nBuild robots.\n\n## About Acme Robotics\n\nWe make arms.\n", "a.md",
         "Acme Robotics"),
        ("# Go Engineer\n\nHere at Acme Robotics, we build arms for factories.\n", "a.md",
         "Acme Robotics"),
        ("Acme Robotics | Go Engineer | Berlin | Full-time\n\nWe build arms.\n", "a.txt",
         "Acme Robotics"),
        ("# Go Engineer\n\nAcme Robotics is a fast-growing robotics company in Berlin.\n", "a.md",
         "Acme Robotics"),
    ],
    ids=["front-matter", "json-ld", "labelled", "about-heading", "here-at", "hn-header",
         "is-a-company"],
)  # fmt: skip
def test_company(text: str, source: str, company: str) -> None:
    assert one(text, source).company == company


def test_about_the_role_is_not_a_company() -> None:
    job = one("# Go Engineer\n\n## About the role\n\nYou will join our team.\n")
    assert job.company is None


# --- workplace ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "workplace"),
    [
        ("Location: Berlin (Hybrid)", ["hybrid"]),
        ("Full-time Hybrid", ["hybrid"]),
        ("We work on a hybrid schedule with the team in Leeds.", ["hybrid"]),
        ("Location: London, 3 days in office", ["hybrid"]),
        ("Location: New York, NY (NYC based, not remote)", ["onsite"]),
        ("This role is not remote.", ["onsite"]),
        ("Restrictions:\n\n- **No telecommuting**", ["onsite"]),
        ("Location: remote within Germany", ["remote"]),
        ("Location: Remote (UK)", ["remote"]),
        ("We are a remote-first company.", ["remote"]),
        ("We offer remote work flexibility and a stipend.", []),
    ],
)
def test_workplace(text: str, workplace: list[str]) -> None:
    assert one(f"# Backend Engineer\n\n{text}\n\nBuild APIs.\n").workplace == workplace


def test_not_remote_is_never_remote_even_beside_remote_words() -> None:
    job = one("# Backend Engineer\n\nWe are a remote-first company, but this role is not remote.\n")
    assert "remote" not in job.workplace


@pytest.mark.parametrize(
    ("location", "place"),
    [
        ("Remote (US/Canada)", "US/Canada"),
        ("Remote (UK)", "UK"),
        ("remote within Germany", "Germany"),
        ("Warsaw (fully remote), Poland", "Warsaw, Poland"),
        ("Vilnius / Kaunas / Warsaw, Poland", "Vilnius / Kaunas / Warsaw, Poland"),
        ("New York, NY (NYC based, not remote)", "New York, NY"),
        ("United States (+10 others)", "United States"),
    ],
)  # fmt: skip
def test_location_as_written_keeping_the_remote_region(location: str, place: str) -> None:
    assert one(f"# Backend Engineer\n\nLocation: {location}\n\nBuild APIs.\n").location == place


# --- employment type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Employment type: Apprenticeship", ["INTERN"]),
        ("Type: Co-op", ["INTERN"]),
        ("Type: Internship", ["INTERN"]),
        ("Contract: B2B contract", ["CONTRACTOR"]),
        ("You would work with us on a B2B contract.", ["CONTRACTOR"]),
        ("Type: Freelance", ["CONTRACTOR"]),
        ("Duration: fixed-term project, contractor", ["CONTRACTOR"]),
        ("Employment type: Temporary", ["TEMPORARY"]),
        ("Hours: part-time (20hr/wk)", ["PART_TIME"]),
        ("Full-time Hybrid", ["FULL_TIME"]),
    ],
)
def test_employment_type(text: str, kinds: list[str]) -> None:
    assert one(f"# Backend Engineer\n\n{text}\n\nBuild APIs.\n").employment_type == kinds


def test_a_fixed_project_contractor_title_is_a_contract() -> None:
    job = one("# Lead Software Engineer (Fixed Project Contractor)\n\nBuild games.\n")
    assert job.employment_type == ["CONTRACTOR"]


# --- salary --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "salary"),
    [
        ("$115,000—$167,000", Salary(min=115_000, max=167_000, currency="USD", period="YEAR")),
        ("$115,000\u2212$167,000", Salary(min=115_000, max=167_000, currency="USD", period="YEAR")),
        ("$117 to $144k base", Salary(min=117_000, max=144_000, currency="USD", period="YEAR")),
        ("£100k - £145k", Salary(min=100_000, max=145_000, currency="GBP", period="YEAR")),
        ("$80-120k", Salary(min=80_000, max=120_000, currency="USD", period="YEAR")),
        ("$52-$75 per hour", Salary(min=52, max=75, currency="USD", period="HOUR")),
        ("US$52/hour to US$75/hour", Salary(min=52, max=75, currency="USD", period="HOUR")),
        ("3600-5800 EUR gross per month",
         Salary(min=3_600, max=5_800, currency="EUR", period="MONTH")),
        ("232 000 - 348 000 PLN", Salary(min=232_000, max=348_000, currency="PLN", period="YEAR")),
        ("$40/hour", Salary(min=40, max=40, currency="USD", period="HOUR")),
        ("$95,000", Salary(min=95_000, max=95_000, currency="USD", period="YEAR")),
        ("75–90 USD or 300–380 PLN per hour",
         Salary(min=75, max=90, currency="USD", period="HOUR")),
        ("€50,000 / $55,000", Salary(min=50_000, max=50_000, currency="EUR", period="YEAR")),
    ],
)  # fmt: skip
def test_salary_forms(text: str, salary: Salary) -> None:
    assert one(f"# Backend Engineer\n\nSalary: {text}\n\nBuild APIs.\n").salary == salary


def test_salary_in_running_text_with_an_em_dash() -> None:
    job = one("# Backend Engineer\n\nThe base pay range is $115,000—$167,000 a year.\n")
    assert job.salary == Salary(min=115_000, max=167_000, currency="USD", period="YEAR")


def test_a_salary_found_only_in_a_structured_field() -> None:
    page = (
        '<script type="application/ld+json">{"@type": "JobPosting", "title": "Data Engineer", '
        '"description": "<p>Build pipelines in Python.</p>", "baseSalary": {"@type": '
        '"MonetaryAmount", "currency": "EUR", "value": {"@type": "QuantitativeValue", '
        '"minValue": 60000, "maxValue": 75000, "unitText": "YEAR"}}}</script>'
    )
    job = one(page, "job.html")
    assert job.salary == Salary(min=60_000, max=75_000, currency="EUR", period="YEAR")


def test_a_fee_per_interview_is_not_a_salary() -> None:
    assert one("# Interview Engineer\n\n$100 USD per interview.\n").salary is None


# --- visa ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "visa"),
    [
        ("Visa sponsorship available.", True),
        ("We can sponsor your visa.", True),
        ("We provide relocation assistance and visa sponsorship.", True),
        ("Sorry, no sponsorship.", False),
        ("We don’t sponsor H1Bs for this role.", False),
        ("You must be authorised to work in the UK without sponsorship.", False),
        ("We offer a pension and a gym.", None),
    ],
)
def test_visa_sponsorship(text: str, visa: bool | None) -> None:
    assert one(f"# Backend Engineer\n\n{text}\n").visa_sponsorship is visa


def test_valid_through_from_front_matter_and_labels() -> None:
    for text in (
        "---\ntitle: QA Engineer\nexpires: 2026-12-31\n---\nTests.\n",
        "---\ntitle: QA Engineer\ncloses: 2026-12-31\n---\nTests.\n",
        "---\ntitle: QA Engineer\nvalid_through: 2026-12-31T23:59:00Z\n---\nTests.\n",
        "# QA Engineer\n\nClosing date: 31 December 2026\n\nTests.\n",
    ):
        assert str(one(text).valid_through) == "2026-12-31", text
