"""The incremental walk: a look that reuses the last one sees exactly what a fresh look sees,
whatever changed on disk (an edit in place of the same size, a file added in a subfolder, a
rename, a folder removed, a link, a pipe)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from jobbot.ingest.files import scan, walk
from jobbot.sources import DirectorySource

_STAMP = [1_700_000_000_000_000_000]


def _put(path: Path, text: str) -> None:
    """Write `text`, with an mtime of its own (later than any before)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _STAMP[0] += 1_000_000_007
    os.utime(path, ns=(_STAMP[0], _STAMP[0]))


def _posting(title: str) -> str:
    return f"---\ntitle: {title}\n---\nWe build things.\n"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _change(root: Path, rng: random.Random, step: int) -> None:
    files = _files(root)
    what = rng.choice(
        ["edit-same-size", "edit", "add", "add-deep", "remove", "rename", "remove-folder",
         "hidden", "other-suffix", "link-inside", "link-outside", "pipe", "file-to-folder"]
    )  # fmt: skip
    target = rng.choice(files) if files else root / "first.md"
    if what == "edit-same-size" and files:
        text = target.read_text(encoding="utf-8")
        _put(target, text[:-2] + ("ab" if text[-2:] != "ab" else "cd"))
    elif what == "edit" and files:
        _put(target, target.read_text(encoding="utf-8") + f"More {step}.\n")
    elif what == "add":
        _put(
            root / rng.choice(["", "jobs/", "jobs/backend/"]) / f"n{step}.md", _posting(f"N{step}")
        )
    elif what == "add-deep":
        _put(root / f"d{step}" / "e" / "f" / "deep.md", _posting(f"Deep {step}"))
    elif what == "remove" and files:
        target.unlink()
    elif what == "rename" and files:
        target.rename(target.with_name(f"r{step}.md"))
    elif what == "remove-folder":
        folders = sorted(p for p in root.rglob("*") if p.is_dir() and not p.is_symlink())
        if folders:
            shutil.rmtree(rng.choice(folders))
    elif what == "hidden":
        _put(root / "jobs" / f".draft{step}.md", _posting("Hidden"))
    elif what == "other-suffix":
        _put(root / f"notes{step}.pdf", "%PDF")
    elif what == "link-inside" and files:
        (root / f"link{step}.md").symlink_to(target)
    elif what == "link-outside":
        (root / f"out{step}.md").symlink_to(root.parent / "outside.md")
    elif what == "pipe" and hasattr(os, "mkfifo"):
        os.mkfifo(root / f"pipe{step}.md")
    elif what == "file-to-folder" and files:
        target.unlink()
        _put(target / "inside.md", _posting("Inside"))


@pytest.mark.parametrize("seed", range(6))
def test_a_walk_from_the_last_one_equals_a_fresh_walk(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "knowledge"
    _put(tmp_path / "outside.md", _posting("Outside"))
    for i in range(30):
        _put(
            root / rng.choice(["", "jobs/", "jobs/backend/", "faq/"]) / f"p{i}.md",
            _posting(f"P{i}"),
        )
    last = walk(str(root))
    for step in range(40):
        _change(root, rng, step)
        again = walk(str(root), last)
        fresh = walk(str(root))
        assert again.entries == fresh.entries == tuple(scan(root))
        assert again.digest == fresh.digest
        assert (again.digest == last.digest) == (again.entries == last.entries)
        last = again


def test_an_idle_walk_returns_the_same_entries_and_digest(tmp_path: Path) -> None:
    for i in range(5):
        _put(tmp_path / "jobs" / f"p{i}.md", _posting(f"P{i}"))
    first = walk(str(tmp_path))
    again = walk(str(tmp_path), first)
    assert again.entries is first.entries
    assert again.digest == first.digest


def test_an_edit_in_place_of_the_same_size_is_seen(tmp_path: Path) -> None:
    """The folder's mtime does not move when a file is rewritten in place: only the file's
    own does, and the source sees it."""
    path = tmp_path / "jobs" / "a.md"
    _put(path, _posting("Rust Engineer"))
    source = DirectorySource(tmp_path)
    before = source.fingerprint()
    assert [p.title for p in source.load().postings] == ["Rust Engineer"]
    folder_mtime = (tmp_path / "jobs").stat().st_mtime_ns
    _put(path, _posting("Ruby Engineer"))  # same length
    assert (tmp_path / "jobs").stat().st_mtime_ns == folder_mtime
    assert source.fingerprint() != before
    assert [p.title for p in source.load().postings] == ["Ruby Engineer"]


def test_a_file_added_in_a_subfolder_and_a_rename_are_seen(tmp_path: Path) -> None:
    _put(tmp_path / "a.md", _posting("Go Engineer"))
    _put(tmp_path / "jobs" / "b.md", _posting("Kotlin Engineer"))
    source = DirectorySource(tmp_path)
    source.load()
    _put(tmp_path / "jobs" / "deeper" / "c.md", _posting("Elixir Engineer"))
    assert sorted(p.title for p in source.load().postings) == [
        "Elixir Engineer",
        "Go Engineer",
        "Kotlin Engineer",
    ]
    (tmp_path / "jobs" / "b.md").rename(tmp_path / "jobs" / "z.md")
    postings = source.load().postings
    assert {p.source for p in postings} == {"a.md", "jobs/z.md", "jobs/deeper/c.md"}
