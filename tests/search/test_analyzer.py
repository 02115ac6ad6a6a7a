"""The analyzer: one tokenization for documents and queries."""

from __future__ import annotations

import pytest

from jobbot.search.analyzer import analyze, canonical_tokens


def test_keeps_tech_names_with_symbols() -> None:
    assert canonical_tokens("Node.js, C# and C++ devs") == ["node.js", "c#", "c++", "developers"]


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("golang", "go"),
        ("k8s", "kubernetes"),
        ("js", "javascript"),
        ("postgres", "postgresql"),
        ("full stack", "fullstack"),
        ("full-stack", "fullstack"),
        ("fullstack", "fullstack"),
        ("SRE", "site reliability"),
        ("ML", "machine learning"),
        ("wfh", "remote"),
        ("swe", "software engineer"),
    ],
)
def test_synonyms_analyze_like_their_canonical_name(variant: str, canonical: str) -> None:
    assert analyze(variant) == analyze(canonical)


def test_stopwords_dropped_and_words_stemmed() -> None:
    assert analyze("What are the engineers building?") == analyze("engineer builds")


def test_unicode_and_control_characters_are_safe() -> None:
    assert analyze("\u200fPython\u200e 🚀 \x00Berlin\u202e") == ["python", "berlin"]
    assert analyze("München Zürich") == ["münchen", "zürich"]
