"""The skill vocabulary: canonical names, token boundaries, words that are also names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def reference_find_skills(text: str) -> list[str]:
    """The vocabulary matched the slow way, one regular expression per spelling (how it was
    done before the one-pass scanner): the scanner must agree with it."""
    import re

    from jobbot.ingest.skills import _VOCABULARY

    before, after = r"(?<![\w#+.])", r"(?![\w#+]|\.\w)"
    not_after = {
        "Go": r"(?![\s-]+(?:to|ahead|beyond|for it|live|back|through)\b)",
        "ts": r"(?!/SCI)",
    }
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for canonical, (insensitive, sensitive) in _VOCABULARY.items():
        for spelling, flags in [(s, re.I) for s in insensitive] + [(s, 0) for s in sensitive]:
            body = re.escape(spelling).replace(r"\ ", r"[\s-]+")
            pattern = re.compile(f"{before}{body}{after}{not_after.get(spelling, '')}", flags)
            for match in pattern.finditer(text):
                count[canonical] = count.get(canonical, 0) + 1
                first[canonical] = min(first.get(canonical, match.start()), match.start())
    return sorted(first, key=lambda name: (-count[name], first[name]))


SPELLINGS = [
    "Python", "python3", "Go", "golang", "Java", "JavaScript", "js", "TS", "ts", "SCI", "C#",
    "C++", ".NET", "asp.net", "Node", "node.js", "node", "js", "React", "react", "REST",
    "rest", "api", "Spring", "boot", "Boot", "ruby", "on", "rails", "Rails", "google", "cloud",
    "platform", "GCP", "k8s", "Postgres", "CI", "CD", "ci/cd", "gitlab", "to", "ahead", "for",
    "it", "aws", "lambda", "Apache", "Spark", "amazon", "web", "services", "SQL", "MySQL",
    "x", "e.g", "1",
]  # fmt: skip
SEPARATORS = [
    " ",
    "  ",
    "\n",
    "\t",
    "\xa0",
    "-",
    "--",
    " - ",
    "/",
    ", ",
    ". ",
    "(",
    ")",
    ".",
    "...",
    "#",
    "+",
    "_",
]


@given(st.lists(st.tuples(st.sampled_from(SPELLINGS), st.sampled_from(SEPARATORS)), max_size=40))
@settings(max_examples=400, deadline=None)
def test_the_one_pass_scanner_agrees_with_one_pattern_per_spelling(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(word + sep for word, sep in parts)
    assert find_skills(text) == reference_find_skills(text)
