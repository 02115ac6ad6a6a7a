"""The five reference postings in ../shared/seeds parse into the fields a reader sees in them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jobbot.ingest import load_directories
from jobbot.models import Corpus, Posting, Salary, YearsRange


@pytest.fixture
def seeds(seeds_dir: Path) -> Corpus:
    return load_directories([seeds_dir])


def posting(corpus: Corpus, prefix: str) -> Posting:
    return next(p for p in corpus.postings if p.source.startswith(prefix))


def test_all_five_seeds_load_without_errors(seeds: Corpus) -> None:
    assert seeds.errors == []
    assert sorted(p.source[:3] for p in seeds.postings) == ["000", "001", "002", "003", "004"]


def test_seed_000_front_matter_posting(seeds: Corpus) -> None:
    job = posting(seeds, "000")
    assert job.title == "Backend Software Engineer"  # <em> stripped
    assert job.location == "California"
    assert job.department == "Backend Development"
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=35000, max=65000, currency="USD", period="YEAR")
    assert job.experience_years == YearsRange(min=3, max=5)
    assert job.date_posted == date(2024, 4, 4)
    assert job.url is None  # the relative /contacto link leads nowhere from a chat
    # "Remote work flexibility" is a benefit, not a remote job.
    assert job.workplace == []
    assert job.skills[:4] == ["Java", "Python", "Node.js", "Go"]
    assert {"AWS", "Azure", "GCP"} <= set(job.skills)
    assert job.description.startswith("We are seeking a skilled Backend Software Engineer")


def test_seed_001_bold_labels_and_placeholder_location(seeds: Corpus) -> None:
    job = posting(seeds, "001")
    assert job.title == "Backend Software Engineer"
    assert job.location is None  # "[Your City, Your State/Country]" is a template gap
    assert job.workplace == ["remote"]
    assert job.company is None
    assert job.experience_years == YearsRange(min=3, max=None)
    assert job.salary is None
    assert job.employment_type == []
    assert job.skills[:4] == ["Python", "Go", "Java", "TypeScript"]


def test_seed_002_plain_text_title_and_skills_outside_faq(seeds: Corpus) -> None:
    job = posting(seeds, "002")
    assert job.title == "Software Engineer - Backend"
    assert job.salary is None
    assert job.location is None
    assert job.workplace == []
    assert job.skills[:7] == ["Node.js", "Python", "Ruby", "Java", "MySQL", "PostgreSQL", "MongoDB"]
    # C++, Golang, PHP and Scala are named only in the FAQ answers, not asked of this role.
    assert not {"C++", "Go", "PHP", "Scala"} & set(job.skills)


def test_seed_002_faq_without_questions_yields_no_entries(seeds: Corpus) -> None:
    assert [f for f in seeds.faq if f.source.startswith("002")] == []


def test_seed_003_markdown_with_trailing_bold_labels(seeds: Corpus) -> None:
    job = posting(seeds, "003")
    assert job.title == "Backend Engineer"
    assert job.location == "San Francisco, CA"
    assert job.workplace == ["hybrid", "remote"]
    assert job.employment_type == ["FULL_TIME"]
    assert job.salary == Salary(min=130000, max=190000, currency="USD", period="YEAR")
    assert job.experience_years == YearsRange(min=4, max=8)
    assert job.seniority == "mid"
    for skill in ("Python", "Go", "Django", "PostgreSQL", "Kubernetes", "Kafka", "gRPC"):
        assert skill in job.skills


def test_seed_004_salary_is_its_own_range_not_the_side_remark(seeds: Corpus) -> None:
    job = posting(seeds, "004")
    assert job.title == "Backend Engineer"
    assert job.salary == Salary(min=50000, max=150000, currency="USD", period="YEAR")
    # "1-3 years" belongs to the junior level described under "Seniority Levels".
    assert job.experience_years is None
    assert job.seniority is None  # "Lead"/"Principal" appear only in the career path
    assert job.workplace == []
    assert "Cassandra" not in job.skills  # named only in an FAQ answer
    assert {"Python", "Java", "Node.js", "Go", "Ruby", "C#"} <= set(job.skills)
    assert "What is the difference" not in job.description


def test_seed_004_six_faq_entries(seeds: Corpus) -> None:
    entries = [f for f in seeds.faq if f.source.startswith("004")]
    assert [e.question for e in entries] == [
        "What is the difference between a backend engineer and a full-stack engineer?",
        "What programming languages are most in-demand for backend engineers?",
        "What are the key responsibilities of a backend engineer?",
        "What kind of databases do backend engineers work with?",
        "Is experience with cloud platforms important for a backend engineer?",
        "How important is understanding of microservices architecture?",
    ]
    assert entries[0].answer.startswith("A backend engineer focuses exclusively")
    assert entries[-1].answer.endswith("sought-after skill for backend engineers.")
    # The answer stops at the next section: the salary range is not part of it.
    assert all("$50k" not in e.answer for e in entries)


def test_seed_ids_are_stable_and_distinct(seeds_dir: Path) -> None:
    first, second = load_directories([seeds_dir]), load_directories([seeds_dir])
    ids = [p.id for p in first.postings]
    assert ids == [p.id for p in second.postings]
    assert [f.id for f in first.faq] == [f.id for f in second.faq]
    assert len(set(ids)) == 5
    assert all(len(i) <= 40 and i.replace("-", "").isalnum() for i in ids)
    assert all(len(p.content_hash) == 16 for p in first.postings)
