"""The bundled demo knowledge base: every file loads, and its fields agree with its text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jobbot.ingest import load_directories
from jobbot.models import Corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    from tests.support.paths import KNOWLEDGE

    return load_directories([KNOWLEDGE])


def test_every_bundled_knowledge_file_loads(corpus: Corpus, knowledge_dir: Path) -> None:
    assert [f"{e.source}: {e.message}" for e in corpus.errors] == []
    assert corpus.postings
    assert corpus.faq
    files = {
        p.relative_to(knowledge_dir).as_posix()
        for p in knowledge_dir.rglob("*")
        if p.suffix in {".md", ".markdown", ".txt"}
    }
    loaded = {p.source for p in corpus.postings} | {f.source for f in corpus.faq}
    assert files == loaded  # nothing silently dropped


def test_bundled_postings_fields_agree_with_their_text(corpus: Corpus, knowledge_dir: Path) -> None:
    for posting in corpus.postings:
        text = (knowledge_dir / posting.source).read_text(encoding="utf-8")
        where = posting.source
        assert posting.title.strip(), where
        assert posting.description.strip(), where
        assert len(posting.id) <= 40, where
        if re.search(r"^\W*(?:salary|compensation)\W*:.*\d", text, re.I | re.M):
            assert posting.salary is not None, where
            assert posting.salary.currency, where
        if re.search(r"^\W*(?:employment[ _]type|duration)\W*:", text, re.I | re.M):
            assert posting.employment_type, where
        location = re.search(r"^\W*location\W*:(.*)$", text, re.I | re.M)
        if location and re.search(r"\bremote\b", location.group(1), re.I):
            assert "remote" in posting.workplace, where
        if posting.location:
            assert not re.search(r"remote|hybrid|on-?site|\[", posting.location, re.I), where
        assert posting.skills, where


def test_bundled_faq_covers_the_topics_the_issue_names(corpus: Corpus) -> None:
    questions = " ".join(f.question.lower() for f in corpus.faq)
    for topic in ("full-stack", "languages", "salary", "databases", "cloud", "microservices"):
        assert topic in questions, topic
