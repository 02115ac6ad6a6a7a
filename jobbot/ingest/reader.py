"""Reading knowledge directories again and again, parsing only what changed.

A running bot re-reads its knowledge whenever a file changes; at 100,000 postings parsing
everything again takes minutes, re-listing the files well under a second. `KnowledgeReader`
keeps each file's result with the (size, modification time) it was read at and parses a file
again only when those moved, so one edited file costs one parse. A first read with many files
is split across processes (both cores of a small server), each file parsed exactly as alone.

The listing itself is a stat of every file on every look: that is the only portable way to see
a file edited in place (its folder's mtime does not move). The walk (`files.walk`) keeps the
previous listing and reuses each unchanged file's entry, so an idle look costs the stat calls
and little else, and the results of the last read are matched to the new entries by identity.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from jobbot import progress
from jobbot.ingest.files import FileEntry, FileResult, Walk, assemble, log_errors, read_entry, walk
from jobbot.models import Corpus, FileError, Posting, Salary, YearsRange

log = logging.getLogger(__name__)

_NONE: tuple[()] = ()
READING = "reading knowledge files"
PARALLEL_THRESHOLD = 400  # fewer files than this parse faster in-process
_CHUNK = 200
_SHARED_LIMIT = 100_000  # distinct salaries / experience ranges remembered for sharing


def default_workers() -> int:
    """Processes for a cold read: every core this process may use, at most eight."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _read_chunk(entries: list[FileEntry]) -> list[FileResult]:
    return [read_entry(entry) for entry in entries]


@dataclass(frozen=True)
class Listing:
    """What one look over the directories saw (per directory, its walk or why it is missing),
    and a digest of it all: the fingerprint."""

    directories: tuple[str, ...]
    found: tuple[Walk | FileError, ...]
    digest: str


def _reuse(
    entries: Sequence[FileEntry],
    before: Sequence[FileEntry],
    results: Sequence[FileResult],
) -> list[FileResult | None]:
    """The earlier result of each entry still valid (same path, size and mtime), else None.

    Entries the walk kept are the very same objects, usually in the same places: compared
    by identity first, by path only where that fails."""
    if entries is before:
        return list(results)
    out: list[FileResult | None] = [
        result if entry is old else None
        for entry, old, result in zip(entries, before, results, strict=False)
    ]
    out.extend([None] * (len(entries) - len(out)))
    by_path: dict[str, int] | None = None
    for i in [i for i, result in enumerate(out) if result is None]:
        entry = entries[i]
        if i < len(before) and before[i].source == entry.source:
            if before[i] == entry:
                out[i] = results[i]
            continue  # the same file, edited
        if by_path is None:
            by_path = {old.source: j for j, old in enumerate(before)}
        j = by_path.get(entry.source)
        if j is not None and before[j] == entry:
            out[i] = results[j]
    return out


class _Shared:
    """One object for equal small values across postings (a salary range, an experience
    range, a skill's spelling): postings parsed in other processes arrive with copies of
    each, and 100,000 postings hold a few thousand distinct ones. Postings are read-only once
    read (the index holds them), so sharing a `Salary` between two of them is safe."""

    def __init__(self) -> None:
        self._salaries: dict[tuple[object, ...], Salary] = {}
        self._years: dict[tuple[object, ...], YearsRange] = {}

    def posting(self, posting: Posting) -> None:
        values = posting.__dict__
        intern = sys.intern
        for name in ("title", "company", "location", "department", "seniority"):
            value = values[name]
            if value is not None and len(value) <= 80:
                values[name] = intern(value)
        for name in ("skills", "workplace", "employment_type"):
            items = values[name]
            for i, item in enumerate(items):
                items[i] = intern(item)
        salary = values["salary"]
        if salary is not None:
            values["salary"] = self._one(self._salaries, salary)
        years = values["experience_years"]
        if years is not None:
            values["experience_years"] = self._one(self._years, years)

    @staticmethod
    def _one(seen: dict, value: Salary | YearsRange) -> Salary | YearsRange:  # type: ignore[type-arg]
        key = (*value.__dict__.values(), frozenset(value.__pydantic_fields_set__))
        shared = seen.get(key)
        if shared is None:
            if len(seen) >= _SHARED_LIMIT:
                seen.clear()
            seen[key] = shared = value
        return shared


