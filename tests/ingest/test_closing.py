"""When a posting says it closes: front matter `valid_through` / `expires` / `closes` (and
their usual spellings) or a labelled line in the text."""

from __future__ import annotations

from datetime import date

import pytest

from jobbot.ingest.parse import parse_text


def closing_date(text: str) -> date | None:
    [posting] = parse_text(text, "postings/role.md", "hash").postings
    return posting.valid_through


@pytest.mark.parametrize(
    "field",
    [
        "valid_through: 2026-04-30",
        "validThrough: 2026-04-30T23:59:59Z",
        "expires: 2026-04-30",
        "closes: April 30, 2026",
        "Closing date: 30 April 2026",
        "application_deadline: '2026-04-30'",
    ],
)
def test_front_matter_says_when_it_closes(field: str) -> None:
    text = f"---\ntitle: Backend Engineer\n{field}\n---\nBuild services in Go.\n"
    assert closing_date(text) == date(2026, 4, 30)


def test_a_labelled_line_says_when_it_closes() -> None:
    text = "# Data Engineer\n\nLocation: Berlin\nApplication deadline: 30 April 2026\n\nSQL.\n"
    assert closing_date(text) == date(2026, 4, 30)


def test_no_date_or_an_unreadable_one_leaves_it_open_ended() -> None:
    assert closing_date("---\ntitle: Designer\n---\nFigma.\n") is None
    assert closing_date("---\ntitle: Designer\ncloses: when filled\n---\nFigma.\n") is None
