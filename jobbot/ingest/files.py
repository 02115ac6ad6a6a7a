"""The file-system edge of ingestion: walking knowledge directories and decoding files.

Every problem with a file (unreadable, binary, not UTF-8, malformed front matter, a link
leading out of the knowledge directory, a pipe or device) becomes a `FileError` naming the
file and the reason; the other files still load. Names are shown escaped in logs, so a
newline in a file name cannot forge a log line.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import hashlib
import logging
import os
import re
import stat
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, TypeVar

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.parse import SUFFIXES, parse_text
from jobbot.ingest.text import escape_name
from jobbot.models import Corpus, FAQEntry, FileError, Posting

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT", Posting, FAQEntry)

MAX_FILE_BYTES = 2 * 1024 * 1024
_CHUNK = 4096  # entries per part of a walk's digest
_SUFFIX_LIST = ", ".join(sorted(SUFFIXES))
FileResult = tuple[list[Posting], list[FAQEntry], list[FileError]]


class FileEntry(NamedTuple):
    """One file found under a knowledge directory, as the walk saw it (a tuple: a walk over
    100,000 files makes 100,000 of them)."""

    path: str
    source: str  # path relative to the knowledge directory, with `/`
    size: int = 0
    mtime_ns: int = 0
    problem: str | None = None  # why it will not be read, when it will not

    @property
    def stamp(self) -> tuple[int, int]:
        """What says the file changed: its size and modification time."""
        return self.size, self.mtime_ns


def scan(root: Path) -> list[FileEntry]:
    """Every visible file under `root` (hidden files and folders such as `.git/` skipped),
    sorted by path. Links are followed only while they stay inside `root`; a link leading out
    of it, a link to a folder, a pipe or a device is listed with the reason it is not read."""
    return list(walk(str(root)).entries)


def _source(entry: FileEntry) -> str:
    return entry.source


Folder = tuple[list[str], list[FileEntry | None]] | FileEntry
"""A folder as last walked: the names it listed, in the order it listed them, with each
one's entry (None: hidden, or a subfolder); or the entry saying why it could not be listed."""


@dataclass(frozen=True)
class Walk:
    """One directory as a walk saw it: its files sorted by path, a digest that moves with any
    file's name, size or mtime, and each folder's listing (what the next walk compares with)."""

    entries: tuple[FileEntry, ...]
    digest: str
    folders: dict[str, Folder]
    chunks: tuple[bytes, ...] = ()  # the digest's parts, so an edit re-digests one part


def _chunk_digest(entries: Sequence[FileEntry]) -> bytes:
    digest = hashlib.sha256()
    for text in (
        "\0".join([e.source for e in entries]),
        "\0".join([e.problem for e in entries if e.problem]),
    ):
        digest.update(text.encode("utf-8", "surrogateescape") + b"\1")
    digest.update(array("q", [e.size for e in entries]).tobytes())
    digest.update(array("q", [e.mtime_ns for e in entries]).tobytes())
    return digest.digest()


