"""`jobbot index` for a person: tables of what was read, and of every file that was not.

Piped or with `NO_COLOR`, it prints `jobbot.ingest.summary`'s line-per-item text instead, so
scripts and `grep` keep working on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jobbot.app.terminal import Column, Terminal
from jobbot.ingest.summary import summarize
from jobbot.models import Corpus
from jobbot.present import facts


def print_report(terminal: Terminal, corpus: Corpus, directories: Sequence[Path]) -> None:
    """Counts, then a table each of postings, FAQ entries and file errors."""
    if not terminal.styled:
        terminal.write(summarize(corpus, directories))
        return
    where = ", ".join(str(d) for d in directories)
    terminal.markdown(
        f"Loaded **{len(corpus.postings)}** postings and **{len(corpus.faq)}** FAQ entries "
        f"from {where}"
    )
    if corpus.postings:
        rows = []
        for posting in corpus.postings:
            shown = facts(posting)
            rows.append(
                [
                    posting.title,
                    posting.company or "",
                    shown.location or "",
                    "/".join(posting.workplace),
                    shown.employment or "",
                    shown.salary or "",
                    posting.source,
                ]
            )
        columns = [
            Column("Title", min_width=18),
            Column("Company", min_width=10),
            Column("Location", min_width=10),
            Column("Workplace"),
            Column("Type"),
            Column("Salary", min_width=12),
            Column("File", min_width=12),
        ]
        terminal.table(columns, rows, title="Postings")
    if corpus.faq:
        terminal.table(
            [Column("Question", min_width=30), Column("File", min_width=12)],
            [[entry.question, entry.source] for entry in corpus.faq],
            title="FAQ",
        )
    if corpus.errors:
        terminal.table(
            [Column("File", min_width=12), Column("Problem", min_width=30)],
            [[error.source, error.message] for error in corpus.errors],
            title=f"{len(corpus.errors)} file(s) could not be read",
        )
