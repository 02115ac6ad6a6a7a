"""Walking knowledge directories: every bad file is reported, every good file still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobbot.ingest import load_directories, load_file

GOOD = "---\ntitle: Data Engineer\nsalary: $120k - $140k\n---\nSpark and SQL.\n"


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nbody\n", "invalid YAML front matter"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("", "empty"),
        ("   \n\n", "empty"),
        (b"Backend Engineer\n\nPays \xe9\xe9 well\n", "not valid UTF-8"),
        ("---\n- a\n- b\n---\nBody text\n", "front matter must be a mapping"),
        ("---\njust words\n---\nBody\n", "front matter must be a mapping"),
        ("---\ntitle: Engineer\nno closing line\n", "no closing '---'"),
        ("---\nauthor: me\n---\n", "no title and no text"),
        (
            "We are a company that values people and this paragraph is not a title at all, "
            "being long and ending like a sentence.\n",
            "no job title found",
        ),
        ("---\nquestion: Why?\n---\n", "no FAQ entry"),
    ],
)
def test_bad_file_is_reported_and_others_still_load(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "bad.md", content)
    corpus = load_directories([tmp_path])
    assert [p.title for p in corpus.postings] == ["Data Engineer"]
    [error] = corpus.errors
    assert error.source == "bad.md"
    assert reason in error.message


def test_bad_yaml_error_names_the_file_line(tmp_path: Path) -> None:
    write(tmp_path, "bad.md", "---\ntitle: ok\nsalary: [1, 2\nlocation: x\n---\nbody\n")
    [error] = load_directories([tmp_path]).errors
    # The unclosed list opens on line 3 of the file, column 9.
    assert "starts at line 3, column 9" in error.message


def test_walks_subfolders_and_only_knowledge_suffixes(tmp_path: Path) -> None:
    write(tmp_path, "postings/a.md", GOOD)
    write(tmp_path, "postings/deep/b.markdown", "# Site Reliability Engineer\n\nOn call.\n")
    write(tmp_path, "c.txt", "QA Engineer\n\nTesting.\n")
    write(tmp_path, "notes.json", "{}")
    write(tmp_path, "scan.pdf", b"%PDF-1.4")
    write(tmp_path, ".git/HEAD.md", "# not knowledge\n")
    write(tmp_path, ".hidden.md", "# not knowledge\n")
    corpus = load_directories([tmp_path])
    assert sorted(p.source for p in corpus.postings) == [
        "c.txt",
        "postings/a.md",
        "postings/deep/b.markdown",
    ]
    # A file of another kind is not read, and one that holds no posting is not either: the
    # report says so for each rather than staying silent.
    assert {e.source: e.message for e in corpus.errors} == {
        "notes.json": (
            "no job posting found in the JSON: expected a JobPosting object, a list of them, "
            "JSON Lines, or objects with a `title`"
        ),
        "scan.pdf": (
            "not read: only .csv, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .tsv, "
            ".txt, .xhtml files hold knowledge"
        ),
    }


def test_several_directories_and_duplicate_ids_reported(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "a.md", "---\nid: backend-1\ntitle: Backend\n---\nx\n")
    write(two, "b.md", "---\nid: backend-1\ntitle: Backend again\n---\ny\n")
    write(two, "c.md", GOOD)
    corpus = load_directories([one, two])
    assert [p.title for p in corpus.postings] == ["Backend", "Data Engineer"]
    [error] = corpus.errors
    assert error.source == "b.md"
    assert "already used by a.md" in error.message


def test_load_file_rereads_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, "jobs/a.md", GOOD)
    postings, faq, errors = load_file(path, tmp_path)
    assert [p.source for p in postings] == ["jobs/a.md"]
    assert faq == []
    assert errors == []
    before = postings[0]
    path.write_text(GOOD.replace("$140k", "$150k"), encoding="utf-8")
    [after], _, _ = load_file(path, tmp_path)
    assert after.id == before.id  # the same posting, edited
    assert after.content_hash != before.content_hash
    assert after.salary is not None
    assert after.salary.max == 150000


def test_utf8_bom_and_utf16_files_are_text(tmp_path: Path) -> None:
    write(tmp_path, "bom.md", "\ufeff---\ntitle: Café Engineer\n---\nBody\n".encode())
    write(tmp_path, "wide.txt", "Data Analyst\n\nSQL daily.\n".encode("utf-16"))
    corpus = load_directories([tmp_path])
    assert corpus.errors == []
    assert sorted(p.title for p in corpus.postings) == ["Café Engineer", "Data Analyst"]


def test_explicit_id_is_kept_and_made_safe(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nid: acme-backend-2024\ntitle: Backend\n---\nx\n")
    write(tmp_path, "b.md", "---\nid: 'acme backend/2024 #2'\ntitle: Backend 2\n---\nx\n")
    ids = [p.id for p in load_directories([tmp_path]).postings]
    assert ids[0] == "acme-backend-2024"
    assert all(c.isalnum() or c in "-_." for c in ids[1])


def test_derived_ids_are_short_even_for_long_paths(tmp_path: Path) -> None:
    write(tmp_path, "a/" * 10 + "x" * 120 + ".md", GOOD)
    [posting] = load_directories([tmp_path]).postings
    assert len(posting.id) <= 40


def test_missing_directory_is_an_error_not_a_crash(tmp_path: Path) -> None:
    corpus = load_directories([tmp_path / "nope"])
    assert corpus.postings == []
    assert "no such knowledge directory" in corpus.errors[0].message
