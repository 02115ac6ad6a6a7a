"""What the command line and the console chat print: styled in a terminal, plain elsewhere.

Answers are markdown. In a terminal (and without `NO_COLOR`, or `TERM=dumb`) rich renders
them with emphasis and visible link targets, and lists become tables; piped into a file or
another program, the same text comes out plain (no markers, links as `text <url>`), so
scripts and `grep` see stable lines. Text from postings is untrusted: control characters
are dropped before anything reaches the terminal, so a posting cannot move the cursor,
retitle the window or hide a line.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

from jobbot.untrusted import printable

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ESCAPED = re.compile(r"\\([\\`*_~\[\]<>|])")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def safe(text: str) -> str:
    """Text without terminal control characters (escape sequences, carriage returns, bidi
    controls); newlines and tabs stay."""
    return printable(text)


def plain_text(markdown: str) -> str:
    """Markdown as plain terminal text: no emphasis markers, links as `text <url>`."""
    lines = []
    for line in safe(markdown).splitlines():
        line = _LINK.sub(r"\1 <\2>", line)
        line = line.replace("**", "").replace("`", "")
        line = _EMPHASIS.sub(r"\1", line)
        if len(line) > 2 and line.startswith("_") and line.endswith("_"):
            line = line[1:-1]
        lines.append(_ESCAPED.sub(r"\1", line))
    return "\n".join(lines)


def wants_style(stream: TextIO) -> bool:
    """True for an interactive terminal that has not asked for plain output (`NO_COLOR`,
    `TERM=dumb`)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


@dataclass(frozen=True)
class Column:
    """A table column: its header and how its cells line up."""

    header: str
    justify: Literal["left", "right"] = "left"
    wrap: bool = True
    """False keeps the cell on one line (cut with … when the terminal is too narrow)."""
    min_width: int | None = None
    """In a terminal: the narrowest this column may get, so a long neighbour cannot squeeze
    it to a letter a line."""


class Terminal:
    """Writes markdown, tables and text to one stream, styled only when it is a terminal."""

    def __init__(
        self, stream: TextIO | None = None, *, styled: bool | None = None, width: int | None = None
    ) -> None:
        self._stream = stream
        self.styled = wants_style(self.stream) if styled is None else styled
        self._width = width

    @property
    def stream(self) -> TextIO:
        """The stream given, else the current `sys.stdout` (which the chat's prompt may have
        replaced by the time anything is written)."""
        return self._stream if self._stream is not None else sys.stdout

    @property
    def width(self) -> int:
        return self._width or shutil.get_terminal_size((100, 24)).columns

    def render_markdown(self, markdown: str) -> str:
        """The markdown as this terminal shows it, ending without a newline."""
        if not self.styled:
            return plain_text(markdown)
        from rich.markdown import Markdown

        return self._capture(Markdown(_hard_breaks(safe(markdown)), hyperlinks=False))

    def render_table(
        self,
        columns: Sequence[Column | str],
        rows: Iterable[Sequence[str]],
        title: str | None = None,
    ) -> str:
        """Rows under headers: a rich table in a terminal, aligned plain columns elsewhere."""
        cols = [c if isinstance(c, Column) else Column(c) for c in columns]
        cells = [[safe(str(cell)) for cell in row] for row in rows]
        if not self.styled:
            return _plain_table(cols, cells, title)
        from rich import box
        from rich.table import Table

        table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", header_style="bold")
        for col in cols:
            table.add_column(
                col.header,
                justify=col.justify,
                no_wrap=not col.wrap,
                overflow="fold" if col.wrap else "ellipsis",
                min_width=col.min_width,
            )
        for row in cells:
            table.add_row(*row)
        return self._capture(table)

    def markdown(self, markdown: str) -> None:
        self.write(self.render_markdown(markdown))

    def table(
        self,
        columns: Sequence[Column | str],
        rows: Iterable[Sequence[str]],
        title: str | None = None,
    ) -> None:
        self.write(self.render_table(columns, rows, title))

    def write(self, text: str) -> None:
        """One block of already rendered text, then a newline."""
        self.stream.write(text + "\n")
        self.stream.flush()

    def _capture(self, renderable: object) -> str:
        from rich.console import Console

        console = Console(
            file=io.StringIO(), force_terminal=True, width=self.width, highlight=False
        )
        with console.capture() as captured:
            console.print(renderable)
        return "\n".join(line.rstrip() for line in captured.get().rstrip("\n").split("\n"))


def _hard_breaks(markdown: str) -> str:
    """Keep the engine's line structure: every line break is a hard break in markdown, so a
    posting's second line (skills, link) stays on its own line under the title."""
    return "\n".join(line + "  " if line.strip() else line for line in markdown.split("\n"))


def _plain_table(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], title: str | None
) -> str:
    widths = [len(c.header) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if columns[i].justify == "right" else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    lines = [title] if title else []
    lines.append(line([c.header for c in columns]))
    lines.extend(line(row) for row in rows)
    return "\n".join(lines)