class KnowledgeReader:
    """Reads directories into a `Corpus`, memoising each file by its (size, mtime).

    Safe to share between threads (the watcher and the scheduler): looks and reads are
    serialised.
    """

    def __init__(
        self, *, workers: int | None = None, parallel_threshold: int = PARALLEL_THRESHOLD
    ) -> None:
        self.workers = default_workers() if workers is None else max(1, workers)
        self.parallel_threshold = parallel_threshold
        self._walks: dict[str, Walk] = {}
        # Per directory: the entries last read, and what each held.
        self._cache: dict[str, tuple[tuple[FileEntry, ...], list[FileResult]]] = {}
        self._shared = _Shared()
        self._lock = threading.Lock()
        self.parsed_last = 0  # how many files the last `read` parsed (the rest were reused)

    def listing(self, directories: Iterable[Path]) -> Listing:
        """One look: every file's name, size and mtime, and their digest."""
        with self._lock:
            return self._listing([Path(d) for d in directories])

    def _listing(self, dirs: Sequence[Path]) -> Listing:
        found: list[Walk | FileError] = []
        digest = hashlib.sha256()
        for root in dirs:
            key = str(root)
            if not root.is_dir():
                found.append(FileError(source=key, message="no such knowledge directory"))
                self._walks.pop(key, None)
                part = f"missing\0{key}"
            else:
                found.append(walked := walk(key, self._walks.get(key)))
                self._walks[key] = walked
                part = f"{key}\0{walked.digest}"
            digest.update(part.encode("utf-8", "surrogateescape") + b"\1")
        for gone in set(self._walks) - {str(d) for d in dirs}:
            del self._walks[gone]
        return Listing(tuple(str(d) for d in dirs), tuple(found), digest.hexdigest())

    def read(
        self,
        directories: Iterable[Path],
        listing: Listing | None = None,
        *,
        origin: str | None = None,
    ) -> Corpus:
        """Every knowledge file under the directories, as `load_directories` reads them.

        `listing`, when the caller just took one (to compare fingerprints), saves the walk.
        `origin` is set on every posting parsed (the source's key): a caller that always
        passes the same one finds it on every posting."""
        dirs = [Path(d) for d in directories]
        with self._lock:
            if listing is None or listing.directories != tuple(str(d) for d in dirs):
                listing = self._listing(dirs)
            return self._read(listing, origin)

    def _read(self, listing: Listing, origin: str | None) -> Corpus:
        results: list[FileResult | None] = []
        new_errors: list[FileError] = []
        spans: list[tuple[str, tuple[FileEntry, ...], int]] = []  # directory, entries, start
        stale: list[tuple[int, FileEntry]] = []  # (place in `results`, entry to parse)
        for key, part in zip(listing.directories, listing.found, strict=True):
            if isinstance(part, FileError):
                results.append(((), (), (part,)))  # type: ignore[arg-type]
                new_errors.append(part)
                continue
            start = len(results)
            reused = _reuse(part.entries, *self._cache.get(key, ((), [])))
            stale.extend((start + i, part.entries[i]) for i, r in enumerate(reused) if r is None)
            spans.append((key, part.entries, start))
            results.extend(reused)
        fresh = self._parse([entry for _, entry in stale])
        share = self._shared.posting
        for (at, _), (postings, faq, errors) in zip(stale, fresh, strict=True):
            for posting in postings:
                share(posting)
                if origin is not None:
                    posting.origin = origin
            # Tuples, and one shared empty tuple: 100,000 files, 100,000 empty lists saved.
            result = (tuple(postings), tuple(faq) or _NONE, tuple(errors) or _NONE)
            results[at] = result  # type: ignore[assignment]
            new_errors.extend(result[2])
        # Directories not read this time are forgotten.
        self._cache = {
            key: (files, results[start : start + len(files)])  # type: ignore[misc]
            for key, files, start in spans
        }
        self.parsed_last = len(stale)
        log_errors(new_errors)
        return assemble(results)  # type: ignore[arg-type]

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
