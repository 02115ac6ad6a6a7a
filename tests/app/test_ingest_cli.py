"""`jobbot index` as a user runs it: a readable summary, or JSON with every field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobbot.app.cli import main


def test_index_summary_on_the_seeds(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--knowledge", str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert "Loaded 5 postings and 6 FAQ entries" in out
    assert "San Francisco, CA · hybrid/remote · full-time · $130,000 – $190,000 / year" in out
    assert "California · workplace not stated · full-time · $35,000 – $65,000 / year" in out
    assert "could not be read" not in out


def test_index_json_has_every_field_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "job.md").write_text(
        "---\ntitle: Data Engineer\nsalary: €65,000 – €80,000 per year\n"
        "location: Berlin (Hybrid)\n---\nSpark and SQL.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["index", "--knowledge", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"postings", "faq", "errors"}
    [posting] = data["postings"]
    assert set(posting) >= {
        "id", "title", "company", "location", "workplace", "employment_type", "salary",
        "experience_years", "seniority", "skills", "department", "date_posted", "url",
        "description", "source", "content_hash",
    }  # fmt: skip
    assert posting["salary"] == {"min": 65000, "max": 80000, "currency": "EUR", "period": "YEAR"}
    assert posting["workplace"] == ["hybrid"]
    assert data["errors"] == [{"source": "empty.txt", "message": "the file is empty"}]


def test_index_lists_file_errors_but_still_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ok.md").write_text("# QA Engineer\n\nPlaywright.\n", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    assert main(["index", "--knowledge", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Loaded 1 postings" in out
    assert "! blob.txt: binary data" in out
