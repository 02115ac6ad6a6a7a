"""Fixtures for the Discord adapter tests: a small knowledge directory and a recording engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.sources import directories

CITIES = ["Berlin", "London", "Remote (EU)", "New York"]


def write_knowledge(root: Path) -> Path:
    """Twelve Python postings (three pages of five) among 30, and three FAQ entries."""
    (root / "postings").mkdir(parents=True)
    (root / "faq").mkdir()
    for number in range(1, 13):
        city = CITIES[number % len(CITIES)]
        (root / "postings" / f"python-{number:02d}.md").write_text(
            f"""---
title: Python Backend Engineer {number}
company: Company {number}
location: {city}
workplace: [{"remote" if number % 2 else "hybrid"}]
employment_type: [FULL_TIME]
salary: {{min: {100 + number * 5}000, max: {150 + number * 5}000, currency: USD, period: YEAR}}
skills: [Python, PostgreSQL, Docker]
url: https://jobs.example.com/python-{number}
date_posted: 2026-01-{number:02d}
---
Build Python services with PostgreSQL for team {number}. Python backend role.
""",
            encoding="utf-8",
        )
    stacks = ["Go", "Java", "Rust", "Kotlin", "Elixir", "Scala"]
    for number in range(1, 19):
        stack = stacks[number % len(stacks)]
        (root / "postings" / f"other-{number:02d}.md").write_text(
            f"""---
title: {stack} Engineer {number}
company: Other {number}
location: {CITIES[number % len(CITIES)]}
workplace: [onsite]
employment_type: [CONTRACTOR]
skills: [{stack}]
url: https://jobs.example.com/other-{number}
---
Write {stack} services for group {number}.
""",
            encoding="utf-8",
        )
    faq = {
        "salary-negotiation": (
            "How do I negotiate a salary offer?",
            "Know your market range, anchor high, and negotiate the whole package.",
        ),
        "languages": (
            "Which programming languages are in demand for backend jobs?",
            "Python, Go and Java lead backend postings; TypeScript is close behind.",
        ),
        "remote": (
            "How do I find remote jobs?",
            "Filter by workplace remote and watch for time-zone requirements.",
        ),
    }
    for name, (question, answer) in faq.items():
        (root / "faq" / f"{name}.md").write_text(
            f"---\nquestion: {question}\n---\n{answer}\n", encoding="utf-8"
        )
    return root


class RecordingEngine(Engine):
    """The real engine, remembering every request an adapter made."""

    requests: list[Request]

    def ask(self, request: Request | str) -> Answer:
        if not hasattr(self, "requests"):
            self.requests = []
        if isinstance(request, Request):
            self.requests.append(request)
        return super().ask(request)


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return write_knowledge(tmp_path / "knowledge")


@pytest.fixture
def engine(knowledge: Path) -> RecordingEngine:
    engine = RecordingEngine.from_source(directories([knowledge]))
    engine.requests = []
    return engine
