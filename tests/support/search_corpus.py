"""A small, hand-made corpus whose every filter value is known, for engine and search tests."""

from __future__ import annotations

from datetime import date

from jobbot.models import Corpus, FAQEntry, Posting, Salary, YearsRange

TODAY = date(2026, 11, 23)


def posting(pid: str, title: str, **fields: object) -> Posting:
    return Posting(id=pid, title=title, source=f"{pid}.md", **fields)  # type: ignore[arg-type]


POSTINGS = [
    posting(
        "berlin-senior-python",
        "Senior Backend Engineer",
        company="Acme",
        location="Berlin, Germany",
        workplace=["hybrid"],
        employment_type=["FULL_TIME"],
        salary=Salary(min=70000, max=90000, currency="EUR", period="YEAR"),
        skills=["Python", "PostgreSQL", "Kubernetes"],
        date_posted=date(2026, 11, 20),
        description="Build payment APIs in Python on k8s with Postgres.",
    ),
    posting(
        "remote-react-contract",
        "Frontend Developer",
        company="Beta",
        location="Remote (US)",
        workplace=["remote"],
        employment_type=["CONTRACTOR"],
        salary=Salary(min=70, max=90, currency="USD", period="HOUR"),
        skills=["JavaScript", "React"],
        date_posted=date(2026, 10, 1),
        description="React and JS single page apps for a retail client.",
    ),
    posting(
        "austin-go-onsite",
        "Go Developer",
        company="Gamma",
        location="Austin, TX (On-site)",
        workplace=["onsite"],
        employment_type=["FULL_TIME"],
        salary=Salary(min=150000, max=190000, currency="USD", period="YEAR"),
        skills=["Go", "Kafka"],
        date_posted=date(2026, 11, 1),
        description="golang services that stream events through Kafka.",
    ),
    posting(
        "london-junior-python",
        "Junior Python Developer",
        company="Delta",
        location="London, UK",
        workplace=["onsite", "hybrid"],
        employment_type=["FULL_TIME"],
        salary=Salary(min=35000, max=42000, currency="GBP", period="YEAR"),
        skills=["Python", "Django"],
        date_posted=date(2026, 11, 22),
        description="Django web apps, mentoring from senior engineers, Python every day.",
    ),
    posting(
        "sf-staff-ml-remote",
        "Staff Machine Learning Engineer",
        company="Epsilon",
        location="San Francisco, CA or Remote",
        workplace=["remote", "hybrid"],
        employment_type=["FULL_TIME"],
        salary=Salary(min=210000, max=260000, currency="USD", period="YEAR"),
        skills=["Python", "PyTorch", "AWS"],
        date_posted=date(2026, 9, 15),
        description="Train and ship ML models; machine learning platform work in Python.",
    ),
    posting(
        "nyc-intern",
        "Software Engineering Intern",
        company="Zeta",
        location="New York, NY",
        workplace=["onsite"],
        employment_type=["INTERN"],
        salary=Salary(min=40, max=45, currency="USD", period="HOUR"),
        skills=["Java"],
        date_posted=date(2026, 11, 18),
        description="A summer internship on our Java platform team.",
    ),
    posting(
        "amsterdam-mid-parttime",
        "Backend Developer (Ruby)",
        company="Eta",
        location="Amsterdam, Netherlands",
        workplace=["remote"],
        employment_type=["PART_TIME"],
        experience_years=YearsRange(min=3, max=5),
        skills=["Ruby", "PostgreSQL"],
        date_posted=None,
        description="Rails backend, three days a week, no salary stated.",
    ),
    posting(
        "austin-sre-contract",
        "Site Reliability Engineer",
        company="Theta",
        location="Austin, TX",
        workplace=["hybrid"],
        employment_type=["CONTRACTOR"],
        salary=Salary(min=120000, max=140000, currency="USD", period="YEAR"),
        skills=["Terraform", "Kubernetes", "Go"],
        date_posted=date(2026, 11, 10),
        description="SRE contract: on-call, observability, terraform and k8s.",
    ),
]

FAQ = [
    FAQEntry(
        id="backend-vs-fullstack",
        question="What is the difference between backend and full-stack engineers?",
        answer="Backend engineers own servers and data; full-stack engineers also build the UI.",
        aliases=["backend or full stack?"],
        source="faq/backend-vs-fullstack.md",
    ),
    FAQEntry(
        id="languages",
        question="Which programming languages are most in demand?",
        answer="Python, Go and Java lead most backend job boards.",
        source="faq/languages.md",
    ),
    FAQEntry(
        id="salary",
        question="What salary can a backend engineer expect?",
        answer="It depends on seniority and location; see the ranges in current postings.",
        aliases=["how much do backend engineers earn"],
        source="faq/salary.md",
    ),
    FAQEntry(
        id="interview",
        question="How should I prepare for a technical interview?",
        answer="Practice data structures, system design and talking through trade-offs.",
        source="faq/interview.md",
    ),
]


def corpus() -> Corpus:
    return Corpus(postings=[p.model_copy() for p in POSTINGS], faq=list(FAQ))
