"""A knowledge directory as a source: a cheap fingerprint, parsing only when files change."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from jobbot.sources import DirectorySource, SourceError, directories


def _write(path: Path, title: str) -> None:
    path.write_text(f"---\ntitle: {title}\n---\nWe build things.\n", encoding="utf-8")
    stamp = time.time() + 1  # a distinct mtime even on coarse filesystem clocks
    os.utime(path, (stamp, stamp))


def test_reparses_only_when_files_change(tmp_path: Path) -> None:
    """An idle pass must not re-read every file: same files, same corpus object."""
    _write(tmp_path / "a.md", "Rust Engineer")
    source = directories([tmp_path])
    first = source.load()
    assert source.load() is first
    _write(tmp_path / "b.md", "Elixir Engineer")
    second = source.load()
    assert second is not first
    assert sorted(p.title for p in second.postings) == ["Elixir Engineer", "Rust Engineer"]


def test_fingerprint_moves_with_any_file_and_key_names_the_directory(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", "Rust Engineer")
    source = DirectorySource(tmp_path)
    before = source.fingerprint()
    assert source.fingerprint() == before
    _write(tmp_path / "a.md", "Go Engineer")
    assert source.fingerprint() != before
    assert source.key == f"dir:{tmp_path.resolve()}"
    assert [p.origin for p in source.load().postings] == [source.key]


def test_a_missing_directory_is_an_error_not_an_empty_corpus(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="knowledge directory not found"):
        DirectorySource(tmp_path / "gone").load()
