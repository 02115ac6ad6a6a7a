"""The real postings in ../shared/real/postings, each read the way its own text states it.

One test per file, with the facts a reader finds in it written out. The files are HN "Who is
hiring?" comments (HTML fragments), an aggregator's markdown, python.org job pages (HTML), a
careers page (front matter + markdown) and rows of a CSV export saved as `.txt`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jobbot.ingest import load_directories
from jobbot.models import Corpus, Posting, Salary, YearsRange


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    from tests.support.paths import REAL_POSTINGS

    if not REAL_POSTINGS.is_dir():
        pytest.skip("../shared/real/postings is not present")
    return load_directories([REAL_POSTINGS])


def posting(corpus: Corpus, prefix: str) -> Posting:
    [found] = [p for p in corpus.postings if p.source.startswith(prefix)]
    return found


def test_every_file_loads_as_one_posting(corpus: Corpus, real_postings_dir: Path) -> None:
    assert corpus.errors == []
    files = sorted(p.name for p in real_postings_dir.iterdir())
    assert sorted(p.source for p in corpus.postings) == files
    assert len({p.id for p in corpus.postings}) == len(files)
    assert all(p.company for p in corpus.postings)  # company was missing on every one


def test_01_hn_meticulous(corpus: Corpus) -> None:
    # Meticulous | Founding Engineer | London | Full-time | Onsite | Visa sponsorship
    # available | £100k - £145k, 2%+
    job = posting(corpus, "01-")
    assert job.company == "Meticulous"
    assert job.title == "Founding Engineer"
    assert job.location == "London"
    assert job.workplace == ["onsite"]
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=100_000, max=145_000, currency="GBP", period="YEAR")
    assert job.visa_sponsorship is True
    assert "JavaScript" in job.skills
    assert job.description.startswith("Meticulous | Founding Engineer")
    assert "Hey HN, I'm Gabriel" in job.description  # entities decoded, tags gone
    assert "<p>" not in job.description


def test_03_hn_optiver(corpus: Corpus) -> None:
    # Optiver | SRE / Infrastructure engineer | Amsterdam, Netherlands | Full Time | $160-$205k
    job = posting(corpus, "03-")
    assert job.company == "Optiver"
    assert job.title == "SRE / Infrastructure engineer"
    assert job.location == "Amsterdam, Netherlands"
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=160_000, max=205_000, currency="USD", period="YEAR")
    assert job.url == "https://optiver.reallinks.io/r/kM3Ec8kE"
    # "We provide relocation assistance and visa sponsorship in the Netherlands."
    assert job.visa_sponsorship is True
    assert job.workplace == []  # the text never says remote, hybrid or on-site
    assert "Linux" in job.skills


def test_05_hn_civic_eagle(corpus: Corpus) -> None:
    # Civic Eagle | Infrastructure Engineer | Remote (US/Canada) | Full-time | $117 to $144k base
    job = posting(corpus, "05-")
    assert job.company == "Civic Eagle"
    assert job.title == "Infrastructure Engineer"
    assert job.workplace == ["remote"]
    assert job.location == "US/Canada"  # the region the remote role is open to
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=117_000, max=144_000, currency="USD", period="YEAR")
    assert {"CI/CD", "GCP", "AWS", "Elasticsearch"} <= set(job.skills)
    assert job.visa_sponsorship is None


def test_07_hn_karat(corpus: Corpus) -> None:
    # Karat | Interview Engineer | REMOTE (US & OUTSIDE US) | Part-time & Full-time (Freelance)
    job = posting(corpus, "07-")
    assert job.company == "Karat"
    assert job.title == "Interview Engineer"
    assert job.workplace == ["remote"]
    assert job.location == "US & OUTSIDE US"
    assert job.employment_type == ["PART_TIME", "FULL_TIME", "CONTRACTOR"]
    assert job.url == "https://karat.com/company/be-an-interview-engineer/"
    # "$100 USD per interview" is a fee per interview, not an hourly or yearly salary.
    assert job.salary is None


def test_09_aggregator_monzo(corpus: Corpus) -> None:
    job = posting(corpus, "09-")
    assert job.title == "Staff Backend Engineer, Customer Operations"
    assert job.company == "Monzo"  # the `### Monzo` line under the title
    # `💰 £140,000 - £165,000 + Share Options` `🌎 Cardiff, London or Remote (UK)`
    assert job.salary == Salary(min=140_000, max=165_000, currency="GBP", period="YEAR")
    assert job.location == "Cardiff, London (UK)"
    assert job.workplace == ["remote"]
    assert job.seniority == "staff"
    assert job.visa_sponsorship is True  # "We can sponsor your visa."
    assert job.url == "https://www.remotewlb.com/apply/staff-backend-engineer-customer-operations"
    assert job.skills[:3] == ["Go", "Cassandra", "Kafka"]
    assert {"Kubernetes", "Docker", "AWS", "GCP", "React"} <= set(job.skills)
    assert job.experience_years is None  # "3-4 teams", "3-4 weeks" are not years


def test_11_aggregator_wikimedia_contractor(corpus: Corpus) -> None:
    job = posting(corpus, "11-")
    assert job.title == "Lead Software Engineer (Fixed Project Contractor)"
    assert job.company == "Wikimedia Foundation"
    assert job.workplace == ["remote"]
    assert job.location is None  # "Remote", nowhere in particular
    assert job.employment_type == ["CONTRACTOR"]  # "10 week fixed term contract"
    assert job.salary == Salary(min=52, max=75, currency="USD", period="HOUR")  # US$52/hour …
    assert job.experience_years == YearsRange(min=5, max=8)  # "5-8+ years"
    assert job.seniority == "lead"
    assert {"Vue.js", "React"} <= set(job.skills)


def test_13_aggregator_fetch_apprenticeship(corpus: Corpus) -> None:
    job = posting(corpus, "13-")
    assert job.title == "Android Engineer, Apprenticeship"
    assert job.company == "Fetch"
    assert job.employment_type == ["INTERN"]  # an apprenticeship is an internship
    assert job.seniority == "intern"
    assert job.salary == Salary(min=40, max=40, currency="USD", period="HOUR")  # $40/hr
    assert job.location == "United States"
    assert job.workplace == ["remote"]
    assert job.visa_sponsorship is False  # "We don't sponsor H1Bs on an Apprenticeship"
    assert {"Kotlin", "Git", "Swift"} <= set(job.skills)


def test_15_python_org_nord_security(corpus: Corpus) -> None:
    job = posting(corpus, "15-")
    assert job.title == "Python/DevOps Engineer"
    assert job.company == "NordVpn/NordSecurity"
    assert job.location == "Vilnius / Kaunas / Warsaw, Lithuania/Poland"
    # "Full-time Hybrid", and under Restrictions "No telecommuting": hybrid, never remote.
    assert job.workplace == ["hybrid"]
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=3_600, max=5_800, currency="EUR", period="MONTH")
    assert job.date_posted == date(2026, 8, 28)
    assert {"Python", "Docker", "GitLab CI", "AWS", "Kubernetes", "Terraform"} <= set(job.skills)


def test_17_python_org_reef_b2b(corpus: Corpus) -> None:
    job = posting(corpus, "17-")
    assert job.title == "Lead Python Backend Engineer"
    assert job.company == "Reef Technologies"
    assert job.location == "Warsaw, Poland"
    assert job.workplace == ["remote"]  # "Warsaw (fully remote)", "we are fully remote"
    assert job.employment_type == ["CONTRACTOR"]  # "Salary on a B2B contract"
    # "75–90 USD or 300–380 PLN per hour, or ...": one currency, the first given.
    assert job.salary == Salary(min=75, max=90, currency="USD", period="HOUR")
    # "2+ years of team management and 5+ years of programming experience"
    assert job.experience_years == YearsRange(min=5, max=None)
    assert job.seniority == "lead"
    assert job.date_posted == date(2026, 8, 4)


def test_19_careers_page_posthog(corpus: Corpus) -> None:
    job = posting(corpus, "19-")
    assert job.title == "Full Stack Software Engineer"
    assert job.company == "PostHog"  # "PostHog is a product-led company"
    assert job.workplace == ["remote"]  # "We're all remote"
    assert job.url == "https://apply.workable.com/posthog/j/2F287E18A5/apply/"
    assert job.salary is None
    assert job.employment_type == []
    assert {"Django", "PostgreSQL"} <= set(job.skills)


def test_20_csv_row_blackbaud(corpus: Corpus) -> None:
    job = posting(corpus, "20-")
    assert job.title == "Senior Data Analyst"
    assert job.company == "Blackbaud"  # the export repeats it: "Blackbaud, Blackbaud"
    assert job.location == "United States"  # "(+10 others)" is the board's note
    assert job.workplace == ["remote"]
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=67_400, max=90_700, currency="USD", period="YEAR")
    assert job.experience_years == YearsRange(min=4, max=None)
    assert job.seniority == "senior"
    assert job.url == "http://www.blackbaud.com/"
    assert {"SQL", "Python"} <= set(job.skills)
    assert "Via: via Blackbaud Jobs" in job.description  # an unknown column is kept as text


def test_22_csv_row_lancesoft_contract(corpus: Corpus) -> None:
    job = posting(corpus, "22-")
    assert job.title == "Data Analyst"
    assert job.company == "LanceSoft, Inc."
    assert job.location == "Anywhere"
    assert job.workplace == ["remote"]  # extensions: 'work_from_home': True
    assert job.employment_type == ["CONTRACTOR"]
    # "60–70 an hour", in the salary column and nowhere else, with no currency.
    assert job.salary == Salary(min=60, max=70, currency=None, period="HOUR")
    assert job.experience_years == YearsRange(min=2, max=4)  # "Two to four years"
    assert {"Python", "SQL"} <= set(job.skills)