def _digests(
    entries: Sequence[FileEntry],
    previous: tuple[bytes, ...] = (),
    changed: Iterable[int] | None = None,
) -> tuple[bytes, ...]:
    """A digest per `_CHUNK` consecutive entries; with `changed` positions, only their
    chunks are digested again (the rest are `previous`: the same paths in the same places)."""
    if changed is None:
        return tuple(_chunk_digest(entries[i : i + _CHUNK]) for i in range(0, len(entries), _CHUNK))
    chunks = list(previous)
    for c in {i // _CHUNK for i in changed}:
        chunks[c] = _chunk_digest(entries[c * _CHUNK : (c + 1) * _CHUNK])
    return tuple(chunks)


def _combined(chunks: tuple[bytes, ...]) -> str:
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def walk(root: str, previous: Walk | None = None) -> Walk:
    """Every visible file under `root`, as `scan` lists them.

    With the `previous` walk of the same directory, each file is still stat-ed (an edit in
    place moves only the file's own mtime, not its folder's), but one whose size and mtime
    did not move keeps its entry; a folder listing the same names in the same order is
    matched position by position. When nothing moved, the previous entries and digest are
    returned as they are; when a few files were edited, they are swapped in place."""
    walker = _Walker(root, previous)
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        mark = (len(stack), len(walker.found), len(walker.swapped), walker.added)
        try:
            walker.folder(folder, prefix, stack)
        except OSError as exc:  # the folder cannot be listed (or stopped half way): its entry
            del stack[mark[0] :], walker.found[mark[1] :], walker.swapped[mark[2] :]
            walker.added = mark[3]
            walker.note(FileEntry(folder, prefix.rstrip("/") or ".", problem=_os(exc)), folder)
    return _walked(previous, walker.found, walker.swapped, walker.added, walker.folders)


class _Walker:
    """The state of one walk: what it found, and how that differs from the previous walk."""

    def __init__(self, root: str, previous: Walk | None) -> None:
        self.root = root
        self.before = previous.folders if previous is not None else {}
        self.folders: dict[str, Folder] = {}
        self.found: list[FileEntry] = []
        self.swapped: list[tuple[FileEntry, FileEntry]] = []  # (old, new): an edited file
        self.added = 0  # entries with no earlier one of the same path
        self._base: Path | None = None

    def note(
        self, new: FileEntry, folder: str | None = None, old: FileEntry | None = None
    ) -> FileEntry:
        """Record an entry that is not simply the old one unchanged; a folder that cannot be
        listed is recorded as that folder's entry."""
        if folder is not None:
            last = self.before.get(folder)
            old = last if isinstance(last, FileEntry) else None
            self.folders[folder] = new
        if new == old:
            new = old  # type: ignore[assignment]
        elif old is None:
            self.added += 1
        else:
            self.swapped.append((old, new))
        self.found.append(new)
        return new

    def folder(self, folder: str, prefix: str, stack: list[tuple[str, str]]) -> None:
        last = self.before.get(folder)
        last_names, last_entries = last if isinstance(last, tuple) else ((), ())
        names: list[str] | None = None  # collected once the listing departs from the last
        known: dict[str, FileEntry | None] = {}
        kept: list[FileEntry | None] = []
        found, note, is_regular = self.found, self.note, stat.S_ISREG
        with os.scandir(folder) as items:
            for i, item in enumerate(items):
                name = item.name
                if names is None and i < len(last_names) and last_names[i] == name:
                    old = last_entries[i]
                else:
                    if names is None:
                        names = list(last_names[:i])
                        known = dict(zip(last_names, last_entries, strict=True))
                    names.append(name)
                    old = known.get(name)
                if name.startswith("."):
                    kept.append(None)
                    continue
                try:
                    if old is not None and item.is_file(follow_symlinks=False):
                        info = item.stat(follow_symlinks=False)
                        # Unchanged: the same regular file, size and mtime. (An entry with
                        # neither size nor mtime is an error or a pipe: always looked at.)
                        if (
                            old.mtime_ns == info.st_mtime_ns
                            and old.size == info.st_size
                            and (old.size or old.mtime_ns)
                            and is_regular(info.st_mode)
                        ):
                            found.append(old)
                            kept.append(old)
                            continue
                        new = _entry(item.path, prefix + name, info, name)
                    elif item.is_symlink():
                        self._base = self._base or Path(os.path.realpath(self.root))
                        new = _linked(item.path, prefix + name, self._base)
                    elif item.is_dir(follow_symlinks=False):
                        stack.append((item.path, prefix + name + "/"))
                        kept.append(None)
                        continue
                    else:
                        info = item.stat(follow_symlinks=False)
                        new = _entry(item.path, prefix + name, info, name)
                except OSError as exc:
                    new = FileEntry(item.path, prefix + name, problem=_os(exc))
                kept.append(note(new, old=old))
        if names is None:  # the last listing, or the start of it (the rest went away)
            names = last_names if len(kept) == len(last_names) else list(last_names[: len(kept)])
        self.folders[folder] = (names, kept)  # type: ignore[assignment]


def _walked(
    previous: Walk | None,
    found: list[FileEntry],
    swapped: list[tuple[FileEntry, FileEntry]],
    added: int,
    folders: dict[str, Folder],
) -> Walk:
    """The walk's result, reusing as much of the previous one as still holds."""
    if previous is not None and not added and len(found) == len(previous.entries):
        # The same paths as before (none new, none gone): at most a few files edited.
        if not swapped:
            return replace(previous, folders=folders)
        if len(swapped) <= 1024:
            entries = list(previous.entries)
            places = []
            for old, new in swapped:
                places.append(bisect.bisect_left(entries, old.source, key=_source))
                entries[places[-1]] = new
            chunks = _digests(entries, previous.chunks, places)
            return Walk(tuple(entries), _combined(chunks), folders, chunks)
    found.sort(key=_source)
    chunks = _digests(found)
    return Walk(tuple(found), _combined(chunks), folders, chunks)


def _os(exc: OSError) -> str:
    return f"cannot read the file: {exc.strerror or exc}"


def _linked(path: str, source: str, base: Path) -> FileEntry:
    """A symbolic link: read through only when its target stays inside the directory."""
    target = Path(os.path.realpath(path))
    if target != base and base not in target.parents:
        return FileEntry(
            path, source, problem="a link to outside the knowledge directory; not read"
        )
    info = os.stat(target)
    if stat.S_ISDIR(info.st_mode):
        return FileEntry(
            path, source, problem="a link to a folder; not followed (its files are read where "
            "they are)"
        )  # fmt: skip
    return _entry(path, source, info)


def _entry(path: str, source: str, info: os.stat_result, name: str = "") -> FileEntry:
    if not stat.S_ISREG(info.st_mode):
        return FileEntry(path, source, problem="not a regular file (a pipe, socket or device)")
    name = name or os.path.basename(path)
    dot = name.rfind(".")
    problem = None
    if dot <= 0 or name[dot:].lower() not in SUFFIXES:
        problem = f"not read: only {_SUFFIX_LIST} files hold knowledge"
    elif info.st_size > MAX_FILE_BYTES:
        problem = (
            f"too large for a knowledge file ({info.st_size // 1024} KiB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB)"
        )
    return FileEntry(path, source, info.st_size, info.st_mtime_ns, problem)


_make = FileEntry._make


def knowledge_files(root: Path) -> Iterator[Path]:
    """The knowledge files under `root` that will be read, in a stable order."""
    return (Path(entry.path) for entry in scan(root) if entry.problem is None)


def decode(data: bytes) -> str:
    """Bytes as text, or `DocumentError` explaining why they are not a text file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError("starts like UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in data:
        raise DocumentError("binary data (contains NUL bytes), not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data)
        if declared is not None:
            with contextlib.suppress(UnicodeDecodeError):
                return data.decode(declared)
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save the file as UTF-8"
        ) from None


_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """The encoding a page declares near its top (`<meta charset="windows-1252">`, an XML
    declaration), when Python knows it; a page saved from a browser is read as it says."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def read_entry(entry: FileEntry) -> FileResult:
    """One listed file's postings, FAQ entries and errors."""
    source = entry.source
    if entry.problem is not None:
        return [], [], [FileError(source=source, message=entry.problem)]
    try:
        with open(entry.path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError(
                f"too large for a knowledge file (over {MAX_FILE_BYTES // 1024 // 1024} MiB)"
            )
        if not data.strip():
            raise DocumentError("the file is empty")
        parsed = parse_text(decode(data), source, hashlib.sha256(data).hexdigest()[:16])
    except DocumentError as exc:
        return [], [], [FileError(source=source, message=str(exc))]
    except OSError as exc:
        return [], [], [FileError(source=source, message=_os(exc))]
    except RecursionError:
        return [], [], [FileError(source=source, message="nested too deeply to read")]
    errors = [FileError(source=source, message=message) for message in parsed.errors]
    return parsed.postings, parsed.faq, errors


def load_file(path: Path, root: Path) -> FileResult:
    """One file's postings, FAQ entries and errors; for loading everything or one changed file.

    The same rules as a directory walk: a link out of `root` or a pipe is refused by name."""
    path, root = Path(path), Path(root)
    source = path.relative_to(root).as_posix()
    try:
        if path.is_symlink():
            entry = _linked(str(path), source, Path(os.path.realpath(root)))
        else:
            entry = _entry(str(path), source, os.stat(path))
    except OSError as exc:
        return [], [], [FileError(source=source, message=_os(exc))]
    if entry.problem and entry.problem.startswith("not read: only"):
        entry = entry._replace(problem=None)  # asked for by name: read it
    return read_entry(entry)


def assemble(results: Sequence[FileResult]) -> Corpus:
    """One corpus from per-file results in order, the first of each id winning.

    Runs on every reload: when no id is used twice (the usual case), it is three flat
    concatenations and one set of ids, with no per-posting work beyond that."""
    postings = [posting for result in results for posting in result[0]]
    faq = [entry for result in results if result[1] for entry in result[1]]
    if len({posting.id for posting in postings}) == len(postings) and len(
        {entry.id for entry in faq}
    ) == len(faq):
        corpus = Corpus()
        corpus.postings.extend(postings)
        corpus.faq.extend(faq)
        corpus.errors.extend(error for result in results if result[2] for error in result[2])
        return corpus
    corpus = Corpus()
    postings_out, faq_out, errors_out = corpus.postings, corpus.faq, corpus.errors
    posting_ids: dict[str, str] = {}
    faq_ids: dict[str, str] = {}
    for postings, faq, errors in results:
        if errors:
            errors_out.extend(errors)
        for posting in postings:
            if posting.id in posting_ids:
                errors_out.append(_reused(posting, posting_ids))
            else:
                posting_ids[posting.id] = posting.source
                postings_out.append(posting)
        if faq:
            faq_out.extend(first_of_each_id(faq, faq_ids, errors_out))
    return corpus


def _reused(item: Posting | FAQEntry, seen: dict[str, str]) -> FileError:
    message = f"id {item.id!r} is already used by {seen[item.id]}; skipped"
    return FileError(source=item.source, message=message)


def log_errors(errors: Sequence[FileError]) -> None:
    for error in errors:
        log.warning(
            "knowledge file %s skipped: %s", escape_name(error.source), escape_name(error.message)
        )


def first_of_each_id(
    items: Sequence[ItemT], seen: dict[str, str], errors: list[FileError]
) -> list[ItemT]:
    """Items whose id is new; a reused id becomes an error naming the file that has it."""
    kept: list[ItemT] = []
    for item in items:
        if item.id in seen:
            errors.append(_reused(item, seen))
            continue
        seen[item.id] = item.source
        kept.append(item)
    return kept
