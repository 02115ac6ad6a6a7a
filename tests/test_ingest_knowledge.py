"""The bundled demo knowledge base: every file loads, and postings carry their key fields."""

from __future__ import annotations

from pathlib import Path

from jobbot.ingest import load_directories


def test_every_bundled_knowledge_file_loads(knowledge_dir: Path) -> None:
    corpus = load_directories([knowledge_dir])
    assert [f"{e.source}: {e.message}" for e in corpus.errors] == []
    assert corpus.postings
    assert corpus.faq
    files = {p.relative_to(knowledge_dir).as_posix() for p in knowledge_dir.rglob("*.md")}
    loaded = {p.source for p in corpus.postings} | {f.source for f in corpus.faq}
    assert files <= loaded  # nothing silently dropped


def test_bundled_postings_have_a_title_and_description(knowledge_dir: Path) -> None:
    for posting in load_directories([knowledge_dir]).postings:
        assert posting.title.strip(), posting.source
        assert posting.description.strip(), posting.source
        assert len(posting.id) <= 40
