"""`jobbot ask` as a user runs it: markdown by default, the Answer as JSON with --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobbot.app.cli import main
from jobbot.engine import Engine
from jobbot.models import Request
from jobbot.sources import directories


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    (root / "faq").mkdir(parents=True)
    for i, title in enumerate(["Python Developer", "Python Data Engineer", "Java Developer"]):
        (root / f"job{i}.md").write_text(f"---\ntitle: {title}\n---\n{title} wanted.\n")
    (root / "faq" / "q.md").write_text(
        "---\nquestion: How should I prepare for a technical interview?\n---\nPractice.\n"
    )
    return root


def test_ask_json_is_the_answer_model(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "python", "--knowledge", str(knowledge), "--json", "--limit", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = Engine.from_source(directories([knowledge])).ask(Request(text="python", page_size=1))
    assert data == expected.model_dump(mode="json")
    assert data["intent"] == "jobs"
    assert (data["total"], data["pages"], data["page_size"]) == (2, 2, 1)
    assert set(data["jobs"][0]) >= {"id", "title", "salary", "score"}
    assert data["query"]["keywords"] == ["python"]


def test_ask_prints_plain_text_when_not_a_terminal(
    knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "how", "should", "I", "prepare", "for", "a", "technical", "interview?",
                 "--knowledge", str(knowledge)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("How should I prepare for a technical interview?\n")
    assert "**" not in out


def test_ask_page_option(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["ask", "python", "--knowledge", str(knowledge), "--json", "--limit", "1", "--page", "2"])
    assert json.loads(capsys.readouterr().out)["page"] == 2


def test_ask_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "python", "--knowledge", str(tmp_path / "nope")]) == 2
    assert "no such knowledge directory" in capsys.readouterr().err


def test_ask_with_no_text_prints_help(knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--knowledge", str(knowledge)]) == 0
    assert "/jobs <query>" in capsys.readouterr().out
