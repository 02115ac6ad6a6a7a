"""A running engine picks up changed knowledge without a restart, and keeps a good index."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from jobbot.engine import Engine
from jobbot.models import Request
from jobbot.sources import directories
from jobbot.watcher import KnowledgeWatcher

POSTING = """---
title: {title}
location: Berlin, Germany
salary: "€70,000 – €90,000 per year"
---
We build {skill} services.
"""


def _write(path: Path, title: str, skill: str) -> None:
    path.write_text(POSTING.format(title=title, skill=skill), encoding="utf-8")
    stamp = time.time() + 1  # a distinct mtime even on coarse filesystem clocks
    os.utime(path, (stamp, stamp))


def _titles(engine: Engine, text: str) -> list[str]:
    return [hit.title for hit in engine.ask(Request(text=text, command="jobs")).jobs]


def test_new_file_is_answered_after_check(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", "Rust Engineer", "Rust")
    engine = Engine.from_source(directories([tmp_path]))
    watcher = KnowledgeWatcher(engine, directories([tmp_path]))
    assert watcher.check() is False
    _write(tmp_path / "b.md", "Elixir Engineer", "Elixir")
    assert _titles(engine, "elixir") == []
    assert watcher.check() is True
    assert _titles(engine, "elixir") == ["Elixir Engineer"]
    assert watcher.check() is False


def test_malformed_file_keeps_the_rest(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", "Rust Engineer", "Rust")
    engine = Engine.from_source(directories([tmp_path]))
    watcher = KnowledgeWatcher(engine, directories([tmp_path]))
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert watcher.check() is True
    assert _titles(engine, "rust") == ["Rust Engineer"]
    assert [e.source for e in engine.corpus.errors] == ["broken.md"]


def test_vanished_directory_keeps_last_index(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    _write(folder / "a.md", "Rust Engineer", "Rust")
    engine = Engine.from_source(directories([folder]))
    watcher = KnowledgeWatcher(engine, directories([folder]))
    shutil.rmtree(folder)
    assert watcher.check() is False
    assert _titles(engine, "rust") == ["Rust Engineer"]


def test_background_thread_reloads(tmp_path: Path) -> None:
    _write(tmp_path / "a.md", "Rust Engineer", "Rust")
    engine = Engine.from_source(directories([tmp_path]))
    watcher = KnowledgeWatcher(engine, directories([tmp_path]), interval=0.05).start()
    try:
        _write(tmp_path / "b.md", "Elixir Engineer", "Elixir")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not _titles(engine, "elixir"):
            time.sleep(0.05)
        assert _titles(engine, "elixir") == ["Elixir Engineer"]
    finally:
        watcher.stop()


def test_postings_the_store_holds_closed_leave_search_at_the_next_check(tmp_path: Path) -> None:
    knowledge = tmp_path / "k"
    (knowledge / "postings").mkdir(parents=True)
    for name in ("kept", "closed"):
        (knowledge / "postings" / f"{name}.md").write_text(
            f"---\nid: {name}\ntitle: Go Developer {name}\n---\nGolang services.\n",
            encoding="utf-8",
        )
    source = directories([knowledge])
    engine = Engine.from_source(source)
    held: set[str] = set()
    watcher = KnowledgeWatcher(engine, source, interval=60, closed=lambda: held)

    def found() -> list[str]:
        return sorted(h.id for h in engine.ask(Request(text="golang", command="jobs")).jobs)

    watcher.hide_closed()
    assert found() == ["closed", "kept"]
    held.add("closed")
    watcher.hide_closed()
    assert found() == ["kept"]

    def broken() -> set[str]:
        raise RuntimeError("database is locked")

    watcher.closed = broken
    watcher.hide_closed()  # a database problem keeps the last set, no traceback
    assert found() == ["kept"]
