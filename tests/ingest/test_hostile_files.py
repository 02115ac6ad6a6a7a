"""Hostile and odd files in every format: each is reported by name with a reason a person can
act on, the readable part of it still loads, and every other file still loads."""

from __future__ import annotations

import json
from pathlib import Path

from jobbot.ingest import load_directories
from jobbot.ingest.files import MAX_FILE_BYTES
from jobbot.models import Corpus, Salary

GOOD = "---\ntitle: Data Engineer\n---\nSpark and SQL.\n"


def load_with(tmp_path: Path, files: dict[str, str | bytes]) -> Corpus:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return load_directories([tmp_path])


def errors_of(corpus: Corpus) -> dict[str, str]:
    return {error.source: error.message for error in corpus.errors}


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path: Path) -> None:
    corpus = load_with(
        tmp_path, {"huge.csv": "title\n" + "Engineer\n" * (MAX_FILE_BYTES // 9 + 10)}
    )
    assert [p.title for p in corpus.postings] == ["Data Engineer"]
    assert "too large for a knowledge file" in errors_of(corpus)["huge.csv"]


def test_binary_data_under_a_text_suffix_is_refused(tmp_path: Path) -> None:
    corpus = load_with(
        tmp_path,
        {"jobs.csv": b"title,company\n\x00\x01\x02\xff", "feed.json": b"\x1f\x8b\x08\x00\x00"},
    )
    errors = errors_of(corpus)
    assert "binary data" in errors["jobs.csv"]
    assert "binary data" in errors["feed.json"]  # gzip, saved as .json
    assert [p.title for p in corpus.postings] == ["Data Engineer"]


def test_latin1_text_is_named_with_its_line_and_a_page_that_declares_it_is_read(
    tmp_path: Path,
) -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body>'
        "<h1>Développeur Backend</h1><p>Salary: €55,000 per year.</p></body></html>"
    )
    corpus = load_with(
        tmp_path,
        {
            "notes.txt": "Backend Engineer\n\nCafé près de Zürich\n".encode("latin-1"),
            "offre.html": page.encode("cp1252"),
        },
    )
    assert errors_of(corpus) == {
        "notes.txt": "not valid UTF-8 text (byte 0xe9 on line 3); save the file as UTF-8"
    }
    offer = next(p for p in corpus.postings if p.source == "offre.html")
    assert offer.title == "Développeur Backend"
    assert offer.salary == Salary(min=55_000, max=55_000, currency="EUR", period="YEAR")


def test_utf16_files_with_a_bom_load_in_every_format(tmp_path: Path) -> None:
    corpus = load_with(
        tmp_path,
        {
            "jobs.csv": "title,company,location\nQA Engineer,Acme,Leeds\n".encode("utf-16"),
            "job.json": b"\xfe\xff"
            + json.dumps({"title": "SRE", "company": "Acme"}).encode("utf-16-be"),
        },
    )
    assert corpus.errors == []
    assert sorted(p.title for p in corpus.postings) == ["Data Engineer", "QA Engineer", "SRE"]


def test_deeply_nested_json_objects_and_lines_are_refused(tmp_path: Path) -> None:
    deep = '{"a":' * 50_000 + "1" + "}" * 50_000
    corpus = load_with(
        tmp_path,
        {
            "deep.json": deep,
            "feed.jsonl": json.dumps({"title": "Go Engineer", "company": "Acme"}) + "\n" + deep,
        },
    )
    errors = {e.source: e.message for e in corpus.errors}
    assert "nested too deeply" in errors["deep.json"]
    assert errors["feed.jsonl"] == "line 2: JSON nested too deeply"  # line 1 still loads
    assert sorted(p.title for p in corpus.postings) == ["Data Engineer", "Go Engineer"]


def test_a_bad_line_of_json_lines_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Go Engineer", "company": "Acme"}),
        '{"title": "Broken", ',
        json.dumps({"title": "SRE", "company": "Acme"}),
    ]
    corpus = load_with(tmp_path, {"feed.jsonl": "\n".join(lines)})
    assert errors_of(corpus) == {"feed.jsonl": "line 2: not valid JSON"}
    assert sorted(p.title for p in corpus.postings) == ["Data Engineer", "Go Engineer", "SRE"]


def _page(*scripts: str) -> str:
    tags = "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    return f"<html><head>{tags}</head><body><h1>Platform Engineer</h1><p>Go.</p></body></html>"


def test_json_ld_as_a_list_a_graph_or_invalid(tmp_path: Path) -> None:
    one = {"@type": "JobPosting", "title": "Android Engineer", "hiringOrganization": "Acme"}
    two = {"@type": "JobPosting", "title": "iOS Engineer", "hiringOrganization": "Acme"}
    corpus = load_with(
        tmp_path,
        {
            "list.html": _page(json.dumps([one, two])),
            "graph.html": _page(json.dumps({"@graph": [{"@type": "WebSite"}, one]})),
            "invalid.html": _page('{"@type": "JobPosting", "title": '),
            "deep.html": _page("[" * 50_000 + "]" * 50_000),
            "other.html": _page(json.dumps({"@type": "Organization", "name": "Acme"})),
        },
    )
    assert corpus.errors == []
    titles = sorted((p.source, p.title) for p in corpus.postings if p.source != "good.md")
    assert titles == [
        ("deep.html", "Platform Engineer"),  # unreadable JSON-LD: the page's own text
        ("graph.html", "Android Engineer"),
        ("invalid.html", "Platform Engineer"),
        ("list.html", "Android Engineer"),
        ("list.html", "iOS Engineer"),
        ("other.html", "Platform Engineer"),
    ]


def test_a_csv_with_only_a_header_or_ragged_rows(tmp_path: Path) -> None:
    corpus = load_with(
        tmp_path,
        {
            "empty.csv": "title,company,location\n",
            "ragged.csv": (
                "title,company,location\n"
                "Go Engineer,Acme\n"  # a cell short
                "SRE,Acme,Leeds,on call one week in six,extra\n"  # cells beyond the header
            ),
        },
    )
    errors = errors_of(corpus)
    assert errors["empty.csv"] == "the table has a header row but no rows"
    assert "ragged.csv" not in errors
    by_title = {p.title: p for p in corpus.postings if p.source == "ragged.csv"}
    assert by_title["Go Engineer"].location is None
    assert by_title["SRE"].location == "Leeds"
    assert "on call one week in six" in by_title["SRE"].description
