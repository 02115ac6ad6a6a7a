"""Several sources as one: duplicate ids reported once, a failing source keeps its last
good postings, and nothing is re-merged when nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jobbot.models import Corpus, Posting
from jobbot.sources import CompositeSource, SourceError, directories


def _posting(folder: Path, name: str, title: str, posting_id: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    explicit = f"id: {posting_id}\n" if posting_id else ""
    (folder / name).write_text(f"---\n{explicit}title: {title}\n---\nText.\n", encoding="utf-8")


def test_an_id_used_by_two_sources_is_kept_once_and_reported(tmp_path: Path) -> None:
    _posting(tmp_path / "one", "a.md", "Rust Engineer", "same-id")
    _posting(tmp_path / "two", "b.md", "Go Engineer", "same-id")
    corpus = directories([tmp_path / "one", tmp_path / "two"]).load()
    assert [p.title for p in corpus.postings] == ["Rust Engineer"]
    assert [e.message for e in corpus.errors] == ["id 'same-id' is already used by a.md; skipped"]


def test_a_source_that_fails_after_loading_keeps_its_postings(tmp_path: Path) -> None:
    _posting(tmp_path / "one", "a.md", "Rust Engineer")
    _posting(tmp_path / "two", "b.md", "Go Engineer")
    source = directories([tmp_path / "one", tmp_path / "two"])
    first = source.load()
    shutil.rmtree(tmp_path / "two")
    again = source.load()
    assert again is first  # nothing new: the same corpus, nothing looks removed
    assert sorted(p.title for p in again.postings) == ["Go Engineer", "Rust Engineer"]
    assert list(source.failures.values()) == [f"knowledge directory not found: {tmp_path / 'two'}"]


def test_a_source_that_never_loaded_fails_the_load(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        directories([tmp_path / "nowhere"]).load()


class Counting:
    """A source that is not a directory: anything with key, fingerprint and load."""

    key = "test:counting"

    def __init__(self) -> None:
        self.loads = 0
        self.corpus = Corpus(postings=[Posting(id="x", title="Counted", source="test")])

    def fingerprint(self) -> str:
        return "same"

    def load(self) -> Corpus:
        self.loads += 1
        return self.corpus


def test_any_object_with_the_protocol_is_a_source(tmp_path: Path) -> None:
    _posting(tmp_path, "a.md", "Rust Engineer")
    counting = Counting()
    both = CompositeSource([directories([tmp_path]), counting])
    first = both.load()
    assert sorted(p.title for p in first.postings) == ["Counted", "Rust Engineer"]
    assert both.load() is first
    assert counting.loads == 2
    assert both.key == f"all(dir:{tmp_path.resolve()},test:counting)"
