"""`jobbot sources`: each remote source with its kind, id, interval, last successful sync,
postings and last error, as the database records them; `--sync` fetches them now.

The sync takes the same per-source claims as the scheduler (with `--sync` every source is
claimed regardless of its interval), so running it beside a scheduler never reads a board
twice at once.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jobbot.app.options import StartupError, fail, source_specs, sources_file
from jobbot.app.terminal import Column, Terminal, safe
from jobbot.settings import Settings
from jobbot.sources.specs import SourceSpec, duration_label

if TYPE_CHECKING:
    from sqlalchemy import Engine


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "sources", help="list the remote sources and how their syncs went (--sync: fetch now)"
    )
    parser.add_argument(
        "--sources", type=Path, metavar="FILE", help="the sources file (default: $JOBBOT_SOURCES)"
    )
    parser.add_argument("--sync", action="store_true", help="fetch every source now, then list")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    """List the sources (after syncing them with `--sync`); exit 1 when a sync failed."""
    from jobbot.announce.fetched import statuses
    from jobbot.app.runtime import open_store

    try:
        specs = source_specs(args, settings)
    except StartupError as exc:
        return fail(str(exc))
    if not specs:
        if sources_file(args, settings) is None:
            return fail("no sources file: give --sources FILE or set JOBBOT_SOURCES")
        print("the sources file lists no [[source]]")
        return 0
    store, problem = open_store(settings)
    if store is None:
        return fail(str(problem))
    failed = False
    try:
        if args.sync:
            from jobbot.announce.syncer import SourceSyncer

            syncer = SourceSyncer(store, specs)
            try:
                outcomes = syncer.run_once(force=True)
            finally:
                syncer.close()
            if outcomes is None:
                print("another process is syncing the sources now; showing what it last recorded")
            failed = any(not o.ok for o in outcomes or [])
        found = statuses(store.engine, [s.key for s in specs])
    finally:
        store.close()
    rows = [_row(spec, found.get(spec.key)) for spec in specs]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print_sources(Terminal(), rows)
    return 1 if failed else 0


def print_sources(terminal: Terminal, rows: Sequence[dict[str, object]]) -> None:
    """A table in a terminal; `sources_text`'s lines in a pipe."""
    if not terminal.styled:
        terminal.write(sources_text(rows))
        return
    columns = [
        "Kind",
        "Id",
        "Every",
        "Last sync",
        Column("Postings", justify="right"),
        Column("Last error", min_width=20),
    ]
    table = [
        [
            str(row["kind"]),
            str(row["id"]),
            str(row["every"]),
            _moment(row["last_success"]) if row["last_success"] else "never",
            str(row["postings"]),
            str(row["last_error"] or ""),
        ]
        for row in rows
    ]
    terminal.table(columns, table, title=f"{len(rows)} source(s)")


def _row(spec: SourceSpec, status: object | None) -> dict[str, object]:
    def when(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    return {
        "kind": spec.kind,
        "id": spec.ident,
        "key": spec.key,
        "every": duration_label(spec.every),
        "last_success": when(getattr(status, "last_success_at", None)),
        "postings": getattr(status, "postings", 0),
        "syncs": getattr(status, "syncs", 0),
        "failures": getattr(status, "failures", 0),
        "last_error": _own_error(spec.key, getattr(status, "last_error", None)),
        "next_due": when(getattr(status, "next_due_at", None)),
    }


def _own_error(key: str, error: str | None) -> str | None:
    """The error without the source's key in front: the row already names the source."""
    if error and error.startswith(f"{key}: "):
        return error[len(key) + 2 :]
    return error


def _moment(iso: object) -> str:
    """`2026-12-01T20:41:19+00:00` as `2026-12-01 20:41 UTC` for reading."""
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if moment.utcoffset() is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _count(number: object, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def sources_text(rows: Sequence[dict[str, object]]) -> str:
    """One block per source: what it is, when it last synced, what went wrong and when it is
    tried again (a failing source keeps serving the postings of its last good sync)."""
    lines = [f"{len(rows)} source(s):"]
    for row in rows:
        synced = f"last sync {_moment(row['last_success'])}" if row["last_success"] else None
        postings = _count(row["postings"], "posting")
        failures = row.get("failures") or 0
        if failures and row["last_success"] and row["postings"]:
            postings += " (from the last good sync)"
        lines.append(
            f"  {row['kind']} {row['id']}  every {row['every']} · {synced or 'never synced'} · "
            f"{postings}"
        )
        if row["last_error"]:
            notes = [f"{_count(failures, 'failure')} in a row"] if failures else []
            if failures and row.get("next_due"):
                notes.append(f"next try {_moment(row['next_due'])}")
            said = f" ({'; '.join(notes)})" if notes else ""
            lines.append(f"      last error{said}: {row['last_error']}")
    return safe("\n".join(lines))  # errors quote what servers sent


def status_lines(engine: Engine) -> list[str]:
    """`jobbot scheduler --status`'s lines about the remote sources: how many, and each
    failing one with its last error."""
    from jobbot.announce.fetched import statuses

    found = sorted(statuses(engine).values(), key=lambda s: s.key)
    if not found:
        return []
    failing = [s for s in found if s.failing]
    lines = [f"sources: {len(found)} in the database, {len(failing)} failing"]
    for status in failing:
        error = safe(_own_error(status.key, status.last_error) or "no error recorded")
        held = f", serving {_count(status.postings, 'posting')}" if status.postings else ""
        lines.append(
            f"  failing {status.key} ({_count(status.failures, 'failure')} in a row{held}): {error}"
        )
    return lines
