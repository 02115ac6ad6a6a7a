"""Hostile knowledge files: none can hang a load, leak a file from outside the directory, or
forge a line of a log or of `jobbot index`. Each case runs under a deadline in a child
process, so code that hangs fails the test instead of stalling the suite."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import pytest

from jobbot.app.cli import main
from jobbot.ingest import load_directories, parse_text
from jobbot.models import Corpus
from tests.ingest.bounded import within

GOOD = "---\ntitle: Data Engineer\n---\nSpark and SQL.\n"


def alias_bomb(key: str, depth: int = 9) -> str:
    """Each level is nine of the previous: 9**9 (387 million) strings from 450 bytes."""
    lines = ["l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, depth)]
    return "---\ntitle: Data Engineer\n" + "\n".join(lines) + f"\n{key}: *l{depth - 1}\n---\nSQL.\n"


def load(root: Path) -> Corpus:
    return load_directories([root])


@pytest.mark.parametrize(
    "key", ["location", "experience", "remote", "salary", "date", "seniority", "duration"]
)
def test_a_yaml_alias_bomb_is_refused_in_bounded_time(tmp_path: Path, key: str) -> None:
    (tmp_path / "bomb.md").write_text(alias_bomb(key), encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    assert len(alias_bomb(key)) < 500
    corpus, _ = within(10, load, tmp_path)
    assert [p.source for p in corpus.postings] == ["good.md"]
    [error] = corpus.errors
    assert error.source == "bomb.md"
    assert "an alias (*l0) is not allowed in front matter" in error.message
    assert "line 4" in error.message


@pytest.mark.parametrize(
    "nested",
    [
        "tags: " + "[" * 5000 + "]" * 5000,
        "tags: " + "{a: " * 3000 + "1" + "}" * 3000,
        "tags:\n" + "".join(" " * i + "- \n" for i in range(200)) + " " * 200 + "- x",
    ],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deeply_nested_front_matter_is_refused(tmp_path: Path, nested: str) -> None:
    (tmp_path / "deep.md").write_text(f"---\ntitle: QA\n{nested}\n---\nx\n", encoding="utf-8")
    corpus, _ = within(10, load, tmp_path)
    [error] = corpus.errors
    assert re.search(r"nested more than 16 levels deep|maximum nesting depth", error.message)


def test_deep_json_and_html_are_refused_quickly(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    # Building this tree takes time quadratic in its depth (minutes at 2 MiB).
    (tmp_path / "deep.html").write_text(
        "<h1>Deep Engineer</h1>" + "<div>" * 150_000 + "Go" + "</div>" * 150_000,
        encoding="utf-8",
    )
    (tmp_path / "nested.html").write_text(
        "<h1>Nested Engineer</h1>" + "<div>" * 300 + "<p>Go" * 2000 + "</div>" * 300,
        encoding="utf-8",
    )
    corpus, took = within(20, load, tmp_path)
    assert took < 5
    assert [(p.title, p.skills) for p in corpus.postings] == [("Nested Engineer", ["Go"])]
    errors = {e.source: e.message for e in corpus.errors}
    assert "nested too deeply" in errors["deep.json"]
    assert errors["deep.html"] == "HTML nested more than 512 levels deep (line 1); not read"


def test_the_salary_scan_is_linear_in_the_file(tmp_path: Path) -> None:
    # Every `1k€` is a figure; the sentence before each was once searched again: 30 s.
    text = "Data Engineer\n\n" + "1k€ " * 50_000
    parsed, took = within(20, parse_text, text, "big.txt")
    assert parsed.postings[0].salary is None  # single figures in running text are not pay
    assert took < 5


def test_a_link_out_of_the_knowledge_directory_is_refused_by_name(tmp_path: Path) -> None:
    knowledge, outside = tmp_path / "knowledge", tmp_path / "app"
    knowledge.mkdir()
    outside.mkdir()
    (outside / ".env").write_text("SLACK_BOT_TOKEN=xoxb-secret\nSLACK_SIGNING_SECRET=s3\n")
    (outside / "notes").mkdir()
    (outside / "notes" / "a.md").write_text("# Secret Engineer\n\nxoxb-secret\n")
    (knowledge / "env.txt").symlink_to(outside / ".env")
    (knowledge / "notes").symlink_to(outside / "notes")
    (knowledge / "real.md").write_text(GOOD)
    (knowledge / "alias.md").symlink_to(knowledge / "real.md")  # inside: followed
    (knowledge / "same-dir").symlink_to(knowledge)  # a folder: not followed (a loop)
    corpus = load(knowledge)
    assert sorted(p.source for p in corpus.postings) == ["alias.md", "real.md"]
    errors = {e.source: e.message for e in corpus.errors}
    assert errors["env.txt"] == "a link to outside the knowledge directory; not read"
    assert errors["notes"] == "a link to outside the knowledge directory; not read"
    assert errors["same-dir"].startswith("a link to a folder; not followed")
    dumped = json.dumps(corpus.model_dump(mode="json"))
    assert "xoxb-secret" not in dumped
    assert "SLACK_BOT_TOKEN" not in dumped


def test_a_pipe_in_the_knowledge_directory_is_reported_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "jobs.md")  # opening it for reading would block forever
    (tmp_path / "good.md").write_text(GOOD)
    corpus, _ = within(10, load, tmp_path)
    assert [p.source for p in corpus.postings] == ["good.md"]
    assert [(e.source, e.message) for e in corpus.errors] == [
        ("jobs.md", "not a regular file (a pipe, socket or device)")
    ]


FORGED = "evil\n  - Senior Fake Engineer  [forged.md]\n!.md"


def test_a_newline_in_a_file_name_cannot_forge_index_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / FORGED).write_text("# Real Title\n\nGo.\n", encoding="utf-8")
    (tmp_path / "bad\u202egnp.md").write_text("", encoding="utf-8")  # a bidi override
    assert main(["index", "--knowledge", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert not any(line.startswith("  - Senior Fake Engineer") for line in lines)
    assert "  - Real Title  [evil\\n  - Senior Fake Engineer  [forged.md]\\n!.md]" in lines
    assert "  ! bad\\u202egnp.md: the file is empty" in lines
    assert "\u202e" not in out


def test_a_newline_in_a_file_name_cannot_forge_log_lines(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "x\nWARNING forged entry.md").write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="jobbot.ingest"):
        load(tmp_path)
    [record] = [r for r in caplog.records if "skipped" in r.getMessage()]
    assert "\n" not in record.getMessage()
    assert "x\\nWARNING forged entry.md" in record.getMessage()
