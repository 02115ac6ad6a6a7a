"""The incremental reader: one changed file is one parse, and the corpus is the same as a
fresh read, whether files are parsed here or across processes."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from jobbot.ingest import KnowledgeReader, load_directories
from jobbot.sources import DirectorySource


def write(root: Path, name: str, text: str, *, mtime: int | None = None) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))
    return path


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    write(tmp_path, "a.md", "---\ntitle: Go Engineer\nsalary: $120k - $140k\n---\nGo.\n")
    write(tmp_path, "b.txt", "Rust Engineer\n\nLocation: Berlin (Hybrid)\n")
    write(tmp_path, "jobs.csv", "title,company\nQA Engineer,Testly\nSRE,Opsly\n")
    write(tmp_path, "page.html", "<h1>Data Engineer</h1><p>Spark.</p>")
    write(tmp_path, "faq/why.md", "---\nquestion: Why Go?\n---\nFast builds.\n")
    write(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\n")
    return tmp_path


def dumped(corpus: object) -> object:
    return corpus.model_dump(mode="json")  # type: ignore[attr-defined]


def test_a_second_read_parses_nothing_and_one_edit_parses_one_file(knowledge: Path) -> None:
    reader = KnowledgeReader(workers=1)
    first = reader.read([knowledge])
    assert reader.parsed_last == 6
    assert dumped(first) == dumped(load_directories([knowledge]))
    again = reader.read([knowledge])
    assert reader.parsed_last == 0
    assert dumped(again) == dumped(first)
    write(knowledge, "b.txt", "Rust Engineer\n\nLocation: Munich (Hybrid)\n", mtime=1)
    edited = reader.read([knowledge])
    assert reader.parsed_last == 1
    assert dumped(edited) == dumped(load_directories([knowledge]))
    assert next(p for p in edited.postings if p.source == "b.txt").location == "Munich"
    # Postings of files that did not change are the very same objects: the index keeps them.
    unchanged = {p.id: p for p in first.postings if p.source != "b.txt"}
    assert all(unchanged[p.id] is p for p in edited.postings if p.source != "b.txt")


def test_removed_and_added_files_and_errors_follow_the_directory(
    knowledge: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reader = KnowledgeReader(workers=1)
    with caplog.at_level(logging.WARNING, logger="jobbot.ingest"):
        reader.read([knowledge])
        reader.read([knowledge])
    # A bad file is in every corpus, but logged once, not on every reload.
    assert [e.source for e in reader.read([knowledge]).errors] == ["broken.md"]
    assert sum("broken.md" in r.getMessage() for r in caplog.records) == 1
    (knowledge / "a.md").unlink()
    write(knowledge, "c.md", "# Kotlin Engineer\n\nAndroid.\n")
    corpus = reader.read([knowledge])
    assert reader.parsed_last == 1
    assert "a.md" not in {p.source for p in corpus.postings}
    assert "Kotlin Engineer" in {p.title for p in corpus.postings}


def test_a_duplicate_id_is_still_reported_across_reads(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "a.md", "---\nid: backend-1\ntitle: Backend\n---\nx\n")
    write(two, "b.md", "---\nid: backend-1\ntitle: Backend again\n---\ny\n")
    reader = KnowledgeReader(workers=1)
    for _ in range(2):
        corpus = reader.read([one, two])
        assert [p.title for p in corpus.postings] == ["Backend"]
        assert [e.message for e in corpus.errors] == [
            "id 'backend-1' is already used by a.md; skipped"
        ]


def test_a_parallel_cold_read_equals_reading_in_process(knowledge: Path) -> None:
    for i in range(12):
        write(knowledge, f"bulk/p{i}.md", f"---\ntitle: Engineer {i}\n---\nPython {i}.\n")
    parallel = KnowledgeReader(workers=2, parallel_threshold=1).read([knowledge])
    assert dumped(parallel) == dumped(KnowledgeReader(workers=1).read([knowledge]))


def test_directory_source_reparses_only_the_changed_file(
    knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jobbot.ingest.reader as reader_module

    parsed: list[str] = []
    real = reader_module.read_entry

    def counting(entry: object) -> object:
        parsed.append(entry.source)  # type: ignore[attr-defined]
        return real(entry)  # type: ignore[arg-type]

    monkeypatch.setattr(reader_module, "read_entry", counting)
    source = DirectorySource(knowledge)
    source.load()
    assert len(parsed) == 6
    parsed.clear()
    write(knowledge, "a.md", "---\ntitle: Go Engineer\nsalary: $150k\n---\nGo.\n", mtime=2)
    corpus = source.load()
    assert parsed == ["a.md"]
    assert next(p for p in corpus.postings if p.source == "a.md").salary.min == 150_000  # type: ignore[union-attr]


def test_a_file_added_before_every_other_parses_only_that_file(knowledge: Path) -> None:
    """Every other file moves down one place in the listing; none is parsed again."""
    reader = KnowledgeReader(workers=1)
    reader.read([knowledge])
    write(knowledge, "0-first.md", "---\ntitle: Elm Engineer\n---\nElm.\n")
    (knowledge / "page.html").rename(knowledge / "zz-page.html")
    corpus = reader.read([knowledge])
    assert reader.parsed_last == 2
    assert dumped(corpus) == dumped(load_directories([knowledge]))


def test_every_posting_names_its_directory_source_after_edits(knowledge: Path) -> None:
    source = DirectorySource(knowledge)
    source.load()
    write(knowledge, "b.txt", "Rust Engineer\n\nLocation: Munich (Hybrid)\n", mtime=5)
    write(knowledge, "new.md", "# Zig Engineer\n\nZig.\n")
    corpus = source.load()
    assert {p.origin for p in corpus.postings} == {source.key}
    assert "Zig Engineer" in {p.title for p in corpus.postings}
