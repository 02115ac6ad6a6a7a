"""`--sources FILE` on the commands, `jobbot index --sources FILE --json`, `jobbot sources`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from jobbot.app.cli import main
from tests.support.board_server import Board


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "job.md").write_text("---\ntitle: Data Engineer\n---\nSpark and SQL.\n")
    return folder


def sources_file(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def greenhouse(board: Board) -> str:
    return f'[[source]]\nkind = "greenhouse"\nid = "{board.name}"\nurl = "{board.url}"\n'


def test_index_json_prints_board_postings_with_the_fields_of_file_postings(
    tmp_path: Path, knowledge: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    board = Board(httpserver)
    gone = httpserver.url_for("/v0/postings/gone")
    httpserver.expect_request("/v0/postings/gone").respond_with_data("Not Found", status=404)
    down = f'[[source]]\nkind = "lever"\nid = "gone"\nurl = "{gone}"\n'
    path = sources_file(tmp_path, greenhouse(board), down)
    code = main(["index", "--knowledge", str(knowledge), "--sources", str(path), "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    by_title = {p["title"]: p for p in data["postings"]}
    assert set(by_title) == {"Data Engineer", "Account Manager"}
    remote, local = by_title["Account Manager"], by_title["Data Engineer"]
    assert set(remote) == set(local)
    assert remote["id"] == "greenhouse:airbnb:8184174"
    assert remote["origin"] == "greenhouse:airbnb"
    assert remote["salary"] == {"min": 46000.0, "max": 54000.0, "currency": "GBP", "period": "YEAR"}
    (error,) = data["errors"]
    assert error["source"] == "lever:gone"
    assert "answered HTTP 404" in error["message"]


def test_a_bad_sources_file_names_the_line_and_key(
    tmp_path: Path, knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sources_file(tmp_path, '[[source]]\nkind = "greenhouse"\nid = "x"\nevry = "1h"\n')
    commands = (
        ["index", "--knowledge", str(knowledge)],
        ["ask", "python"],
        ["sources"],
        ["chat"],
        ["run"],
        ["scheduler", "--once"],
    )
    for command in commands:
        assert main([*command, "--sources", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"jobbot: {path}, line 4: evry: unknown key" in err
        assert "Traceback" not in err


def test_sources_sync_then_list(
    tmp_path: Path,
    knowledge: Path,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    board = Board(httpserver)
    broken = Board(httpserver, "broken")
    broken.status = 404
    path = sources_file(tmp_path, greenhouse(board), greenhouse(broken))
    monkeypatch.setenv("JOBBOT_SOURCES", str(path))  # the environment names the file
    assert main(["sources"]) == 0
    assert "greenhouse airbnb  every 15m · never synced · 0 postings" in capsys.readouterr().out
    assert main(["sources", "--sync"]) == 1  # one source failed
    out = capsys.readouterr().out
    assert "greenhouse airbnb  every 15m · last sync 20" in out
    assert " UTC · 1 posting\n" in out
    assert "greenhouse broken  every 15m · never synced · 0 postings" in out
    assert "last error (1 failure in a row; next try 20" in out
    assert "answered HTTP 404" in out
    assert main(["sources", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["id"], r["postings"]) for r in rows] == [
        ("greenhouse", "airbnb", 1),
        ("greenhouse", "broken", 0),
    ]
    assert rows[0]["last_success"] is not None
    assert rows[1]["last_error"] is not None
    # `jobbot ask` answers from what the database holds, without fetching
    hits_before = board.hits
    assert main(["ask", "account manager", "--knowledge", str(knowledge), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["jobs"][0]["id"] == "greenhouse:airbnb:8184174"
    assert board.hits == hits_before
    # a board failing after a good sync keeps its postings, and says so
    board.status = 404
    assert main(["sources", "--sync"]) == 1
    out = capsys.readouterr().out
    assert "1 posting (from the last good sync)" in out
    assert main(["scheduler", "--status"]) == 0
    status = capsys.readouterr().out
    assert "sources: 2 in the database, 2 failing" in status
    assert "failing greenhouse:airbnb (1 failure in a row, serving 1 posting): http" in status


def test_sources_without_a_file_says_how_to_give_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources"]) == 2
    assert "give --sources FILE or set JOBBOT_SOURCES" in capsys.readouterr().err
