"""CSV and TSV exports: a header row, then one posting per row.

Job-search exports arrive as `.csv`/`.tsv`, and sometimes as a `.txt` holding a header line
and rows (with quoted, multi-line descriptions). `looks_tabular` recognises such text by its
header; `table_rows` reads the rows as mappings with the `csv` module (linear, and with a
cell-size limit so one unterminated quote cannot swallow the file silently).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.records import MAX_CELL, field_of

MAX_ROWS = 50_000
_HEADER_CELL = re.compile(r"[A-Za-z][A-Za-z0-9 _./()-]{0,60}")


def _delimiter(first_line: str, suffix: str) -> str:
    if suffix == ".tsv" or first_line.count("\t") > first_line.count(","):
        return "\t"
    if first_line.count(";") > first_line.count(","):
        return ";"
    return ","


def looks_tabular(text: str, suffix: str = ".txt") -> bool:
    """True when the first line is a header row naming a title column and two more known
    columns (`title,company_name,location,...`)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if len(first) > 5000:
        return False
    delimiter = _delimiter(first, suffix)
    try:
        cells = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:
        return False
    if len(cells) < 3 or not all(_HEADER_CELL.fullmatch(cell.strip()) for cell in cells):
        return False
    fields = [field_of(cell) for cell in cells]
    return "title" in fields and sum(1 for f in fields if f) >= 3


def table_rows(text: str, suffix: str = ".csv") -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row as column → cell) for every data row; `DocumentError` when the file
    has no header, or a row cannot be read (an unterminated quote, a cell over 200,000
    characters)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first, suffix))
    csv.field_size_limit(MAX_CELL)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise DocumentError("the table has no header row naming its columns")
        names = [cell.strip() for cell in header]
        if not any(field_of(name) for name in names):
            raise DocumentError(
                "no known column in the header (expected title, company, location, salary, "
                "description, url, ...)"
            )
        for count, row in enumerate(reader, start=1):
            if count > MAX_ROWS:
                raise DocumentError(f"more than {MAX_ROWS:,} rows; split the file")
            if not any(cell.strip() for cell in row):
                continue
            yield (
                reader.line_num,
                {
                    names[i] if i < len(names) else f"column {i + 1}": cell
                    for i, cell in enumerate(row)
                },
            )
    except csv.Error as exc:
        raise DocumentError(f"cannot read the table at line {reader.line_num}: {exc}") from None
