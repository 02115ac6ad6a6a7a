"""Reading knowledge directories again and again, parsing only what changed.

A running bot re-reads its knowledge whenever a file changes; at 100,000 postings parsing
everything again takes minutes, re-listing the files well under a second. `KnowledgeReader`
keeps each file's result keyed by its (size, modification time) and parses a file again only
when those moved, so one edited file costs one parse. A first read with many files is split
across processes (both cores of a small server), each file parsed exactly as alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from array import array
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from jobbot import progress
from jobbot.ingest.files import FileEntry, FileResult, assemble, log_errors, read_entry, scan
from jobbot.models import Corpus, FileError

log = logging.getLogger(__name__)

_NONE: tuple[()] = ()
READING = "reading knowledge files"
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


Listed = tuple[str, FileEntry | FileError]


@dataclass(frozen=True)
class Listing:
    """What one stat walk over the directories saw, and a digest of it (a fingerprint that
    moves with any file's name, size or mtime)."""

    directories: tuple[str, ...]
    entries: tuple[Listed, ...]
    digest: str


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

    def listing(self, directories: Iterable[Path]) -> Listing:
        """One stat walk: every file's name, size and mtime, and their digest."""
        dirs = [Path(d) for d in directories]
        listed: list[Listed] = []
        for root in dirs:
            if not root.is_dir():
                missing = FileError(source=str(root), message="no such knowledge directory")
                listed.append((str(root), missing))
                continue
            key = str(root)
            listed.extend((key, entry) for entry in scan(root))
        files = [e for _, e in listed if isinstance(e, FileEntry)]
        digest = hashlib.sha256()
        for text in (
            "\0".join(k for k, _ in listed),
            "\0".join(e.source for e in files),
            "\0".join(e.problem for e in files if e.problem),
            "\0".join(e.message for _, e in listed if isinstance(e, FileError)),
        ):
            digest.update(text.encode("utf-8", "surrogateescape") + b"\1")
        digest.update(array("q", [e.size for e in files]).tobytes())
        digest.update(array("q", [e.mtime_ns for e in files]).tobytes())
        return Listing(tuple(str(d) for d in dirs), tuple(listed), digest.hexdigest())

    def read(self, directories: Iterable[Path], listing: Listing | None = None) -> Corpus:
        """Every knowledge file under the directories, as `load_directories` reads them.

        `listing`, when the caller just took one (to compare fingerprints), saves the walk."""
        dirs = [Path(d) for d in directories]
        with self._lock:
            if listing is None or listing.directories != tuple(str(d) for d in dirs):
                listing = self.listing(dirs)
            return self._read(listing.entries)

    def _read(self, listed: Sequence[Listed]) -> Corpus:
        cache = self._cache
        keys: list[tuple[str, str] | None] = []  # cache key per listed entry (None: an error)
        stale: list[tuple[tuple[str, str], FileEntry]] = []
        for key, entry in listed:
            if isinstance(entry, FileError):
                keys.append(None)
                continue
            cache_key = (key, entry.source)
            keys.append(cache_key)
            cached = cache.get(cache_key)
            if cached is None or cached[0] != (entry.size, entry.mtime_ns):
                stale.append((cache_key, entry))
        fresh = self._parse([entry for _, entry in stale])
        new_errors: list[FileError] = []
        for (cache_key, entry), (postings, faq, errors) in zip(stale, fresh, strict=True):
            # Tuples, and one shared empty tuple: 100,000 files, 100,000 empty lists saved.
            result = (tuple(postings), tuple(faq) or _NONE, tuple(errors) or _NONE)
            cache[cache_key] = ((entry.size, entry.mtime_ns), result)  # type: ignore[assignment]
            new_errors.extend(result[2])
        listed_files = len(keys) - keys.count(None)
        if len(cache) != listed_files:  # files went away: forget them
            present = set(keys)
            for gone in [k for k in cache if k not in present]:
                del cache[gone]
        self.parsed_last = len(stale)
        results: list[FileResult] = []
        for cache_key, (_, entry) in zip(keys, listed, strict=True):
            if cache_key is None:
                results.append(((), (), (entry,)))  # type: ignore[arg-type]
                new_errors.append(entry)  # type: ignore[arg-type]
            else:
                results.append(cache[cache_key][1])
        log_errors(new_errors)
        return assemble(results)

    def _parse(self, entries: list[FileEntry]) -> list[FileResult]:
        if len(entries) < self.parallel_threshold or self.workers < 2:
            return [read_entry(entry) for entry in progress.track(entries, READING)]
        chunks = [entries[i : i + _CHUNK] for i in range(0, len(entries), _CHUNK)]
        try:
            # fork is quick and re-imports nothing, but is unsafe once other threads run (a
            # lock held by one of them stays held in the child): then forkserver.
            alone = threading.active_count() == 1
            context = get_context("fork" if alone else "forkserver")
            with (
                ProcessPoolExecutor(self.workers, mp_context=context) as pool,
                progress.counting(READING, len(entries)) as advance,
            ):
                results: list[FileResult] = []
                for chunk in pool.map(_read_chunk, chunks):
                    results.extend(chunk)
                    advance(len(chunk))
                return results
        except (OSError, RuntimeError, ValueError) as exc:  # no processes here: read in-process
            log.warning("parallel read unavailable (%s); reading in this process", exc)
            return [read_entry(entry) for entry in entries]


def load_directories(directories: Iterable[Path]) -> Corpus:
    """Every knowledge file under the directories; each bad file becomes a `FileError`.

    Ids must be unique across all directories: a later file reusing an id is reported
    rather than silently replacing the earlier one. One-off; a `KnowledgeReader` kept between
    reads re-parses only the files that changed."""
    return KnowledgeReader().read(directories)
