"""Reading knowledge directories again and again, parsing only what changed.

A running bot re-reads its knowledge whenever a file changes; at 100,000 postings parsing
everything again takes minutes, re-listing the files well under a second. `KnowledgeReader`
keeps each file's result keyed by its (size, modification time) and parses a file again only
when those moved, so one edited file costs one parse. A first read with many files is split
across processes (both cores of a small server), each file parsed exactly as alone.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from jobbot.ingest.files import FileEntry, FileResult, assemble, log_errors, read_entry, scan
from jobbot.models import Corpus, FileError

log = logging.getLogger(__name__)

PARALLEL_THRESHOLD = 400  # fewer files than this parse faster in-process
_CHUNK = 200


def default_workers() -> int:
    """Processes for a cold read: every core this process may use, at most eight."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _read_chunk(entries: list[FileEntry]) -> list[FileResult]:
    return [read_entry(entry) for entry in entries]


class KnowledgeReader:
    """Reads directories into a `Corpus`, memoising each file by its (size, mtime).

    Safe to share between threads (the watcher and the scheduler): reads are serialised.
    """

    def __init__(
        self, *, workers: int | None = None, parallel_threshold: int = PARALLEL_THRESHOLD
    ) -> None:
        self.workers = default_workers() if workers is None else max(1, workers)
        self.parallel_threshold = parallel_threshold
        self._cache: dict[tuple[str, str], tuple[tuple[int, int], FileResult]] = {}
        self._lock = threading.Lock()
        self.parsed_last = 0  # how many files the last `read` parsed (the rest were reused)

    def read(self, directories: Iterable[Path]) -> Corpus:
        """Every knowledge file under the directories, as `load_directories` reads them."""
        with self._lock:
            return self._read([Path(d) for d in directories])

    def _read(self, directories: Sequence[Path]) -> Corpus:
        listed: list[tuple[str, FileEntry | FileError]] = []
        for root in directories:
            if not root.is_dir():
                missing = FileError(source=str(root), message="no such knowledge directory")
                listed.append((str(root), missing))
                continue
            key = str(root)
            listed.extend((key, entry) for entry in scan(root))
        stale: list[tuple[str, FileEntry]] = []
        for key, entry in listed:
            if isinstance(entry, FileEntry):
                cached = self._cache.get((key, entry.source))
                if cached is None or cached[0] != entry.stamp:
                    stale.append((key, entry))
        fresh = self._parse([entry for _, entry in stale])
        new_errors: list[FileError] = []
        for (key, entry), result in zip(stale, fresh, strict=True):
            self._cache[(key, entry.source)] = (entry.stamp, result)
            new_errors.extend(result[2])
        present = {(key, entry.source) for key, entry in listed if isinstance(entry, FileEntry)}
        for gone in [k for k in self._cache if k not in present]:
            del self._cache[gone]
        self.parsed_last = len(stale)
        results: list[tuple[str, FileResult]] = []
        for key, entry in listed:
            if isinstance(entry, FileError):
                results.append((key, ([], [], [entry])))
                new_errors.append(entry)
            else:
                results.append((entry.source, self._cache[(key, entry.source)][1]))
        log_errors(new_errors)
        return assemble(results)

    def _parse(self, entries: list[FileEntry]) -> list[FileResult]:
        if len(entries) < self.parallel_threshold or self.workers < 2:
            return [read_entry(entry) for entry in entries]
        chunks = [entries[i : i + _CHUNK] for i in range(0, len(entries), _CHUNK)]
        try:
            # forkserver: safe to start from a process that already runs threads
            context = get_context("forkserver")
            with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
                return [result for chunk in pool.map(_read_chunk, chunks) for result in chunk]
        except (OSError, RuntimeError, ValueError) as exc:  # no processes here: read in-process
            log.warning("parallel read unavailable (%s); reading in this process", exc)
            return [read_entry(entry) for entry in entries]


def load_directories(directories: Iterable[Path]) -> Corpus:
    """Every knowledge file under the directories; each bad file becomes a `FileError`.

    Ids must be unique across all directories: a later file reusing an id is reported
    rather than silently replacing the earlier one. One-off; a `KnowledgeReader` kept between
    reads re-parses only the files that changed."""
    return KnowledgeReader().read(directories)
