"""The skill vocabulary: canonical names, token boundaries, words that are also names."""

from __future__ import annotations

import pytest

from jobbot.ingest.skills import canonical_skill, find_skills, merge_skills


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("golang services", ["Go"]),
        ("Python, Java, or Go.", ["Python", "Java", "Go"]),
        ("Postgres and k8s", ["PostgreSQL", "Kubernetes"]),
        ("nodejs or Node", ["Node.js"]),
        ("js and ts", ["JavaScript", "TypeScript"]),
        ("TS/SCI clearance, JS", ["JavaScript"]),
        ("C#, C++ and .NET", ["C#", "C++", ".NET"]),
        ("GCP or Google Cloud", ["GCP"]),
        ("Python (Django/Flask)", ["Python", "Django", "Flask"]),
        ("Python-based tooling", ["Python"]),
    ],
)
def test_spellings_map_to_canonical_names(text: str, expected: list[str]) -> None:
    assert find_skills(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Let's go to the office.",
        "Go to the careers page",
        "JavaScript developers",  # not Java
        "MySQL and NoSQL stores",  # not SQL
        "take a rest after on-call",
        "react quickly to incidents",
        "a node in the graph",
        "guard rails for deployments",
    ],
)
def test_words_that_are_not_the_skill(text: str) -> None:
    found = find_skills(text)
    assert "Go" not in found
    assert "Java" not in found
    assert "SQL" not in found
    assert "REST" not in found
    assert "React" not in found
    assert "Node.js" not in found
    assert "Ruby on Rails" not in found


def test_canonical_skill_keeps_unknown_names() -> None:
    assert canonical_skill("postgres") == "PostgreSQL"
    assert canonical_skill("Golang") == "Go"
    assert canonical_skill("Zig") == "Zig"
    assert canonical_skill(".NET") == ".NET"
    assert canonical_skill("Go.") == "Go"


def test_merge_skills_deduplicates_across_spellings() -> None:
    assert merge_skills(["golang", "Postgres"], ["Go", "PostgreSQL", "Redis"]) == [
        "Go",
        "PostgreSQL",
        "Redis",
    ]
