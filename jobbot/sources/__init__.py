"""Where knowledge comes from: one `Source` protocol, one module per kind of source.

`directories(paths)` is what the command line builds from `--knowledge DIR`; every consumer
(engine, watcher, scheduler, index cache) takes any `Source`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jobbot.sources.base import Source, SourceError
from jobbot.sources.composite import CompositeSource, merge
from jobbot.sources.directory import DirectorySource


def directories(paths: Iterable[Path | str]) -> CompositeSource:
    """A source over knowledge directories, in order (earlier ones win a reused id)."""
    return CompositeSource(DirectorySource(path) for path in paths)


__all__ = [
    "CompositeSource",
    "DirectorySource",
    "Source",
    "SourceError",
    "directories",
    "merge",
]
